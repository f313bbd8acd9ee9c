"""How the code is laid out: by layer, then domain, with Wagtail hooks as the only plug-in points.

- Moving code never changes what the site answers: the URL map is compared with
  ``tests/url_map.txt``, written before the code was reorganised by layer and domain: every
  name (with its namespace) and its full pattern, for the top level and every app of the
  project. Wagtail's own URL maps (admin, documents, page serving) are listed by their prefix
  and module only: they belong to Wagtail and change with its releases.
- No import cycle between the project's modules (module-level imports), and an import inside
  a function only with a comment that says why (a real cycle, or the app registry).
- Modules are named by layer and domain; plug-in points are Wagtail hooks, each read,
  registered and documented in ``docs/hooks.md``; no module-level registry.
"""

import ast
import io
import tokenize
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


# --- Imports --------------------------------------------------------------------------------

# Folder → the package it is imported as (``site/`` is ``entraide``: see pyproject.toml).
PACKAGES = {
    "site": "entraide",
    "workspace": "workspace",
    "minutes": "minutes",
    "practices": "practices",
}


def project_modules():
    """{module name: path} of every module of the project, migrations aside (frozen history)."""
    modules = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((package, *parts))] = path
    return modules


def _is_package(path):
    return path.name == "__init__.py"


def _module_level_imports(tree):
    """Import statements that run when the module is imported (not inside a function)."""
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            visit(child)

    visit(tree)
    return found


def _function_level_imports(tree):
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            visit(child, inside)

    visit(tree, False)
    return found


def _targets(node, module, is_package, modules):
    """The project modules an import statement of ``module`` loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            if not is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module
        names = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
    targets = set()
    for name in names:
        # ``import a.b.c`` and ``from a.b import c`` run every package on the way.
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            if candidate in modules and not module.startswith(candidate + "."):
                targets.add(candidate)
    targets.discard(module)
    return targets


def import_graph():
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), str(path))
        edges = set()
        for node in _module_level_imports(tree):
            edges |= _targets(node, module, _is_package(path), modules)
        graph[module] = edges
    return graph


def import_cycles(graph):
    """Every strongly connected group of more than one module (Tarjan), as sorted lists."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def connect(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return cycles


def test_no_import_cycle_between_the_projects_modules():
    cycles = import_cycles(import_graph())
    assert not cycles, "Import cycles (module-level imports):\n" + "\n".join(
        " ↔ ".join(group) for group in cycles
    )


def _commented_lines(source):
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and not token.string.lstrip("# ").startswith("noqa"):
            lines.add(token.start[0])
    return lines


def function_level_imports():
    """[(path, line, reason or None)] for every import inside a function of the project."""
    found = []
    for path in project_modules().values():
        source = path.read_text()
        commented = _commented_lines(source)
        lines = source.splitlines()
        for node in _function_level_imports(ast.parse(source, str(path))):
            where = [n for n in (node.lineno, node.lineno - 1) if n in commented]
            reason = lines[where[0] - 1].split("#", 1)[1].strip() if where else None
            found.append((path.relative_to(ROOT), node.lineno, reason))
    return sorted(found)


def test_every_function_level_import_says_why():
    """Imports belong at the top of the module; one inside a function is there only because a
    real cycle forces it, and a comment on its line (or the line above) says which."""
    silent = [f"{path}:{line}" for path, line, reason in function_level_imports() if not reason]
    assert not silent, "Function-level imports without a reason:\n" + "\n".join(silent)


# --- Names and plug-in points ---------------------------------------------------------------

HOOKS_DOC = ROOT / "docs" / "hooks.md"
# Module names that said something else than what they held, and the suffixes of a layer
# split by file name instead of by package (``views_meetings.py``).
MISLEADING = {"events.py", "extensions.py", "setup.py"}
SUFFIXED = ("views_", "forms_", "urls_", "demo_", "services_", "models_")
# The hand-written registries that Wagtail hooks replaced.
OLD_REGISTRIES = {"HANDLERS", "PROVIDERS", "FOLLOWABLE", "TARGETS", "CLOSE_HOOKS", "OUTCOME_LINKS"}
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add"}


def test_modules_are_named_by_layer_and_domain():
    wrong = [
        str(path.relative_to(ROOT))
        for path in project_modules().values()
        if path.name.startswith(SUFFIXED) or path.name in MISLEADING
    ]
    assert not wrong, wrong


def _module_globals(tree):
    """{name: value node} of the names a module binds at its top level."""
    bound = {}
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, (ast.AnnAssign, ast.AugAssign))
            else []
        )
        for target in targets:
            if isinstance(target, ast.Name):
                bound[target.id] = node.value
    return bound


def _is_container(value):
    if isinstance(value, (ast.List, ast.Dict, ast.Set)):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in ("list", "dict", "set", "defaultdict", "OrderedDict")
    )


def _mutated_names(tree):
    """Names (``X``) and attributes (``module.X``) changed in place inside functions."""
    names = set()

    def subject(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return node.attr
        return None

    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATORS
            ):
                names.add(subject(node.func.value))
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Subscript):
                        names.add(subject(target.value))
    names.discard(None)
    return names


def test_no_registry_outside_wagtail_hooks():
    """No module-level list or dictionary that functions fill: plug-in points are hooks."""
    trees = {module: ast.parse(path.read_text()) for module, path in project_modules().items()}
    mutated = set().union(*(_mutated_names(tree) for tree in trees.values()))
    old, filled = [], []
    for module, tree in trees.items():
        for name, value in _module_globals(tree).items():
            if name in OLD_REGISTRIES:
                old.append(f"{module}.{name}")
            elif _is_container(value) and name in mutated:
                filled.append(f"{module}.{name}")
    assert not old, f"Registries replaced by Wagtail hooks are back: {old}"
    assert not filled, f"Module-level containers filled at run time: {filled}"


def _hook_names(call_name):
    """{hook name: [module]} of the ``entraide_…`` names given to ``hooks.<call_name>(…)``."""
    found = {}
    for module, path in project_modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == call_name
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "hooks"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).startswith("entraide_")
            ):
                found.setdefault(node.args[0].value, []).append(module)
    return found


def test_every_hook_is_read_registered_and_documented():
    read, registered = _hook_names("get_hooks"), _hook_names("register")
    assert read, "no entraide_ hook is read"
    assert set(read) == set(registered), {
        "read, never registered": sorted(set(read) - set(registered)),
        "registered, never read": sorted(set(registered) - set(read)),
    }
    doc = HOOKS_DOC.read_text()
    undocumented = [name for name in read if f"## `{name}`" not in doc]
    assert not undocumented, f"Hooks missing from docs/hooks.md: {undocumented}"
    # Each hook is registered from a wagtail_hooks module.
    elsewhere = {
        name: modules
        for name, modules in registered.items()
        if any(not module.endswith(".wagtail_hooks") for module in modules)
    }
    assert not elsewhere, elsewhere
