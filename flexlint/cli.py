"""The command line: a thin layer that parses arguments, calls the library and sets the exit code.

Exit codes (as in ruff): 0 nothing at or above --fail-on, 1 findings at or above it, 2 a usage error or a
failure of flexlint itself.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

import click

from flexlint import __version__
from flexlint.selection import SelectionError, parse_codes
from flexlint.settings import Settings

if TYPE_CHECKING:
    from flexlint.config import ConfigResolver
    from flexlint.pipeline import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_CACHE_DIR = ".flexlint_cache"  # flexlint.cache.DEFAULT_DIR, without importing the cache at start-up
_FORMATS = ("text", "json")
# The names in flexlint.report.REPORTERS (a test keeps them equal), without importing the reporters at start-up.
OUTPUT_FORMATS = ("text", "concise", "json", "sarif", "github", "junit", "gitlab")


def _use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="flexlint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint Twilio Flex task attributes for the Flex Insights HIPAA Events Filter."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    help="How findings are printed [default: text, or github when GITHUB_ACTIONS=true].",
)
@click.option("--output-file", "-o", metavar="PATH", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--statistics", is_flag=True, help="Count findings per rule and per attribute instead of listing them.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary line.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run (2 still means an error).")
@click.option("--select", metavar="CODES", help="Comma-separated rule codes or prefixes to enable (FLX1,FLX201).")
@click.option("--extend-select", metavar="CODES", help="Rule codes or prefixes to enable on top of `select`.")
@click.option("--ignore", metavar="CODES", help="Comma-separated rule codes or prefixes to disable.")
@click.option(
    "--config",
    "config_file",
    metavar="PATH",
    type=click.Path(exists=True, dir_okay=False),
    help="Use this configuration file for every checked file (instead of the nearest one).",
)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding of this severity or higher is found.",
)
@click.option("--exclude", metavar="GLOB", multiple=True, help="Skip files and directories matching GLOB.")
@click.option("--stdin-filename", metavar="NAME", help="The name to report for input read from '-'.")
@click.option(
    "--profile",
    type=click.Choice(["hipaa", "strict"]),
    default="hipaa",
    show_default=True,
    help="hipaa: scan what the Events Filter preserves; strict: scan dropped attributes too.",
)
@click.option("--no-ner", is_flag=True, help="Detect with patterns only; do not load the spaCy model.")
@click.option(
    "--show-values", is_flag=True, help="Show a masked form (J*** S****) of each detected value. Off by default: PHI."
)
@click.option(
    "--organization-contact",
    "organization_contacts",
    metavar="CONTACT",
    multiple=True,
    help="A phone number or address of the organization, accepted in conversations.external_contact.",
)
@click.option("--recognizers", metavar="FILE", multiple=True, help="An extra Presidio YAML recognizer file.")
@click.option(
    "--cache-dir",
    metavar="DIR",
    envvar="FLEXLINT_CACHE_DIR",
    default=DEFAULT_CACHE_DIR,
    show_default=True,
    help="Where results of unchanged files are kept (also FLEXLINT_CACHE_DIR).",
)
@click.option("--no-cache", is_flag=True, help="Check every file again; read and write no cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    select: str | None,
    extend_select: str | None,
    ignore: str | None,
    config_file: str | None,
    isolated: bool,
    fail_on: str,
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    profile: str,
    no_ner: bool,
    show_values: bool,
    organization_contacts: tuple[str, ...],
    recognizers: tuple[str, ...],
    cache_dir: str,
    no_cache: bool,
    jobs: int,
) -> None:
    """Check task-attribute files (.json, .jsonl, .ndjson), directories, or '-' for standard input."""
    from flexlint.cache import FileCache
    from flexlint.pipeline import check_paths

    # Only what was really typed overrides a config file; click's defaults must not.
    given = {
        "select": ("select", parse_codes(select)),
        "extend_select": ("extend_select", parse_codes(extend_select)),
        "ignore": ("ignore", parse_codes(ignore)),
        "fail_on": ("fail_on", fail_on),
        "exclude": ("exclude", list(exclude)),
        "profile": ("profile", profile),
        "ner": ("no_ner", not no_ner),
        "show_values": ("show_values", show_values),
        "organization_contacts": ("organization_contacts", list(organization_contacts)),
        "recognizers": ("recognizers", list(recognizers)),
    }
    context = click.get_current_context()
    overrides = {key: value for key, (param, value) in given.items() if _typed(context, param)}
    resolver = _resolver(overrides, config_file, isolated)
    validated: set[str] = set()  # recognizer files already checked
    settings = _settings(resolver, None, validated)
    # Findings made with --show-values carry masks; the cache holds no trace of a value, so they skip it.
    cache = None if no_cache or show_values else FileCache(cache_dir, settings)
    progress = _Progress() if _show_progress() else None
    report = check_paths(
        paths or (".",),
        settings,
        stdin_filename=stdin_filename,
        cache=cache,
        jobs=jobs,
        progress=progress,
        settings_for=lambda path: _settings(resolver, path, validated),
    )
    if progress is not None:
        progress.finish()
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    _write_report(report, output_format, output_file, statistics=statistics, quiet=quiet)
    for line in report.internal_errors:
        click.echo(f"flexlint: {line}", err=True)
    if exit_zero and report.exit_code == EXIT_FINDINGS:
        sys.exit(EXIT_CLEAN)
    sys.exit(report.exit_code)


def _write_report(report: Report, output_format: str, output_file: str | None, *, statistics: bool, quiet: bool) -> None:
    from functools import partial

    from flexlint.report import REPORTERS
    from flexlint.report import statistics as stats

    if statistics:
        write = partial(stats.write, as_json=output_format == "json")
    elif output_format in ("text", "concise"):
        write = partial(REPORTERS[output_format], summary=not quiet)
    else:
        write = REPORTERS[output_format]
    if output_file is None:
        write(report, sys.stdout, _use_color(sys.stdout))
        return
    try:
        with open(output_file, "w", encoding="utf-8") as out:
            write(report, out, False)
    except OSError as error:
        raise click.UsageError(f"--output-file {output_file}: {error.strerror or 'cannot be written'}") from None


def _show_progress() -> bool:
    """A progress line only for a person at a terminal: never in CI logs or piped output."""
    return sys.stderr.isatty() and not os.environ.get("CI") and not os.environ.get("GITHUB_ACTIONS")


class _Progress:
    """`checked 12,800 payloads` on standard error, shown once a run is long enough to need it."""

    THRESHOLD = 500

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, payloads: int) -> None:
        if payloads >= self.THRESHOLD:
            self.shown = True
            sys.stderr.write(f"\rflexlint: checked {payloads:,} payloads")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


class ConfigFileError(click.ClickException):
    """A configuration file flexlint cannot use: exit 2, with the file, the key and what was expected."""

    exit_code = EXIT_ERROR


def _typed(context: click.Context, param: str) -> bool:
    source = context.get_parameter_source(param)
    return source is not None and source != click.core.ParameterSource.DEFAULT


def _resolver(overrides: dict, config_file: str | None, isolated: bool) -> ConfigResolver:
    from flexlint.config import ConfigError, ConfigResolver

    if config_file is not None and isolated:
        raise click.UsageError("--config and --isolated cannot be used together")
    try:
        return ConfigResolver(overrides, config_file=config_file, isolated=isolated)
    except ConfigError as error:
        raise ConfigFileError(str(error)) from None


def _settings(resolver: ConfigResolver, path: str | None, validated: set[str]) -> Settings:
    """Settings for one checked file (None: the run-wide ones), with config and selection errors as exit 2."""
    from flexlint.config import ConfigError

    try:
        settings = resolver.for_run()[0] if path is None else resolver.settings_for(path)
    except ConfigError as error:
        raise ConfigFileError(str(error)) from None
    except SelectionError as error:
        raise click.UsageError(str(error)) from None
    for recognizer in settings.recognizers:  # from the command line or any config file, each checked once
        if recognizer not in validated:
            _validate_recognizer_file(recognizer)
            validated.add(recognizer)
    return settings


@cli.command(name="config")
@click.argument("path", required=False, default=".", type=click.Path(allow_dash=True))
@click.option("--show", is_flag=True, help="Print the resolved configuration and where each value comes from.")
@click.option("--config", "config_file", metavar="PATH", type=click.Path(exists=True, dir_okay=False))
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(path: str, show: bool, config_file: str | None, isolated: bool, output_format: str) -> None:
    """With --show, the configuration that applies to PATH (default: here); without, the keys a file may set."""
    from flexlint.config import ConfigError, describe
    from flexlint.config import show as render
    from flexlint.config_validation import validator

    if not show:
        for key, spec in validator().schema["properties"].items():
            click.echo(f"{key:<28} {spec.get('description', '')}")
        return
    resolver = _resolver({}, config_file, isolated)
    try:
        settings, origins = resolver.for_path(path)
    except ConfigError as error:
        raise ConfigFileError(str(error)) from None
    if output_format == "json":
        shown = {"config_file": settings.config_file, "values": describe(settings), "origins": origins}
        click.echo(json.dumps(shown, indent=2))
    else:
        click.echo(render(settings, origins), nl=False)


def _validate_recognizer_file(path: str) -> None:
    """A bad --recognizers file is a usage error naming the file, found before any payload is read."""
    from pathlib import Path

    from flexlint.datafiles import load_json
    from flexlint.detect.recognizers import recognizers_from_yaml

    try:
        loaded = recognizers_from_yaml(Path(path))
    except OSError as error:
        raise click.UsageError(f"--recognizers {path}: {error.strerror or 'cannot be read'}") from None
    except Exception as error:  # YAML syntax, missing or unknown keys: the file is the user's, not PHI
        raise click.UsageError(f"--recognizers {path}: not a valid recognizer file ({error})") from None
    known = load_json("rules", "detectors.json")["entities"]
    for recognizer in loaded:
        for entity in recognizer.supported_entities:
            if entity not in known:
                raise click.UsageError(
                    f"--recognizers {path}: entity {entity!r} maps to no rule; use one of {', '.join(sorted(known))}"
                )


@cli.command(name="filter")
@click.argument("file", type=click.Path(allow_dash=True))
def filter_command(file: str) -> None:
    """Print FILE as Flex Insights keeps it for a HIPAA account: only what the Events Filter passes on."""
    from flexlint.allowlist import filter_attributes
    from flexlint.sources import JSON_LINES_SUFFIXES, LoadError, Target, read

    target = Target(file, "<stdin>" if file == "-" else file)
    items = list(read(target))
    errors = [item for item in items if isinstance(item, LoadError)]
    for error in errors:
        click.echo(f"{error.file}:{error.position.line}:{error.position.column}: FLX001 {error.message}", err=True)
    if errors:
        sys.exit(EXIT_FINDINGS)
    kept = [filter_attributes(p.attributes) if isinstance(p.attributes, dict) else p.attributes for p in items]
    if file.lower().endswith(JSON_LINES_SUFFIXES):
        for payload in kept:
            click.echo(json.dumps(payload, ensure_ascii=False))
    elif len(items) == 1 and items[0].prefix == "":
        click.echo(json.dumps(kept[0], indent=2, ensure_ascii=False))
    else:
        click.echo(json.dumps(kept, indent=2, ensure_ascii=False))


@cli.command()
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


@cli.command()
@click.option("--cache-dir", metavar="DIR", envvar="FLEXLINT_CACHE_DIR", default=DEFAULT_CACHE_DIR, show_default=True)
def clean(cache_dir: str) -> None:
    """Remove the cache directory."""
    from flexlint.cache import clean as remove

    click.echo(f"Removed {cache_dir}" if remove(cache_dir) else f"No cache at {cache_dir}")


def main() -> None:
    """Entry point: click handles usage errors (exit 2); anything unexpected also exits 2, without a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_ERROR)
    except click.Abort:
        click.echo("flexlint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_ERROR)
    except Exception as error:  # never a traceback: it could quote the data being checked
        click.echo(f"flexlint: internal error ({type(error).__name__}); please report it", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_CLEAN)
