"""Code that writes task attributes, beyond the one-behaviour fixtures: the rules' documented examples, walks,
grammars, parse errors beside other files, the baseline, the cache, --jobs, SARIF and the sources registry."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from flexlint import check_paths
from flexlint.baseline import Baseline
from flexlint.cache import FileCache
from flexlint.code.rules import CODE_RULES
from flexlint.selection import Selection
from flexlint.settings import Settings
from flexlint.sources import discover
from flexlint.sources.registry import FILE_READERS, INPUT_FORMATS, RECORD_KINDS, reader_for

FAST = Settings(ner=False)
TAINTED = "export const tag = (task, event) =>\n  task.setAttributes({ conversations: { conversation_attribute_1: event.target.value } });\n"


def codes(path: Path | str, settings: Settings = FAST) -> list[str]:
    report = check_paths([str(path)], settings)
    assert not report.internal_errors
    return [f.code for f in report.findings]


@pytest.mark.parametrize("rule", CODE_RULES, ids=lambda r: r.code)
def test_documented_example_fails_with_its_code(tmp_path: Path, rule) -> None:
    path = tmp_path / "example.js"
    path.write_text(f"async function example(client, ws, task, event, req) {{\n{rule.example}\n}}\n")
    assert rule.code in codes(path)


def test_walks_skip_dependencies_build_output_and_virtual_environments(tmp_path: Path) -> None:
    for name in ("src", "node_modules/pkg", "dist", "build", ".git", "env-py", "lib"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "wrapup.js").write_text(TAINTED)
    (tmp_path / "env-py" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    found = sorted(Path(t.path).parent.name for t in discover([str(tmp_path)]))
    assert found == ["lib", "src"]
    configured = sorted(Path(t.path).parent.name for t in discover([str(tmp_path)], skip_directories=("lib",)))
    assert "lib" not in configured and "dist" in configured and "pkg" in configured
    assert codes(tmp_path / "node_modules" / "pkg") == ["FLX601"]  # a directory named explicitly is read


def test_skip_directories_from_settings_reach_the_walk(tmp_path: Path) -> None:
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "a.js").write_text(TAINTED)
    assert codes(tmp_path) == ["FLX601"]
    assert codes(tmp_path, Settings(ner=False, skip_directories=("generated",))) == []


def test_the_grammar_is_chosen_by_suffix(tmp_path: Path) -> None:
    typed = "export const f = (task: any): void => { task.setAttributes({ conversations: { queue: 'Billing' } }); };\n"
    (tmp_path / "typed.ts").write_text(typed)
    (tmp_path / "typed.js").write_text(typed)  # TypeScript syntax is an error to the JavaScript grammar
    (tmp_path / "view.tsx").write_text("export const V = () => <div>{1}</div>;\n")
    (tmp_path / "view.ts").write_text("export const V = () => <div>{1}</div>;\n")  # JSX is not TypeScript
    report = check_paths([str(tmp_path)], FAST)
    assert sorted((Path(f.file).name, f.code) for f in report.findings) == [("typed.js", "FLX001"), ("view.ts", "FLX001")]


def test_a_file_that_does_not_parse_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a_broken.py").write_text("def f(:\n")
    (tmp_path / "b_ok.js").write_text(TAINTED)
    report = check_paths([str(tmp_path)], FAST)
    assert [(Path(f.file).name, f.code, f.line) for f in report.findings] == [
        ("a_broken.py", "FLX001", 1), ("b_ok.js", "FLX601", 2)
    ]
    assert report.exit_code == 1 and "invalid Python" in report.findings[0].message


def test_columns_are_characters_and_messages_name_the_sink_line(tmp_path: Path) -> None:
    path = tmp_path / "accents.js"
    path.write_text("// café ☕\nconst é = 1; task.setAttributes({ conversations: { content: event.Body } });\n")
    (finding,) = check_paths([str(path)], FAST).findings
    assert (finding.line, finding.column, finding.pointer) == (2, 61, "/conversations/content")
    assert finding.message.endswith("(written by a Flex task's setAttributes at line 2)")


def test_baseline_keys_code_findings_by_file_pointer_and_code(tmp_path: Path) -> None:
    path = tmp_path / "wrapup.js"
    path.write_text(TAINTED)
    baseline = Baseline.from_findings(check_paths([str(path)], FAST).findings, tmp_path, cwd=tmp_path)
    assert [(e.file, e.pointer, e.code) for e in baseline.entries] == [
        ("wrapup.js", "/conversations/conversation_attribute_1", "FLX601")
    ]
    path.write_text("// moved down by a comment\n\n" + TAINTED)  # lines move; the key does not
    new, stale = baseline.filter(check_paths([str(path)], FAST).findings, cwd=tmp_path)
    assert new == [] and stale == []


def test_the_cache_key_of_code_covers_the_modules_it_imports(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    wrapper = tmp_path / "lib" / "save.js"
    wrapper.write_text("export function save(task, v) { return task.setAttributes({ conversations: { content: v } }); }\n")
    caller = tmp_path / "caller.js"
    caller.write_text("import { save } from './lib/save';\nexport const f = (task, req) => save(task, req.body.note);\n")
    cache = FileCache(tmp_path / ".cache", FAST)
    before = cache.key(str(caller), FAST)
    assert before == cache.key(str(caller), FAST)
    wrapper.write_text("export function save(task, v) { return task.setAttributes({ reason: v }); }\n")
    assert cache.key(str(caller), FAST) != before
    report = check_paths([str(caller)], FAST, cache=FileCache(tmp_path / ".cache", FAST))
    assert [(f.code, f.pointer) for f in report.findings] == [("FLX601", "/reason")]


def test_jobs_and_a_single_process_find_the_same(tmp_path: Path) -> None:
    tree = Path(__file__).parent / "fixtures" / "code"
    one = check_paths([str(tree)], FAST)
    two = check_paths([str(tree)], FAST, jobs=2)
    assert [(f.file, f.line, f.column, f.code) for f in one.findings] == [
        (f.file, f.line, f.column, f.code) for f in two.findings
    ]
    assert {"FLX601", "FLX602", "FLX603", "FLX604", "FLX001"} <= {f.code for f in one.findings}


def test_code_payloads_survive_pickling_for_worker_processes(tmp_path: Path) -> None:
    from flexlint.sources import Target, read

    path = tmp_path / "wrapup.js"
    path.write_text(TAINTED)
    (payload,) = list(read(Target(str(path), str(path))))
    again = pickle.loads(pickle.dumps(payload))
    assert again.code_writes == payload.code_writes and again.attributes == payload.attributes


def test_sarif_carries_the_code_rules(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "wrapup.js"
    path.write_text(TAINTED)
    result = run_cli("check", "--no-ner", "--output-format", "sarif", str(path))
    sarif = json.loads(result.output)
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"FLX601", "FLX602", "FLX603", "FLX604"} <= rules
    (location,) = sarif["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["region"]["startLine"] == 2


def test_stdin_is_read_as_code_by_its_name_or_its_forced_format(run_cli) -> None:
    named = run_cli("check", "--no-ner", "--stdin-filename", "plugin.js", "-", input=TAINTED)
    forced = run_cli("check", "--no-ner", "--input-format", "javascript", "-", input=TAINTED)
    assert "FLX601" in named.output and "FLX601" in forced.output


def test_every_reader_and_kind_declares_its_format_name() -> None:
    names = [r.name for r in FILE_READERS if r.forceable] + [k.name for k in RECORD_KINDS]
    assert len(set(names)) == len(names) and set(names) <= set(INPUT_FORMATS)
    assert reader_for("plugin.tsx", "auto").name == "tsx" and reader_for("a.ts", "auto").name == "typescript"
    assert reader_for("a.mjs", "auto").name == "javascript" and reader_for("svc.py", "auto").name == "python"
    assert reader_for("a.js", "task").name == "json"  # a record kind forced on a file reads it as JSON


def test_a_callback_saved_as_json_is_read_as_a_callback(tmp_path: Path) -> None:
    attributes = {"conversations": {"content": "x"}, "patient_notes": "y"}
    path = tmp_path / "callback.json"
    path.write_text(json.dumps({
        "EventType": "task.created", "TaskSid": "WT0", "WorkspaceSid": "WS0", "TaskAttributes": json.dumps(attributes),
    }))
    report = check_paths([str(path)], Settings(ner=False, selection=Selection.from_specs(["FLX1"])))
    assert [(f.code, f.pointer, f.inner_pointer) for f in report.findings] == [
        ("FLX101", "/TaskAttributes", "/patient_notes")
    ]
    worker = tmp_path / "worker.json"
    worker.write_text(json.dumps({"EventType": "worker.activity.update", "WorkerSid": "WK0", "Timestamp": "1"}))
    report = check_paths([str(worker)], FAST)
    assert report.findings == [] and report.stats.skipped == {"worker.activity.update": 1}


def test_walks_skip_the_json_configuration_of_tools(tmp_path: Path) -> None:
    for name in ("package.json", "tsconfig.json", "tsconfig.build.json", "task.json"):
        (tmp_path / name).write_text('{"name": "x"}')
    assert [Path(t.path).name for t in discover([str(tmp_path)])] == ["task.json"]
    assert [Path(t.path).name for t in discover([str(tmp_path / "package.json")])] == ["package.json"]


def test_react_state_set_from_a_form_object_is_caller_data(tmp_path: Path) -> None:
    path = tmp_path / "Form.jsx"
    path.write_text(
        "export function F({ task }) {\n"
        "  const [form, setForm] = useState({});\n"
        "  const save = () => task.setAttributes({ conversations: { content: form.notes } });\n"
        "  return <input onChange={(e) => setForm({ ...form, [e.target.name]: e.target.value })} />;\n"
        "}\n"
    )
    assert codes(path) == ["FLX601"]


def test_chains_that_would_double_the_work_at_every_step_stay_linear(tmp_path: Path) -> None:
    """`a = b = c = ... = 0` (transpiled exports) and `x = x + x` repeated: lowered and followed once each."""
    chained = "exports.a0 = " + " = ".join(f"exports.a{i}" for i in range(1, 40)) + " = void 0;\n"
    doubled = "let x = event.Body;\n" + "x = x + x;\n" * 40
    path = tmp_path / "generated.js"
    path.write_text(chained + "exports.handler = (event) => {\n" + doubled
                    + "task.setAttributes({ conversations: { content: x } });\n};\n")
    assert codes(path) == ["FLX601"]


@pytest.mark.parametrize("command", ["filter", "redact"])
def test_filter_and_redact_refuse_code_with_a_clear_message(run_cli, command: str) -> None:
    path = Path(__file__).parent / "fixtures" / "code" / "sink_tasks_create_node.js"
    result = run_cli(command, str(path))
    assert result.exit_code != 0 and "is code" in result.output and "Traceback" not in result.output


def test_odd_code_is_reported_never_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.js").write_text("task.setAttributes({ a: " + "[" * 3000 + "]" * 3000 + " });\n")
    (tmp_path / "deep.py").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    (tmp_path / "empty.ts").write_text("")
    (tmp_path / "latin1.js").write_bytes(b"// caf\xe9\n")
    (tmp_path / "bom.js").write_bytes(b"\xef\xbb\xbf" + TAINTED.encode())
    (tmp_path / "crlf.js").write_bytes(TAINTED.replace("\n", "\r\n").encode())
    report = check_paths([str(tmp_path)], FAST)
    assert not report.internal_errors
    found = sorted((Path(f.file).name, f.code, f.line, f.column) for f in report.findings)
    assert found == [
        ("bom.js", "FLX601", 2, 67), ("crlf.js", "FLX601", 2, 67), ("deep.js", "FLX001", 1, 1),
        ("deep.py", "FLX001", 1, 205), ("latin1.js", "FLX001", 1, 7),
    ]


def test_the_cache_key_covers_a_helper_behind_a_barrel(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    helper = tmp_path / "lib" / "save.js"
    helper.write_text("export const save = (task, v) => task.setAttributes({ conversations: { content: v } });\n")
    (tmp_path / "lib" / "index.js").write_text("export * from './save';\n")
    caller = tmp_path / "caller.js"
    caller.write_text("import { save } from './lib';\nexport const f = (task, req) => save(task, req.body.note);\n")
    assert codes(caller) == ["FLX601"]
    cache = FileCache(tmp_path / ".cache", FAST)
    before = cache.key(str(caller), FAST)
    helper.write_text("export const save = (task, v) => task.setAttributes({ reason: v });\n")
    assert cache.key(str(caller), FAST) != before
