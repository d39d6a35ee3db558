"""The layers the guide fixes, checked on the source: no Qt below ui/, no SQL in ui/, the command
line calls models/ (not importers/), ui/ is a package per feature (no re-export shims) mirrored by
tests/ui/, ui/ imports no cycle, and only the Session emits its own signals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SESSION_SIGNALS = {
    "articleOpened",
    "annotationsChanged",
    "annotationSelected",
    "libraryChanged",
    "currentColorChanged",
    "tagsChanged",
    "writeFailed",
    "openFailed",
}


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(*packages: str) -> dict[str, ast.Module]:
    return {
        _module(path): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for package in packages
        for path in sorted((REPO / package).rglob("*.py"))
    }


def _imports(tree: ast.Module) -> set[str]:
    """Every module named by an import anywhere in the file (TYPE_CHECKING and lazy ones too:
    a cycle hidden behind either is still a cycle for the reader)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("package", ["models", "importers"])
def test_no_qt_below_the_ui(package: str) -> None:
    for name, tree in _sources(package).items():
        qt = {m for m in _imports(tree) if m.split(".")[0] in ("PySide6", "qtawesome", "ui")}
        assert not qt, f"{name} imports {sorted(qt)}"


def test_the_command_line_calls_models_not_importers() -> None:
    commands = {n: t for n, t in _sources("ui").items() if n.startswith("ui.cli")}
    assert "ui.cli" in commands and "ui.cli_import" in commands
    for name, tree in commands.items():
        below = {m for m in _imports(tree) if m.split(".")[0] in ("importers", "PySide6")}
        assert not below, f"{name} imports {sorted(below)}"


def test_the_ui_holds_no_sql() -> None:
    """Widgets call the Session and the CLI calls models/: no driver, no tables, no queries."""
    for name, tree in _sources("ui").items():
        sql = {m for m in _imports(tree) if m.split(".")[0] in ("peewee", "playhouse", "sqlite3")}
        sql |= {m for m in _imports(tree) if m in ("models.schema", "models.search_sql")}
        assert not sql, f"{name} imports {sorted(sql)}"
        calls = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not calls & {"execute_sql", "atomic"}, name


def test_the_ui_is_a_package_per_feature_mirrored_by_the_tests() -> None:
    """Beside the packages only the command line's modules; a package's __init__ says what it
    holds and re-exports nothing (no shims); tests/ui/ has a folder per package."""
    ui = REPO / "ui"
    loose = sorted(p.name for p in ui.glob("*.py") if p.name != "__init__.py")
    assert loose and all(name.startswith("cli") for name in loose), loose
    packages = sorted(p for p in ui.iterdir() if (p / "__init__.py").is_file())
    assert len(packages) >= 10
    for package in packages:
        body = ast.parse((package / "__init__.py").read_text(encoding="utf-8")).body
        assert len(body) == 1 and isinstance(body[0], ast.Expr), f"{package.name}/__init__.py"
        assert (REPO / "tests" / "ui" / package.name).is_dir(), f"tests/ui/{package.name}"


def test_ui_modules_import_no_cycle() -> None:
    trees = _sources("ui")
    graph = {
        name: {m for m in _imports(tree) if m in trees} - {name} for name, tree in trees.items()
    }
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name) :] + [name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(graph[name]):
            if not target.endswith("__init__") and target != name.rsplit(".", 1)[0]:
                visit(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_only_the_session_emits_its_signals() -> None:
    for name, tree in _sources("ui").items():
        if name.startswith("ui.session."):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "emit"
                and isinstance(node.value, ast.Attribute)
                and node.value.attr in SESSION_SIGNALS
            ):
                pytest.fail(f"{name}:{node.lineno} emits {node.value.attr}; call the Session")
