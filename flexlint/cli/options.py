"""Options shared by `check` and `baseline`, and turning them (plus configuration files) into a run."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from flexlint.selection import SelectionError, parse_codes
from flexlint.entities import entities
from flexlint.settings import Settings
from flexlint.sources import INPUT_FORMATS

if TYPE_CHECKING:
    from flexlint.config import ConfigResolver
    from flexlint.pipeline import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_CACHE_DIR = ".flexlint_cache"


def run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """What decides which findings a run makes: paths, selection, configuration, detection, cache, jobs."""
    decorators = [
        click.argument("paths", nargs=-1, type=click.Path(allow_dash=True)),
        click.option(
            "--select",
            metavar="CODES",
            help="Comma-separated rule codes or prefixes to enable (FLX1,FLX201).",
        ),
        click.option(
            "--extend-select", metavar="CODES", help="Rule codes or prefixes to enable on top of `select`."
        ),
        click.option("--ignore", metavar="CODES", help="Comma-separated rule codes or prefixes to disable."),
        click.option(
            "--config",
            "config_file",
            metavar="PATH",
            type=click.Path(exists=True, dir_okay=False),
            help="Use this configuration file for every checked file (instead of the nearest one).",
        ),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info"]),
            default="error",
            show_default=True,
            help="Exit 1 when a finding of this severity or higher is found.",
        ),
        click.option(
            "--exclude", metavar="GLOB", multiple=True, help="Skip files and directories matching GLOB."
        ),
        click.option("--stdin-filename", metavar="NAME", help="The name to report for input read from '-'."),
        click.option(
            "--profile",
            type=click.Choice(["hipaa", "strict"]),
            default="hipaa",
            show_default=True,
            help="hipaa: scan what the Events Filter preserves; strict: scan dropped attributes too.",
        ),
        click.option(
            "--no-ner", is_flag=True, help="Detect with patterns only; do not load the spaCy model."
        ),
        click.option(
            "--show-values",
            is_flag=True,
            help="Show a masked form (J*** S****) of each detected value. Off by default: PHI.",
        ),
        click.option(
            "--organization-contact",
            "organization_contacts",
            metavar="CONTACT",
            multiple=True,
            help="A phone number or address of the organization, accepted in conversations.external_contact.",
        ),
        click.option(
            "--organization-domain",
            "organization_domains",
            metavar="DOMAIN",
            multiple=True,
            help="A web domain of the organization: URLs on it (or its subdomains) are not FLX314.",
        ),
        click.option(
            "--recognizers", metavar="FILE", multiple=True, help="An extra Presidio YAML recognizer file."
        ),
        click.option(
            "--cache-dir",
            metavar="DIR",
            envvar="FLEXLINT_CACHE_DIR",
            default=DEFAULT_CACHE_DIR,
            show_default=True,
            help="Where results of unchanged files are kept (also FLEXLINT_CACHE_DIR).",
        ),
        click.option(
            "--input-format",
            type=click.Choice(INPUT_FORMATS),
            default="auto",
            show_default=True,
            help="What the files hold: task attributes, TaskRouter Task resources, Event Streams events, "
            "event-callback captures, Studio flows or Flex Interactions API requests (auto: decided from the "
            "content).",
        ),
        click.option("--no-cache", is_flag=True, help="Check every file again; read and write no cache."),
        click.option(
            "--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes."
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def run(options: dict[str, Any]) -> tuple[Report, Settings]:
    """Check options["paths"] with everything run_options collected; exits 2 on a bad configuration.

    Returns the report and the run-wide settings (those of the working directory's configuration).
    """
    from flexlint.cache import FileCache
    from flexlint.pipeline import check_paths

    # Only what was really typed overrides a config file; click's defaults must not.
    given = {
        "select": ("select", parse_codes(options["select"])),
        "extend_select": ("extend_select", parse_codes(options["extend_select"])),
        "ignore": ("ignore", parse_codes(options["ignore"])),
        "fail_on": ("fail_on", options["fail_on"]),
        "exclude": ("exclude", list(options["exclude"])),
        "profile": ("profile", options["profile"]),
        "ner": ("no_ner", not options["no_ner"]),
        "show_values": ("show_values", options["show_values"]),
        "organization_contacts": ("organization_contacts", list(options["organization_contacts"])),
        "organization_domains": ("organization_domains", list(options["organization_domains"])),
        "recognizers": ("recognizers", list(options["recognizers"])),
    }
    context = click.get_current_context()
    overrides = {key: value for key, (param, value) in given.items() if _typed(context, param)}
    resolver = resolver_for(overrides, options["config_file"], options["isolated"])
    validated: set[str] = set()  # recognizer files already checked
    settings = _settings(resolver, None, validated)
    # Findings made with --show-values carry masks; the cache holds no trace of a value, so they skip it.
    cache = (
        None if options["no_cache"] or options["show_values"] else FileCache(options["cache_dir"], settings)
    )
    progress = Progress() if show_progress() else None
    from flexlint.detect import DetectionUnavailable

    try:
        report = check_paths(
            options["paths"] or (".",),
            settings,
            stdin_filename=options["stdin_filename"],
            cache=cache,
            jobs=options["jobs"],
            progress=progress,
            settings_for=lambda path: _settings(resolver, path, validated),
            input_format=options["input_format"],
        )
    except DetectionUnavailable as error:  # the machine lacks a package: say which, once, and stop
        click.echo(f"flexlint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        if progress is not None:
            progress.finish()
    return report, settings


class ConfigFileError(click.ClickException):
    """A configuration file flexlint cannot use: exit 2, with the file, the key and what was expected."""

    exit_code = EXIT_ERROR


def _typed(context: click.Context, param: str) -> bool:
    source = context.get_parameter_source(param)
    return source is not None and source != click.core.ParameterSource.DEFAULT


def resolver_for(overrides: dict, config_file: str | None, isolated: bool) -> ConfigResolver:
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


def _validate_recognizer_file(path: str) -> None:
    """A bad --recognizers file is a usage error naming the file, found before any payload is read."""
    from pathlib import Path

    from flexlint.detect.matching.recognizers import recognizers_from_yaml

    try:
        loaded = recognizers_from_yaml(Path(path))
    except OSError as error:
        raise click.UsageError(f"--recognizers {path}: {error.strerror or 'cannot be read'}") from None
    except Exception as error:  # YAML syntax, missing or unknown keys: the file is the user's, not PHI
        raise click.UsageError(f"--recognizers {path}: not a valid recognizer file ({error})") from None
    known = entities()
    for recognizer in loaded:
        for entity in recognizer.supported_entities:
            if entity not in known:
                raise click.UsageError(
                    f"--recognizers {path}: entity {entity!r} maps to no rule; use one of {', '.join(sorted(known))}"
                )


def show_progress() -> bool:
    """A progress line only for a person at a terminal: never in CI logs or piped output."""
    return sys.stderr.isatty() and not os.environ.get("CI") and not os.environ.get("GITHUB_ACTIONS")


class Progress:
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
