"""The files of the repository a code file's findings depend on: the modules and JSON configuration it
imports by a relative path (the analysis follows calls one import away, and reads keys from such JSON).

The cache (flexlint/cache.py) adds their bytes to a code file's key, so editing a wrapper or a field map
re-checks the files that import it. Found with a regular expression, not a parse: a cache lookup must stay
cheaper than the analysis it saves.
"""

from __future__ import annotations

import re

from flexlint.code import ir
from flexlint.code.modules import language_of, resolve

_JS_IMPORT = re.compile(rb"""(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"](\.[^'"\n]{0,300})['"]""")
_PY_IMPORT = re.compile(rb"^\s*from\s+(\.+[\w.]*|[\w.]+)\s+import\b", re.M)


def cache_dependencies(path: str, data: bytes) -> list[str]:
    """What a code file's cache key covers: its local imports, and theirs (a barrel's re-exported helper)."""
    found = local_dependencies(path, data)
    for dependency in list(found):
        try:
            with open(dependency, "rb") as handle:
                further = local_dependencies(dependency, handle.read(4_000_000))
        except OSError:
            continue
        found.extend(f for f in further if f not in found and f != path)
    return sorted(found)


def local_dependencies(path: str, data: bytes) -> list[str]:
    language = language_of(path)
    if language is None:
        return []
    pattern = _PY_IMPORT if language == "python" else _JS_IMPORT
    stub = ir.Module(path, language)
    found: list[str] = []
    for match in pattern.finditer(data):
        source = match.group(1).decode("utf-8", "replace")
        target = resolve(stub, source)
        if target is not None and target not in found:
            found.append(target)
    return sorted(found)
