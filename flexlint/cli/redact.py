"""`flexlint redact FILE [--in-place]`: the payload with dropped keys removed and identifiers replaced.

Not registered here: add `redact_command` to the commands in flexlint/cli/__init__.py.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from flexlint.cli.options import ConfigFileError, resolver_for

_JSON_LINES = (".jsonl", ".ndjson")


@click.command(name="redact")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--in-place", is_flag=True, help="Write the result back to FILE (atomically) instead of printing it.")
@click.option("--keep-health", is_flag=True, help="Leave health information (FLX320) in place.")
@click.option("--keep-dropped", is_flag=True, help="Keep the keys the Events Filter drops (for TaskRouter).")
@click.option("--config", "config_file", metavar="PATH", type=click.Path(exists=True, dir_okay=False))
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def redact_command(
    file: str, in_place: bool, keep_health: bool, keep_dropped: bool, config_file: str | None, isolated: bool
) -> None:
    """Print FILE (one attributes object, an array of them, or JSON Lines) redacted for Flex Insights."""
    from flexlint.config import ConfigError
    from flexlint.preflight import redact
    from flexlint.sources.records import kind_of

    if in_place and file == "-":
        raise click.UsageError("--in-place needs a file, not standard input")
    from flexlint.sources.registry import reader_for, strip_gzip_name

    if reader_for(strip_gzip_name(file), "auto").module == "code_files":
        raise click.ClickException(f"{file}: is code; `flexlint redact` rewrites task-attribute files only")
    try:
        settings = resolver_for({}, config_file, isolated).settings_for(file)
    except ConfigError as error:
        raise ConfigFileError(str(error)) from None
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{file}: cannot read it as UTF-8 text ({type(error).__name__})") from None

    def one(value: Any) -> Any:
        kind = kind_of(value)
        if kind != "attributes":
            # Redacting inside an event, a Task resource or a flow would need their own writers; refusing is
            # better than printing their embedded attributes untouched.
            raise click.ClickException(
                f"{file}: holds {kind} records; `flexlint redact` rewrites task-attributes files only"
            )
        return redact(value, settings=settings, keep_health=keep_health, keep_dropped=keep_dropped)

    try:
        if file.lower().endswith(_JSON_LINES):
            lines = [line for line in text.splitlines() if line.strip()]
            out = "".join(json.dumps(one(json.loads(line)), ensure_ascii=False) + "\n" for line in lines)
        else:
            data = json.loads(text)
            result = [one(item) for item in data] if isinstance(data, list) else one(data)
            out = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    except (ValueError, TypeError) as error:
        # The type only: a JSON error message quotes the text around the error, which may be PHI.
        raise click.ClickException(f"{file}: cannot redact ({type(error).__name__}); run `flexlint check` on it") from None
    if not in_place:
        click.echo(out, nl=False)
        return
    _write_atomically(Path(file), out)


def _write_atomically(path: Path, text: str) -> None:
    """Temp file in the same directory (same file system), fsync, then os.replace: never half-written."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, path.stat().st_mode & 0o7777)  # keep the original's permissions
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
