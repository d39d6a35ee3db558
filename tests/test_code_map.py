"""The README's "Code map" names only what is there: every path, module and function in it."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def code_map() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Code map\n", 1)[1]
    return section.split("\n## ", 1)[0]


def named() -> list[str]:
    return re.findall(r"`([^`]+)`", code_map())


def defines(path: Path, name: str, inside: str | None = None) -> bool:
    """True when the module defines a function or class `name` at its top level, or in class
    `inside` when given."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes: list[ast.AST] = [tree]
    if inside is not None:
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == inside]
    for scope in scopes:
        for node in ast.iter_child_nodes(scope):
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
                return True
    return False


def sources() -> list[Path]:
    return [p for p in REPO.glob("*.py")] + [
        p for top in ("ui", "models", "importers") for p in (REPO / top).rglob("*.py")
    ]


def test_the_code_map_is_about_a_dozen_lines() -> None:
    lines = [line for line in code_map().splitlines() if line.strip()]
    assert 8 <= len(lines) <= 20, len(lines)


def test_the_gloss_command_it_names_is_installed_as_main() -> None:
    assert "gloss" in named()
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["gloss"] == "main:main" and defines(REPO / "main.py", "main")


def test_every_path_it_names_exists() -> None:
    paths = [n for n in named() if "/" in n or n.endswith(".py")]
    assert len(paths) > 10
    package_dirs = [REPO / top for top in ("ui", "models", "importers")]
    package_dirs += [p for top in package_dirs for p in top.rglob("*") if p.is_dir()]
    for name in paths:
        if name.endswith("/") and "/" not in name[:-1]:  # a package of ui/, or a top folder
            assert (REPO / name).is_dir() or (REPO / "ui" / name).is_dir(), name
        elif "/" in name:
            assert list(REPO.glob(name)), name
        else:  # a module named alone: somewhere below the packages
            assert any((d / name).is_file() for d in [REPO, *package_dirs]), name


def test_every_function_and_class_it_names_is_defined() -> None:
    symbols = [n for n in named() if re.fullmatch(r"[A-Za-z_][\w.]*", n) and "/" not in n]
    symbols = [s for s in symbols if not s.endswith(".py") and s != "gloss"]
    assert len(symbols) > 8
    everything = sources()
    for symbol in symbols:
        parts = symbol.split(".")
        if parts[0] in ("models", "ui", "importers"):  # a module path, then the name
            module = REPO.joinpath(*parts[:-1]).with_suffix(".py")
            assert module.is_file() and defines(module, parts[-1]), symbol
        elif len(parts) == 2:  # Class.method
            assert any(defines(p, parts[1], inside=parts[0]) for p in everything), symbol
        elif symbol[0].isupper():  # a class
            assert any(defines(p, symbol) for p in everything), symbol
        else:  # a signal, or a function defined somewhere in ui/
            found = any(re.search(rf"\b{symbol}\b\s*[=(]", p.read_text()) for p in everything)
            assert found, symbol
