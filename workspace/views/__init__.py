"""The workspace's views, by domain; each parses, checks (``workspace.permissions``), calls a
service and renders."""
