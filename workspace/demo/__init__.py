"""The demo network and its content (``manage.py load_demo``); each module's ``load``
is an ``entraide_demo_loaders`` hook."""
