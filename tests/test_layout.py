"""The layout shows the architecture: no import cycle among the portal's modules, and no view module used as a
library (views import shared parts, never each other)."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wizard"



def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The portal's modules this one imports when it is loaded (imports inside functions run later: not counted)."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in modules and m != name}


def _has_routes(path: Path) -> bool:
    text = path.read_text()
    return "@bp.route(" in text or "@bp.get(" in text or "@bp.post(" in text


def test_no_module_of_the_portal_imports_itself_back_through_others():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    # a package's __init__ importing its own view modules at the bottom (to register routes) is the one exception
    for name in graph:
        graph[name] = {m for m in graph[name] if not (m.startswith(name + ".") and modules[name].name == "__init__.py")}
    cycles = []

    def visit(node, trail):
        for nxt in graph[node]:
            if nxt in trail:
                cycles.append(trail[trail.index(nxt):] + [nxt])
            elif len(trail) < 12:
                visit(nxt, trail + [nxt])

    for start in graph:
        visit(start, [start])
    assert cycles == []


def test_no_view_module_is_imported_by_another_module():
    modules = _modules()
    views = {name for name, path in modules.items() if path.name != "__init__.py" and _has_routes(path)}
    offenders = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for imported in _imports(name, path, modules) & views:
            if not (path.name == "__init__.py" and imported.startswith(package + ".")):
                offenders.append(f"{name} -> {imported}")
    assert offenders == []
