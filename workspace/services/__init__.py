"""Every change the workspace makes, by domain; the views parse, check, call and render."""
