"""Sources turn paths (and stdin) into payloads. One module per input kind; `read` picks the module."""

from __future__ import annotations

import fnmatch
import re
import stat
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flexlint.model import Position
from flexlint.payload import Payload

# Which suffixes and --input-format names exist is the registry's to say (flexlint/sources/registry.py); these
# names stay for callers that predate it.
from flexlint.sources.registry import INPUT_FORMATS, walked_suffixes  # noqa: E402

JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
FORM_SUFFIXES = (".form",)
CALLBACK_SUFFIXES = FORM_SUFFIXES + (".txt",)
GZIP_SUFFIX = ".gz"  # any readable file, gzip-compressed (Event Streams archives): read as a stream
STDIN = "-"
# Directories a walk never enters, whatever they hold: dependencies, build output, virtual environments and
# version control. A directory named explicitly on the command line is still read. Config: skip-directories.
DEFAULT_SKIPPED_DIRECTORIES = (
    "node_modules", "bower_components", "build", "dist", "out", "coverage", "__pycache__",
    "venv", "env", "site-packages", ".git", ".venv",
)
# JSON files a walk never takes for task attributes: the configuration of the tools around a plugin or a
# Function (npm, TypeScript, linters, hosting). Named explicitly, they are read like any file.
TOOL_CONFIG_FILES = frozenset({
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "tsconfig.json", "jsconfig.json", "lerna.json",
    ".eslintrc.json", "tslint.json", ".babelrc.json", "babel.config.json", "renovate.json", "vercel.json",
    "netlify.json", "firebase.json", "nx.json", "turbo.json", "project.json", "composer.json", ".prettierrc.json",
    "appconfig.json", "craco.config.json", "manifest.json", ".twilioserverlessrc.json", "flexlint-baseline.json",
})


_EVENT_TYPE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$")


def event_type_label(event_type: object) -> str:
    """An event type as the summary may show it: Twilio's own dotted names, or nothing from the payload.

    The type comes from the file; a crafted or corrupted one could hold anything, so only the shape of a
    Twilio event type (com.twilio.taskrouter.worker.activity.update, task-queue.entered) is echoed.
    """
    if isinstance(event_type, str) and len(event_type) <= 100 and _EVENT_TYPE.match(event_type):
        return event_type
    return "<unrecognised event type>"


@dataclass(frozen=True)
class LoadError:
    """Input that could not be read or parsed (reported as FLX001). `message` never quotes the input."""

    file: str
    position: Position
    message: str
    pointer: str = ""


@dataclass(frozen=True)
class Skipped:
    """A record that holds no task attributes to check (an Event Streams worker event, say), by its type.

    The pipeline counts these into RunStats.skipped, so the summary can say what was not checked.
    """

    file: str
    kind: str


@dataclass(frozen=True)
class Target:
    """One file to read: where it is (`path`, or "-" for stdin) and the name findings should show.

    `input_format` is one of INPUT_FORMATS; it travels with the target so worker processes read alike.
    """

    path: str
    display: str
    input_format: str = "auto"


def strip_gzip(name: str) -> str:
    """The name without a trailing `.gz`, lower-cased: what decides how the decompressed text is read."""
    name = name.lower()
    return name[: -len(GZIP_SUFFIX)] if name.endswith(GZIP_SUFFIX) else name


def discover(
    paths: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    stdin_filename: str | None = None,
    input_format: str = "auto",
    skip_directories: Iterable[str] = DEFAULT_SKIPPED_DIRECTORIES,
) -> Iterator[Target]:
    """Expand directories recursively, in a stable order; skip paths matching an --exclude glob, hidden
    directories, and directories named in `skip_directories` (or holding a virtual environment).

    A walk takes the suffixes of every reader in the registry, each also gzip-compressed; with
    input_format="callbacks" it takes `.txt` captures too.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}: expected one of {', '.join(INPUT_FORMATS)}")
    patterns = tuple(exclude)
    wanted = walked_suffixes(input_format)
    skipped = frozenset(skip_directories)
    for raw in paths:
        if raw == STDIN:
            yield Target(STDIN, stdin_filename or "<stdin>", input_format)
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and d not in skipped and not _virtual_environment(Path(root, d))
                    and not _excluded(Path(root, d), patterns)
                )
                for name in sorted(files):
                    child = Path(root, name)
                    if _tool_config(name):
                        continue
                    if strip_gzip(name).endswith(wanted) and _readable_kind(child) and not _excluded(child, patterns):
                        yield Target(str(child), str(child), input_format)
        elif not _excluded(path, patterns):
            yield Target(raw, raw, input_format)


def _tool_config(name: str) -> bool:
    lowered = name.lower()
    return lowered in TOOL_CONFIG_FILES or (lowered.startswith("tsconfig.") and lowered.endswith(".json"))


def _virtual_environment(path: Path) -> bool:
    """A virtual environment under any name: Python writes pyvenv.cfg at its top."""
    return (path / "pyvenv.cfg").is_file()


def _readable_kind(path: Path) -> bool:
    """A FIFO or a device named *.jsonl would block the run forever: skip it. A file that cannot even be
    stat'ed (a broken link) is kept, so that it is reported as unreadable rather than silently missing."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or path.match(p) for p in patterns)


Item = Payload | LoadError | Skipped


def read(target: Target, input_format: str | None = None) -> Iterator[Item]:
    """Yield the payloads of one file, a LoadError for each part that cannot be read, and a Skipped for
    each record that carries no task attributes. `input_format` overrides the target's own. The registry
    (flexlint/sources/registry.py) picks the reader."""
    from flexlint.sources.registry import reader_for

    fmt = input_format or target.input_format
    if fmt not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {fmt!r}: expected one of {', '.join(INPUT_FORMATS)}")
    return reader_for(strip_gzip(target.display), fmt).load().read(target, fmt)
