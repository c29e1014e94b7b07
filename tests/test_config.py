"""Configuration: discovery, every key, validation messages, suppression matching and provenance."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from flexlint.config import (
    COMMAND_LINE,
    DEFAULT,
    ConfigError,
    ConfigResolver,
    find_config,
    load_config,
    resolve,
)
from flexlint.model import Severity
from flexlint.registry import all_rules
from flexlint.settings import Settings
from flexlint.suppressions import Suppressions, path_matches, pointer_matches

ROOT = Path(__file__).resolve().parent.parent
ALL_CODES = set(all_rules())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def enabled(settings) -> set[str]:
    return {code for code in ALL_CODES if settings.selection.enabled(code)}


# --- discovery ---------------------------------------------------------------------------------------------


def test_the_nearest_config_above_the_file_wins(tmp_path: Path) -> None:
    root = write(tmp_path / "pyproject.toml", '[tool.flexlint]\nprofile = "strict"\n')
    sub = write(tmp_path / "sub" / "flexlint.toml", 'fail-on = "warning"\n')
    (tmp_path / "sub" / "deep").mkdir()
    assert find_config(tmp_path / "sub" / "deep" / "task.json") == sub
    assert find_config(tmp_path / "sub") == sub
    assert find_config(tmp_path / "other" / "task.json") == root


def test_a_pyproject_without_a_flexlint_table_does_not_count(tmp_path: Path) -> None:
    root = write(tmp_path / "flexlint.toml", "select = ['FLX1']\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n')
    assert find_config(tmp_path / "pkg" / "task.json") == root
    with pytest.raises(ConfigError, match=r"pyproject\.toml: has no \[tool.flexlint\] table"):
        load_config(tmp_path / "pkg" / "pyproject.toml")


def test_within_one_directory_dot_flexlint_then_flexlint_then_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.flexlint]\n")
    assert find_config(tmp_path / "a.json") == tmp_path / "pyproject.toml"
    write(tmp_path / "flexlint.toml", "")
    assert find_config(tmp_path / "a.json") == tmp_path / "flexlint.toml"
    write(tmp_path / ".flexlint.toml", "")
    assert find_config(tmp_path / "a.json") == tmp_path / ".flexlint.toml"


def test_resolver_per_file_forced_and_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "flexlint.toml", 'profile = "strict"\nfail-on = "info"\n')
    write(tmp_path / "sub" / "flexlint.toml", 'score-threshold = 0.9\n')
    forced = write(tmp_path / "elsewhere" / "ci.toml", 'fail-on = "warning"\n')
    monkeypatch.chdir(tmp_path)

    per_file = ConfigResolver()
    assert per_file.for_path("task.json")[0].profile == "strict"
    nested, origins = per_file.for_path(tmp_path / "sub" / "task.json")
    assert (nested.profile, nested.score_threshold) == ("hipaa", 0.9)  # nearest wins, no merging
    assert origins["score-threshold"] == str(tmp_path / "sub" / "flexlint.toml")
    assert per_file.for_run()[0].fail_on is Severity.INFO
    assert per_file.for_path("-")[0].profile == "strict"  # stdin: the working directory's config

    everywhere = ConfigResolver(config_file=forced)
    assert {everywhere.for_path(p)[0].fail_on for p in ("task.json", "sub/task.json")} == {Severity.WARNING}

    isolated, origins = ConfigResolver({"profile": "strict"}, isolated=True).for_path("sub/task.json")
    assert (isolated.score_threshold, isolated.config_file, origins["profile"]) == (0.35, None, COMMAND_LINE)
    with pytest.raises(ValueError, match="cannot be used together"):
        ConfigResolver(config_file=forced, isolated=True)


# --- every key ---------------------------------------------------------------------------------------------


def test_every_key_is_parsed(tmp_path: Path) -> None:
    write(tmp_path / "rules" / "acme.yaml", "recognizers: []\n")
    path = write(
        tmp_path / "pyproject.toml",
        """
        [tool.flexlint]
        select = ["FLX1", "FLX2"]
        extend-select = ["email-address"]
        ignore = ["FLX104"]
        fail-on = "warning"
        profile = "strict"
        organization-contacts = ["+15035550100", "help@example.org"]
        organization-domains = ["example-clinic.org"]
        recognizers = ["rules/acme.yaml"]
        score-threshold = 0.6
        exclude = ["legacy"]
        skip-directories = ["node_modules", "generated"]

        [tool.flexlint.per-file-ignores]
        "fixtures/phi/*" = ["FLX3"]

        [tool.flexlint.per-pointer-ignores]
        "/conversations/conversation_attribute_4" = ["other-identifier"]

        [tool.flexlint.severity]
        FLX101 = "info"
        FLX3 = "warning"

        [tool.flexlint.extra-preserved-attributes]
        root = ["new_root_attr"]
        conversations = ["conversation_attribute_11"]
        """,
    )
    settings, origins = resolve(load_config(path))
    assert enabled(settings) == {c for c in ALL_CODES if c.startswith(("FLX1", "FLX2")) and c != "FLX104"} | {"FLX306"}
    assert settings.fail_on is Severity.WARNING
    assert settings.profile == "strict"
    assert settings.organization_contacts == ("+15035550100", "help@example.org")
    assert settings.organization_domains == ("example-clinic.org",)
    assert settings.recognizers == (str(tmp_path / "rules" / "acme.yaml"),)  # relative to the config file
    assert settings.score_threshold == 0.6
    assert settings.suppressions == Suppressions(
        base=str(tmp_path),
        per_file=(("fixtures/phi/*", ("FLX3",)),),
        per_pointer=(("/conversations/conversation_attribute_4", ("FLX317",)),),  # names become codes
        exclude=("legacy",),
    )
    assert settings.severity_overrides == (("FLX101", Severity.INFO), ("FLX3", Severity.WARNING))
    assert settings.severity_for("FLX101", Severity.WARNING) is Severity.INFO
    assert settings.severity_for("FLX301", Severity.ERROR) is Severity.WARNING
    assert settings.severity_for("FLX201", Severity.WARNING) is Severity.WARNING
    assert settings.extra_preserved == (("conversations", ("conversation_attribute_11",)), ("root", ("new_root_attr",)))
    assert settings.skip_directories == ("node_modules", "generated")
    assert settings.config_file == str(path)
    assert set(origins.values()) == {str(path)}


def test_no_config_gives_the_defaults() -> None:
    settings, origins = resolve(None)
    assert settings == Settings()  # equal, so a CLI run and a library call share cache entries
    assert enabled(settings) == ALL_CODES
    assert (settings.fail_on, settings.profile, settings.score_threshold) == (Severity.ERROR, "hipaa", 0.35)
    assert set(origins.values()) == {DEFAULT}


def test_resolve_covers_every_key_of_the_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert set(resolve(None)[1]) == set(schema["properties"])


# --- command line over config (ruff's layering) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "cli", "on", "off"),
    [
        ("select = ['FLX1']", {}, {"FLX101"}, {"FLX201"}),
        ("select = ['FLX1']", {"select": ["FLX2"]}, {"FLX201"}, {"FLX101"}),  # --select replaces
        ("select = ['FLX1']", {"extend_select": ["FLX201"]}, {"FLX101", "FLX201"}, {"FLX202"}),  # adds
        ("ignore = ['FLX101']", {"extend_select": ["FLX101"]}, {"FLX101"}, set()),  # a later layer wins
        ("ignore = ['FLX3']", {"select": ["FLX301"]}, {"FLX301"}, {"FLX302"}),  # a new select starts afresh
        ("select = ['FLX1']", {"ignore": ["FLX104"]}, {"FLX101"}, {"FLX104", "FLX201"}),  # --ignore edits
        ("ignore = ['FLX1']\nselect = ['FLX101']", {}, {"FLX101"}, {"FLX102"}),  # longest prefix wins
    ],
)
def test_selection_layers(tmp_path: Path, config: str, cli: dict, on: set[str], off: set[str]) -> None:
    settings, _ = resolve(load_config(write(tmp_path / "flexlint.toml", config)), cli)
    assert on <= enabled(settings) and not (off & enabled(settings))


def test_provenance_and_command_line_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path / "flexlint.toml",
        'select = ["FLX1"]\nfail-on = "info"\nexclude = ["legacy"]\nrecognizers = []\norganization-contacts = ["a"]\n',
    )
    settings, origins = resolve(
        load_config(path),
        {"fail_on": "warning", "exclude": ["tmp/*"], "recognizers": ["mine.yaml"], "ner": False, "show_values": True},
    )
    assert origins["select"] == origins["organization-contacts"] == str(path)
    assert origins["fail-on"] == origins["exclude"] == origins["recognizers"] == COMMAND_LINE
    assert origins["profile"] == origins["per-file-ignores"] == DEFAULT
    assert settings.fail_on is Severity.WARNING
    assert settings.exclude == ("tmp/*",) and settings.suppressions.exclude == ()  # --exclude replaces
    assert settings.recognizers == ("mine.yaml",)  # command-line paths stay relative to the working directory
    assert (settings.ner, settings.show_values) == (False, True)
    with pytest.raises(ValueError, match="unknown command-line override"):
        resolve(None, {"selekt": ["FLX1"]})


# --- validation messages: the file, the key, and what was expected -------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "key", "expected"),
    [
        ("flexlint.toml", "extend_select = ['FLX1']", "extend_select", "unknown key (did you mean `extend-select`?)"),
        ("pyproject.toml", "[tool.flexlint]\nselect = 'FLX1'", "tool.flexlint.select", 'expected an array, found the string "FLX1"'),
        ("flexlint.toml", "select = [101]", "select[0]", "expected a string, found an integer"),
        ("flexlint.toml", "fail-on = 'fatal'", "fail-on", 'expected one of "error", "warning", "info", found the string "fatal"'),
        ("flexlint.toml", "profile = 1", "profile", 'expected one of "hipaa", "strict", found an integer'),
        ("flexlint.toml", "score-threshold = 1.5", "score-threshold", "expected a number from 0 to 1, found 1.5"),
        ("flexlint.toml", "score-threshold = 'high'", "score-threshold", "expected a number, found the string"),
        ("flexlint.toml", "organization-contacts = ['']", "organization-contacts[0]", "expected a non-empty string"),
        ("flexlint.toml", "exclude = [true]", "exclude[0]", "expected a string, found a boolean"),
        ("flexlint.toml", "recognizers = 'a.yaml'", "recognizers", "expected an array"),
        ("flexlint.toml", "recognizers = ['missing.yaml']", "recognizers[0]", '"missing.yaml" is not a file'),
        ("flexlint.toml", "severity = {FLX101 = 'fatal'}", "severity.FLX101", 'expected one of "error", "warning", "info"'),
        ("flexlint.toml", "severity = {FLX999 = 'info'}", "severity.FLX999", 'expected a rule code, prefix or name'),
        ("flexlint.toml", "ignore = ['FLX1', 'FLX999']", "ignore[1]", 'expected a rule code, prefix or name (FLX101, FLX1, near-miss-key), found "FLX999"'),
        ("flexlint.toml", "extend-select = ['no-such-rule']", "extend-select[0]", "expected a rule code"),
        ("flexlint.toml", "per-file-ignores = {'legacy/*' = 'FLX1'}", 'per-file-ignores."legacy/*"', "expected an array"),
        ("flexlint.toml", "per-file-ignores = {'legacy/*' = ['nope']}", 'per-file-ignores."legacy/*"[0]', "expected a rule code"),
        ("flexlint.toml", "per-pointer-ignores = {'conversations/x' = ['FLX1']}", 'per-pointer-ignores."conversations/x"', "expected a JSON pointer pattern starting with '/'"),
        ("flexlint.toml", "per-pointer-ignores = {'/a~2b' = ['FLX1']}", 'per-pointer-ignores."/a~2b"', "'~' must be followed by 0 or 1"),
        ("flexlint.toml", "extra-preserved-attributes = {agents = ['x']}", "extra-preserved-attributes.agents", "unknown key; expected one of conversations, customers, root"),
        ("flexlint.toml", "extra-preserved-attributes = ['x']", "extra-preserved-attributes", "expected a table, found an array"),
        ("pyproject.toml", "[tool]\nflexlint = 3", "tool.flexlint", "expected a table, found an integer"),
    ],
)
def test_validation_error_names_file_key_and_expectation(tmp_path: Path, name: str, text: str, key: str, expected: str) -> None:
    path = write(tmp_path / name, text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: `{key}`: "), message
    assert expected in message, message
    assert (key, ) == tuple(k for k, _ in caught.value.problems if k == key)[:1]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "flexlint.toml", "fail-on = 'fatal'\nprofil = 'strict'\nselect = 'FLX1'\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert [key for key, _ in caught.value.problems] == ["fail-on", "profil", "select"]
    assert "did you mean `profile`?" in str(caught.value)


def test_invalid_toml_names_the_file_and_the_position(tmp_path: Path) -> None:
    path = write(tmp_path / ".flexlint.toml", "profile = 'strict'\nfail-on = \n")
    with pytest.raises(ConfigError, match=r"\.flexlint\.toml: is not valid TOML \(.*line 2"):
        load_config(path)


def test_a_broken_pyproject_found_on_the_way_up_is_an_error_not_a_skip(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.flexlint\n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        find_config(tmp_path / "task.json")


# --- per-file and per-pointer matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("legacy/*", "legacy/a.json", True),
        ("legacy/*", "legacy/deep/a.json", True),  # fnmatch: `*` crosses '/', as --exclude and ruff
        ("legacy", "legacy/deep/a.json", True),  # a directory covers what is inside it
        ("legacy/", "legacy/a.json", True),
        ("./legacy/*.json", "legacy/a.json", True),
        ("*.ndjson", "events/2026/day.ndjson", True),  # a bare name pattern matches the file name
        ("fixtures/phi/*", "fixtures/clean/a.json", False),
        ("legacy/*", "src/legacy.json", False),
        ("**/phi/*.json", "a/b/phi/x.json", True),
    ],
)
def test_path_globs(pattern: str, path: str, matches: bool) -> None:
    assert path_matches(pattern, path) is matches


def test_per_file_ignores_are_relative_to_the_config_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = Suppressions(base=str(tmp_path), per_file=(("fixtures/phi/*", ("FLX3",)), ("*.ndjson", ("FLX201",))))
    (tmp_path / "fixtures" / "phi").mkdir(parents=True)
    target = tmp_path / "fixtures" / "phi" / "a.json"
    assert rules.ignored_by_file(str(target), "FLX301")
    assert not rules.ignored_by_file(str(target), "FLX101")  # only the listed codes
    assert rules.ignored_by_file(str(tmp_path / "x" / "e.ndjson"), "FLX201")
    monkeypatch.chdir(tmp_path / "fixtures")  # a relative path is taken from the working directory
    assert rules.ignored_by_file("phi/a.json", "FLX302")
    assert not rules.ignored_by_file("../other/a.json", "FLX302")
    assert not Suppressions(base=str(tmp_path / "fixtures" / "phi"), per_file=(("fixtures/phi/*", ("FLX3",)),)).ignored_by_file(
        str(target), "FLX301"
    )


def test_excluded_is_relative_to_the_config_directory(tmp_path: Path) -> None:
    rules = Suppressions(base=str(tmp_path / "repo"), exclude=("legacy", "*.ndjson"))
    assert rules.excluded(str(tmp_path / "repo" / "legacy" / "a.json"))
    assert rules.excluded(str(tmp_path / "repo" / "x" / "b.ndjson"))
    assert not rules.excluded(str(tmp_path / "repo" / "current" / "a.json"))


@pytest.mark.parametrize(
    ("pattern", "pointer", "matches"),
    [
        ("/conversations/content", "/conversations/content", True),
        ("/conversations/content", "/conversations/content/0", False),  # exact unless /** is added
        ("/conversations/content/**", "/conversations/content", True),  # ** may match nothing
        ("/conversations/content/**", "/conversations/content/0/text", True),
        ("/conversations/*", "/conversations/outcome", True),
        ("/conversations/*", "/conversations/media/0", False),  # * is one token
        ("/conversations/conversation_attribute_*", "/conversations/conversation_attribute_4", True),
        ("/conversations/media/*/url", "/conversations/media/3/url", True),
        ("/**/url", "/conversations/media/3/url", True),
        ("/**", "", True),
        ("", "", True),
        ("/a~1b", "/a~1b", True),  # escaped '/' inside a key
        ("/a~1*", "/a~1b", True),
        ("/a*", "/a~1b", True),  # tokens are unescaped before matching: "a/b" is one token
        ("/customers/[*]", "/customers/*", True),
        ("/customers/[*]", "/customers/name", False),
        ("/Conversations/content", "/conversations/content", False),  # case-sensitive, like JSON keys
    ],
)
def test_pointer_patterns(pattern: str, pointer: str, matches: bool) -> None:
    assert pointer_matches(pattern, pointer) is matches


def test_per_pointer_ignores_match_codes_and_payload_pointers() -> None:
    rules = Suppressions(per_pointer=(("/conversations/conversation_attribute_4", ("FLX317",)), ("/**/url", ("FLX4",))))
    assert rules.ignored_by_pointer("/conversations/conversation_attribute_4", "FLX317")
    assert not rules.ignored_by_pointer("/conversations/conversation_attribute_4", "FLX301")
    assert rules.ignored_by_pointer("/conversations/media/0/url", "FLX401")
    assert rules.ignored("any.json", "/conversations/media/0/url", "FLX401")
    assert not rules.ignored("any.json", "/conversations/media/0/type", "FLX401")
