"""The small commands: `config`, `filter`, `rule`, `clean`."""

from __future__ import annotations

import json
import re
import sys

import click

from flexlint.cli.options import DEFAULT_CACHE_DIR, EXIT_FINDINGS, ConfigFileError, resolver_for

_FORMATS = ("text", "json")


@click.command(name="config")
@click.argument("path", required=False, default=".", type=click.Path(allow_dash=True))
@click.option(
    "--show", is_flag=True, help="Print the resolved configuration and where each value comes from."
)
@click.option("--config", "config_file", metavar="PATH", type=click.Path(exists=True, dir_okay=False))
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(
    path: str, show: bool, config_file: str | None, isolated: bool, output_format: str
) -> None:
    """With --show, the configuration that applies to PATH (default: here); without, the keys a file may set."""
    from flexlint.config import ConfigError, describe
    from flexlint.config import show as render
    from flexlint.config_validation import config_keys

    if not show:
        for key, spec in config_keys().items():
            click.echo(f"{key:<28} {spec.get('description', '')}")
        return
    resolver = resolver_for({}, config_file, isolated)
    try:
        settings, origins = resolver.for_path(path)
    except ConfigError as error:
        raise ConfigFileError(str(error)) from None
    if output_format == "json":
        shown = {"config_file": settings.config_file, "values": describe(settings), "origins": origins}
        click.echo(json.dumps(shown, indent=2))
    else:
        click.echo(render(settings, origins), nl=False)


@click.command(name="filter")
@click.argument("file", type=click.Path(allow_dash=True))
def filter_command(file: str) -> None:
    """Print FILE as Flex Insights keeps it for a HIPAA account: only what the Events Filter passes on."""
    from flexlint.allowlist import filter_attributes
    from flexlint.payload import Payload
    from flexlint.sources import JSON_LINES_SUFFIXES, LoadError, Target, read

    from flexlint.sources.registry import reader_for, strip_gzip_name

    if reader_for(strip_gzip_name(file), "auto").module == "code_files":
        # Code holds no attributes to filter, only the places that write them: that is `flexlint check`'s.
        raise click.ClickException(f"{file}: is code; `flexlint filter` prints task-attribute files, "
                                   "`flexlint check` reads code")
    target = Target(file, "<stdin>" if file == "-" else file)
    items = list(read(target))
    errors = [item for item in items if isinstance(item, LoadError)]
    for error in errors:
        click.echo(f"{error.file}:{error.position.line}:{error.position.column}: FLX001 {error.message}", err=True)
    if errors:
        sys.exit(EXIT_FINDINGS)
    payloads = [item for item in items if isinstance(item, Payload)]  # skipped events have no attributes
    kept = [filter_attributes(p.attributes) if isinstance(p.attributes, dict) else p.attributes for p in payloads]
    if file.lower().endswith(JSON_LINES_SUFFIXES):
        for payload in kept:
            click.echo(json.dumps(payload, ensure_ascii=False))
    elif len(payloads) == 1 and not re.match(r"/\d", payloads[0].prefix):  # one object, not an array of one
        click.echo(json.dumps(kept[0], indent=2, ensure_ascii=False))
    else:
        click.echo(json.dumps(kept, indent=2, ensure_ascii=False))


@click.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Print the documentation of every rule.")
@click.option("--output-format", type=click.Choice(_FORMATS), default="text", show_default=True)
def rule(code: str | None, show_all: bool, output_format: str) -> None:
    """Explain rule CODE (or its name); with --all, every rule; with neither, a one-line list."""
    from dataclasses import asdict

    from flexlint.registry import all_rules, rule_for

    if code is not None:
        found = rule_for(code)
        if found is None:
            raise click.UsageError(f"unknown rule: {code!r} (see `flexlint rule` for the list)")
        rules = [found]
    else:
        rules = list(all_rules().values())
    if output_format == "json":
        docs = [{**asdict(r), "severity": str(r.severity)} for r in rules]
        click.echo(json.dumps(docs[0] if code is not None else docs, indent=2))
    elif code is not None or show_all:
        click.echo("\n".join(r.documentation() for r in rules), nl=False)
    else:
        for r in rules:
            click.echo(f"{r.code}  {r.name:<28} {str(r.severity):<8} {r.summary}")


@click.command()
@click.option(
    "--cache-dir", metavar="DIR", envvar="FLEXLINT_CACHE_DIR", default=DEFAULT_CACHE_DIR, show_default=True
)
def clean(cache_dir: str) -> None:
    """Remove the cache directory."""
    from flexlint.cache import clean as remove

    click.echo(f"Removed {cache_dir}" if remove(cache_dir) else f"No cache at {cache_dir}")
