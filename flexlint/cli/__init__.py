"""The command line: a thin layer that parses arguments, calls the library and sets the exit code.

Exit codes (as in ruff): 0 nothing at or above --fail-on, 1 findings at or above it, 2 a usage error or a
failure of flexlint itself. One module per command family; the library does the work.
"""

from __future__ import annotations

import sys

import click

from flexlint.cli.baseline import baseline
from flexlint.cli.check import check
from flexlint.cli.options import EXIT_CLEAN, EXIT_ERROR
from flexlint.cli.other import clean, config_command, filter_command, rule
from flexlint.cli.redact import redact_command


def _print_versions(context: click.Context, _param: click.Parameter, value: bool) -> None:
    """flexlint's version, then Presidio's, spaCy's and the model's, read from package metadata (no import)."""
    if not value or context.resilient_parsing:
        return
    from flexlint.detect.environment import versions_report

    click.echo("\n".join(versions_report()))
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_versions,
    help="Show the versions of flexlint, Presidio, spaCy and the spaCy model, and whether the model was found.",
)
def cli() -> None:
    """Lint Twilio Flex task attributes for the Flex Insights HIPAA Events Filter."""


for command in (check, baseline, config_command, filter_command, redact_command, rule, clean):
    cli.add_command(command)


def main() -> None:
    """Entry point: click handles usage errors (exit 2); anything unexpected also exits 2, without a traceback."""
    # A key with a lone surrogate is valid JSON but not encodable: escape it rather than lose the whole report.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
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
