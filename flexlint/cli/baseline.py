"""`flexlint baseline create|update`: record today's findings so that a team adopting flexlint sees only new ones."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from flexlint.cli.options import EXIT_CLEAN, EXIT_ERROR, run, run_options


@click.group()
def baseline() -> None:
    """Write or refresh a baseline for `flexlint check --baseline FILE`."""


def _baseline_file(command: Any) -> Any:
    return click.option(
        "--baseline",
        "baseline_file",
        metavar="FILE",
        default="flexlint-baseline.json",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The baseline file.",
    )(command)


@baseline.command()
@run_options
@_baseline_file
@click.option("--force", is_flag=True, help="Overwrite an existing baseline.")
def create(**options: Any) -> None:
    """Record every current finding in PATHS."""
    from flexlint.baseline import Baseline

    path = Path(options["baseline_file"])
    if path.exists() and not options["force"]:
        raise click.UsageError(f"{path} exists; use `flexlint baseline update`, or --force to start over")
    report = _checked(options)
    Baseline.from_findings(report.findings, path.parent).write(path)
    click.echo(f"Wrote {path}: {len(report.findings)} findings in {len(report.files)} files.")
    sys.exit(EXIT_CLEAN)


@baseline.command()
@run_options
@_baseline_file
@click.option(
    "--no-add", is_flag=True, help="Only remove entries that no longer match; accept no new finding."
)
def update(**options: Any) -> None:
    """Drop entries that no longer match a finding in PATHS, and record new findings (unless --no-add)."""
    from flexlint.baseline import Baseline, BaselineError

    path = Path(options["baseline_file"])
    try:
        old = Baseline.load(path)
    except BaselineError as error:
        click.echo(f"flexlint: {error}", err=True)
        sys.exit(EXIT_ERROR)
    report = _checked(options)
    new = old.updated(report.findings, checked_files=report.files, add_new=not options["no_add"])
    new.write(path)
    click.echo(f"Updated {path}: {len(old)} -> {len(new)} recorded findings.")
    sys.exit(EXIT_CLEAN)


def _checked(options: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Run the checks; a run that failed anywhere writes no baseline (it would record a partial picture)."""
    report, _ = run(options)
    if report.internal_errors:
        for line in report.internal_errors:
            click.echo(f"flexlint: {line}", err=True)
        click.echo("flexlint: the baseline was not written", err=True)
        sys.exit(EXIT_ERROR)
    return report
