"""Parsing code files into modules (flexlint/code/ir.py), and the one hop across files through an import.

A module is parsed once per process (a repository's wrapper is imported by many files). An import of a JSON
file of the repository (`import fields from './insights-fields.json'`, `require('../config/map.json')`) is
its data: keys chosen from such a configuration are known. An import of another code module by a relative
path gives its exported functions, whose sinks the importing file's calls may reach.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flexlint.code import ir
from flexlint.sources.registry import CODE_LANGUAGE_OF
from flexlint.code.ir import Pos
from flexlint.code.values import FunctionValue, Known, Unknown, Value

if TYPE_CHECKING:
    from flexlint.code.evaluate import Engine, Frame

# suffix -> language: the registry's code readers choose grammars (flexlint/sources/registry.py)
LANGUAGE_OF = CODE_LANGUAGE_OF
_RESOLVE_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")
MAX_CONFIG_BYTES = 1_000_000


@dataclass
class Parsed:
    """One parsed file: its module (None when it does not parse), and where and why it does not."""

    module: ir.Module | None
    error: tuple[Pos, str] | None


def language_of(path: str) -> str | None:
    return LANGUAGE_OF.get(os.path.splitext(path)[1].lower())


def parse_source(source: bytes, path: str, language: str, *, lower: bool = True) -> Parsed:
    """Parse, and lower to the analysis's form unless `lower` is False (a file with no sink to look for is
    parsed only for its syntax errors)."""
    if language == "python":
        from flexlint.code import py

        try:
            tree = py.parse(source.decode("utf-8-sig"))
        except SyntaxError as error:
            where = (error.lineno or 1, max(error.offset or 1, 1))
            return Parsed(None, (where, f"invalid Python: {error.msg}"))
        except (ValueError, RecursionError):
            return Parsed(None, ((1, 1), "invalid Python"))
        return Parsed(py.lower(tree, path) if lower else None, None)
    from flexlint.code import js

    tree = js.parse(source, language)
    error = js.first_error(tree)
    kind = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TSX"}[language]
    located = (error[0], f"invalid {kind}: {error[1]}") if error is not None else None
    from flexlint.code.catalog import trigger

    return Parsed(js.lower(tree, path, language, source, trigger()) if lower else None, located)


class ModuleCache:
    """Modules imported by the files being checked, parsed once; `load` is the engine's import hook."""

    def __init__(self) -> None:
        self._modules: dict[str, tuple[object, ir.Module | None]] = {}
        self._json: dict[str, tuple[object, Any]] = {}

    def load(self, importer: ir.Module, source: str) -> ir.Module | None:
        path = resolve(importer, source)
        if path is None or path.endswith(".json"):
            return None
        key = _version(path)  # a long-lived process (a service importing flexlint) sees edited files anew
        if self._modules.get(path, (None, None))[0] != key:
            self._modules[path] = (key, _parse_file(path))
        return self._modules[path][1]

    def json_data(self, importer: ir.Module, source: str) -> Any:
        path = resolve(importer, source)
        if path is None or not path.endswith(".json"):
            return None
        key = _version(path)
        if self._json.get(path, (None, None))[0] != key:
            self._json[path] = (key, _read_json(path))
        return self._json[path][1]


def resolve(importer: ir.Module, source: str) -> str | None:
    """The file a relative import names (`./x`, `../y/z`, Python's `.x`), if it is in the repository."""
    base = os.path.dirname(importer.path)
    if importer.language == "python":
        if not source.startswith("."):
            candidate = os.path.join(base, *source.split(".")) + ".py"
            return candidate if os.path.isfile(candidate) else None
        level = len(source) - len(source.lstrip("."))
        parts = source.lstrip(".").split(".") if source.lstrip(".") else []
        root = base
        for _ in range(level - 1):
            root = os.path.dirname(root)
        candidate = os.path.join(root, *parts) + ".py" if parts else os.path.join(root, "__init__.py")
        return candidate if os.path.isfile(candidate) else None
    if not source.startswith("."):
        return None
    joined = os.path.normpath(os.path.join(base, source))
    if os.path.isfile(joined):
        return joined
    for suffix in _RESOLVE_SUFFIXES:
        if os.path.isfile(joined + suffix):
            return joined + suffix
    for suffix in _RESOLVE_SUFFIXES:
        index = os.path.join(joined, "index" + suffix)
        if os.path.isfile(index):
            return index
    return None


def imported_value(engine: Engine, imported: tuple[str, str], at: Pos, frame: Frame) -> Value:
    """An imported name: JSON configuration data, a function of another module, or Unknown."""
    source, name = imported
    hooks: ModuleCache | None = getattr(engine, "modules", None)
    if hooks is not None:
        data = hooks.json_data(frame.module, source)
        if data is not None:
            return Known(data if name in ("default", "*") else (data.get(name) if isinstance(data, dict) else None), at)
    found = exported_function(engine, engine.load_import(frame.module, source), name)
    if found is not None:
        other, func = found
        return FunctionValue(func, engine.frame_for(func.parent, other), other, at)
    return Unknown(at, None)


def exported_function(engine: Engine, other: ir.Module | None, name: str, hops: int = 2) -> tuple[ir.Module, ir.Func] | None:
    """The function a module exports under `name`, through a barrel's re-exports (`export {x} from`,
    `export * from`) if need be: a barrel is a doorway, not a hop of the analysis."""
    if other is None or name == "*":
        return None
    func = other.functions.get(name)
    if func is not None and (func.exported or name in other.exported or name == "default"):
        return other, func
    if hops <= 0:
        return None
    target = other.reexports.get(name)
    if target is not None:
        return exported_function(engine, engine.load_import(other, target[0]), target[1], hops - 1)
    for source in other.star_exports:
        found = exported_function(engine, engine.load_import(other, source), name, hops - 1)
        if found is not None:
            return found
    return None


def _version(path: str) -> object:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _parse_file(path: str) -> ir.Module | None:
    language = language_of(path)
    if language is None:
        return None
    try:
        with open(path, "rb") as handle:
            source = handle.read(4_000_000)
    except OSError:
        return None
    return parse_source(source, path, language).module


def _read_json(path: str) -> Any:
    try:
        if os.path.getsize(path) > MAX_CONFIG_BYTES:
            return None
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None


