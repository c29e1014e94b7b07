"""`flexlint check`: run the checks, print a report in the chosen format, exit 0, 1 or 2."""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import TYPE_CHECKING, Any, TextIO

import click

from flexlint.cli.options import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, run, run_options

if TYPE_CHECKING:
    from flexlint.pipeline import Report

# The names in flexlint.report.REPORTERS (a test keeps them equal), without importing the reporters at start-up.
OUTPUT_FORMATS = ("text", "concise", "json", "sarif", "github", "junit", "gitlab")


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


@click.command()
@run_options
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    help="How findings are printed [default: text, or github when GITHUB_ACTIONS=true].",
)
@click.option(
    "--output-file", "-o", metavar="PATH", type=click.Path(dir_okay=False), help="Write the report here."
)
@click.option(
    "--statistics", is_flag=True, help="Count findings per rule and per attribute instead of listing them."
)
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary line.")
@click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run (2 still means an error)."
)
@click.option(
    "--baseline",
    "baseline_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Report only findings not recorded in this baseline (see `flexlint baseline`).",
)
def check(**options: Any) -> None:
    """Check task-attribute files (.json, .jsonl, .ndjson), directories, or '-' for standard input."""
    baseline = _load_baseline(options["baseline_file"]) if options["baseline_file"] else None
    report, settings = run(options)
    if baseline is not None:
        new, stale = baseline.filter(report.findings, checked_files=report.files)
        report.findings = new
        # An entry of a rule this run did not select is not stale: it was simply not looked for.
        stale = [entry for entry in stale if settings.selection.enabled(entry.code)]
        if stale:
            click.echo(
                f"flexlint: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} no longer match a finding; "
                "run `flexlint baseline update` to remove them",
                err=True,
            )
    output_format = options["output_format"]
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    write_report(
        report,
        output_format,
        options["output_file"],
        statistics=options["statistics"],
        quiet=options["quiet"],
    )
    for line in report.internal_errors:
        click.echo(f"flexlint: {line}", err=True)
    if options["exit_zero"] and report.exit_code == EXIT_FINDINGS:
        sys.exit(EXIT_CLEAN)
    sys.exit(report.exit_code)


def _load_baseline(path: str):  # type: ignore[no-untyped-def]
    from flexlint.baseline import Baseline, BaselineError

    try:
        return Baseline.load(path)
    except BaselineError as error:
        click.echo(f"flexlint: {error}", err=True)
        sys.exit(EXIT_ERROR)


def write_report(
    report: Report, output_format: str, output_file: str | None, *, statistics: bool, quiet: bool
) -> None:
    from flexlint.report import REPORTERS
    from flexlint.report import statistics as stats

    if statistics:
        write = partial(stats.write, as_json=output_format == "json")
    elif output_format in ("text", "concise"):
        write = partial(REPORTERS[output_format], summary=not quiet)
    else:
        write = REPORTERS[output_format]
    if output_file is None:
        write(report, sys.stdout, use_color(sys.stdout))
        return
    try:
        with open(output_file, "w", encoding="utf-8", errors="backslashreplace") as out:
            write(report, out, False)
    except OSError as error:
        raise click.UsageError(
            f"--output-file {output_file}: {error.strerror or 'cannot be written'}"
        ) from None
