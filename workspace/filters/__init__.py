"""django-filter classes of the workspace, by domain."""
