"""The workspace's forms, by domain."""
