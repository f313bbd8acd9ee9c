"""How the code is laid out: moving code never changes what the site answers.

The URL map is compared with ``tests/url_map.txt``, written before the code was reorganised by
layer and domain: every name (with its namespace) and its full pattern, for the top level and
every app of the project. Wagtail's own URL maps (admin, documents, page serving) are listed by
their prefix and module only: they belong to Wagtail and change with its releases.
"""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[1]
URL_MAP = Path(__file__).with_name("url_map.txt")
OUR_PACKAGES = ("entraide", "workspace", "minutes", "practices")


def _is_ours(module_name):
    return module_name.split(".")[0] in OUR_PACKAGES


def url_map():
    """One line per URL pattern, in resolution order: ``namespace:name  route  kwargs``."""
    lines = []

    def walk(patterns, prefix, namespaces):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                module = getattr(entry.urlconf_module, "__name__", None)
                if module and not _is_ours(module):
                    lines.append(f"[include {module}]  {route}")
                    continue
                walk(
                    entry.url_patterns,
                    route,
                    namespaces + ([entry.namespace] if entry.namespace else []),
                )
            elif isinstance(entry, URLPattern):
                name = ":".join([*namespaces, entry.name or "(unnamed)"])
                kwargs = f"  {sorted(entry.default_args.items())}" if entry.default_args else ""
                lines.append(f"{name}  {route}{kwargs}")

    walk(get_resolver().url_patterns, "", [])
    return lines


def test_url_map_is_unchanged():
    expected = URL_MAP.read_text().splitlines()
    assert url_map() == expected
