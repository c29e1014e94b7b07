"""The readers flexlint knows, in one registry (as flexlint/report/ registers its reporters).

Two tables, because a file is read in two steps:

- `FILE_READERS`: how a file's bytes become payloads. Each reader declares its `--input-format` name, the
  suffixes a directory walk takes for it (and those it reads only when a file is named or forced), and the
  module whose `read(target, fmt)` turns the file into payloads. A file is given to the first reader whose
  suffix it has; every other file is JSON.
- `RECORD_KINDS`: what one JSON record inside a JSON or JSON Lines file is. Each kind declares its
  `--input-format` name and the module whose `is_kind(record)` is its content test and whose
  `expand(record, file, prefix, locator)` turns it into payloads. In "auto" mode the first kind whose test
  passes reads the record; `attributes` (plain task attributes) takes the rest.

Adding a reader is one entry here and one module: nothing else chooses between formats. Modules are imported
only when a file or record of theirs is met, so a run over JSON never loads a code parser.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from flexlint.model import JSONValue

if TYPE_CHECKING:
    from flexlint.payload import Locator
    from flexlint.sources import Item, Target


class FileReading(Protocol):
    def read(self, target: Target, fmt: str) -> Iterator[Item]: ...


@dataclass(frozen=True)
class FileReader:
    name: str  # its --input-format name: forcing it reads every file this way
    module: str  # flexlint.sources.<module> has read(target, fmt)
    suffixes: tuple[str, ...]  # lower-case; a directory walk takes these (each also gzip-compressed)
    named_suffixes: tuple[str, ...] = ()  # read this way when a file is named or forced, never walked
    forceable: bool = True  # False: a framing that record kinds use (json), not a format of its own

    def load(self) -> FileReading:
        return _module(self.module)  # type: ignore[return-value]


@dataclass(frozen=True)
class RecordKind:
    name: str  # its --input-format name
    module: str  # flexlint.sources.<module> has is_kind(record) and expand(record, file, prefix, locator)

    def load(self) -> ModuleType:
        return _module(self.module)


# Order matters for suffixes (the first match wins).
FILE_READERS: tuple[FileReader, ...] = (
    # TaskRouter event-callback captures, one form-encoded body a line. `.txt` only when named or forced: a
    # walk must not take every README.txt for a capture.
    FileReader("callbacks", "callbacks", (".form",), (".txt",)),
    FileReader("json-lines", "json_lines", (".jsonl", ".ndjson"), forceable=False),
    FileReader("json", "json_text", (".json",), forceable=False),
    # Code that writes task attributes (flexlint/code/). Each tree-sitter grammar rejects the others' syntax,
    # so the suffix picks one: .ts TypeScript, .tsx TSX, the rest JavaScript.
    FileReader("javascript", "code_files", (".js", ".jsx", ".mjs", ".cjs")),
    FileReader("typescript", "code_files", (".ts", ".mts", ".cts")),
    FileReader("tsx", "code_files", (".tsx",)),
    FileReader("python", "code_files", (".py",)),
)
# suffix -> grammar of the code readers: the one table the code analysis and the cache read it from
CODE_LANGUAGE_OF: dict[str, str] = {
    suffix: reader.name for reader in FILE_READERS if reader.module == "code_files" for suffix in reader.suffixes
}
JSON_READER = FILE_READERS[2]
JSON_LINES_READER = FILE_READERS[1]

# Tried in this order in "auto" mode; `attributes` is the fallback and has no content test of its own.
RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("events", "events"),
    RecordKind("studio", "studio_flow"),
    RecordKind("task", "task_resource"),
    RecordKind("interaction", "interaction"),
    RecordKind("callback-json", "callback_record"),
    RecordKind("attributes", "attributes_record"),
)
FALLBACK_KIND = RECORD_KINDS[-1]

INPUT_FORMATS: tuple[str, ...] = (
    "auto",
    *(kind.name for kind in RECORD_KINDS),
    *(reader.name for reader in FILE_READERS if reader.forceable),
)
WALKED_SUFFIXES: tuple[str, ...] = tuple(s for reader in FILE_READERS for s in reader.suffixes)
_READERS_BY_NAME = {reader.name: reader for reader in FILE_READERS}
_KINDS_BY_NAME = {kind.name: kind for kind in RECORD_KINDS}


def strip_gzip_name(name: str) -> str:
    """A file name as readers are chosen by it: lower-case, without a trailing `.gz`."""
    name = name.lower()
    return name[:-3] if name.endswith(".gz") else name


def walked_suffixes(input_format: str) -> tuple[str, ...]:
    """What a directory walk takes: every reader's suffixes, and the forced reader's named-only ones."""
    forced = _READERS_BY_NAME.get(input_format)
    return WALKED_SUFFIXES + (forced.named_suffixes if forced else ())


def reader_for(name: str, input_format: str) -> FileReader:
    """The reader of a file called `name` (lower-case, without .gz) under --input-format `input_format`."""
    forced = _READERS_BY_NAME.get(input_format)
    if forced is not None and forced.forceable:
        return forced
    for reader in FILE_READERS:
        if name.endswith(reader.suffixes + reader.named_suffixes):
            # A record kind forced on a file (--input-format task on x.js) reads it as JSON: the user said so.
            if input_format in _KINDS_BY_NAME and reader not in (JSON_READER, JSON_LINES_READER):
                break
            return reader
    return JSON_READER


@functools.cache
def _module(name: str) -> ModuleType:
    # (cached: every record of a JSON Lines archive asks, and import_module costs more than the test)
    return importlib.import_module(f"flexlint.sources.{name}")


@functools.cache
def _tests() -> tuple[tuple[RecordKind, Callable[[JSONValue], bool]], ...]:
    return tuple((kind, kind.load().is_kind) for kind in RECORD_KINDS[:-1])


def kind_of(record: JSONValue) -> RecordKind:
    for kind, test in _tests():
        if test(record):
            return kind
    return FALLBACK_KIND


def expand(record: JSONValue, fmt: str, file: str, prefix: str, locator: Locator) -> Iterator[Item]:
    """The payloads of one JSON record: by its content in "auto" mode, else as the forced kind."""
    kind = _KINDS_BY_NAME.get(fmt) or kind_of(record)
    return kind.load().expand(record, file, prefix, locator)  # type: ignore[no-any-return]
