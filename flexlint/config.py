"""Configuration files: discovery, loading, validation, and resolution into Settings with provenance.

Sources, in each directory from the checked file upwards: `.flexlint.toml`, `flexlint.toml` (keys at the top
level), then `pyproject.toml` (the `[tool.flexlint]` table; a pyproject.toml without one does not count, as in
ruff). The nearest one wins; there is no merging. `--config PATH` forces one file for every checked file, and
`--isolated` ignores them all. Keys are kebab-case; schemas/config.schema.json is the contract.

Values from the command line override the file. The rule selection is layered as in ruff: defaults, then the
file's select/extend-select/ignore, then the command line's; a layer with `select` starts afresh, one without
it edits the layer below. `fail-on` is run-wide: the CLI takes it from the configuration of the working
directory (ConfigResolver.for_run), not per file.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flexlint.config_validation import CODE_LIST_KEYS, config_keys, problems
from flexlint.model import Severity
from flexlint.selection import Selection, _normalise
from flexlint.settings import Settings
from flexlint.suppressions import Suppressions

CONFIG_NAMES = (".flexlint.toml", "flexlint.toml", "pyproject.toml")  # precedence within one directory
DEFAULT, COMMAND_LINE = "default", "command line"
# What resolve() accepts from the command line: a config key in snake_case overrides that key; ner and
# show_values exist on the command line only.
CLI_KEYS = frozenset(
    {"select", "extend_select", "ignore", "fail_on", "profile", "exclude", "organization_contacts",
     "organization_domains", "recognizers", "score_threshold", "ner", "show_values"}
)  # fmt: skip


class ConfigError(Exception):
    """A configuration file that cannot be used. The message names the file, each key and what was expected."""

    def __init__(self, file: str | Path, problems: list[tuple[str, str]]) -> None:
        self.file, self.problems = str(file), problems
        super().__init__("\n".join(f"{self.file}: `{k}`: {e}" if k else f"{self.file}: {e}" for k, e in problems))


@dataclass(frozen=True)
class Config:
    """One validated configuration file. `values` are as written (kebab-case keys); paths are not yet resolved."""

    path: Path
    values: Mapping[str, Any]

    @property
    def base(self) -> Path:
        return self.path.parent


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in `start` (a file's directory, or a directory) or above it."""
    start = Path(os.path.abspath(start))
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            # ruff's rule: a pyproject.toml counts only if it has our table (and a broken one is an error).
            if name != "pyproject.toml" or _table(candidate, _read_toml(candidate))[0] is not None:
                return candidate
    return None


def load_config(path: str | Path) -> Config:
    """Read and validate one file (raises ConfigError). Paths stay relative to the file's directory."""
    path = Path(os.path.abspath(path))
    table, prefix = _table(path, _read_toml(path))
    if table is None:
        raise ConfigError(path, [("", "has no [tool.flexlint] table")])
    found = problems(table, prefix, path.parent)
    if found:
        raise ConfigError(path, found)
    return Config(path, table)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(path, [("", f"cannot be read ({error.strerror or type(error).__name__})")]) from None
    except UnicodeDecodeError:
        raise ConfigError(path, [("", "is not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, [("", f"is not valid TOML ({error})")]) from None


def _table(path: Path, data: dict[str, Any]) -> tuple[Any, tuple[str, ...]]:
    if path.name != "pyproject.toml":
        return data, ()
    tool = data.get("tool")
    return (tool.get("flexlint") if isinstance(tool, dict) else None), ("tool", "flexlint")


def resolve(
    config: Config | None, cli_overrides: Mapping[str, Any] | None = None
) -> tuple[Settings, dict[str, str]]:
    """Settings for one configuration (None: defaults) under the command line, and where each key came from.

    `cli_overrides` holds only what was given on the command line, keyed as in CLI_KEYS: lists of specs for
    select/extend_select/ignore (raises SelectionError for an unknown one), strings or numbers otherwise.
    """
    cli = dict(cli_overrides or {})
    unknown = set(cli) - set(CLI_KEYS)
    if unknown:
        raise ValueError(f"unknown command-line override(s): {', '.join(sorted(unknown))}")
    values: Mapping[str, Any] = config.values if config is not None else {}
    origin = str(config.path) if config is not None else DEFAULT
    origins: dict[str, str] = {}
    picked: dict[str, Any] = {}
    for key in config_keys():  # every config key, in schema order
        cli_name = key.replace("-", "_")
        if cli_name in cli:
            origins[key], picked[key] = COMMAND_LINE, cli[cli_name]
        elif key in values:
            origins[key], picked[key] = origin, values[key]
        else:
            origins[key] = DEFAULT

    def from_file(key: str) -> Any:  # the file's value unless the command line replaced it
        return values.get(key) if origins[key] != COMMAND_LINE else None

    defaults = Settings()
    severity = from_file("severity") or {}
    extra = from_file("extra-preserved-attributes") or {}
    layers = [(values.get("select"), values.get("extend-select", []), values.get("ignore", []))]
    layers.append((cli.get("select"), cli.get("extend_select", []), cli.get("ignore", [])))
    recognizers = picked.get("recognizers", defaults.recognizers)
    if config is not None and origins["recognizers"] == origin:  # relative to the file; the CLI's stay as given
        recognizers = [str(config.base / name) for name in recognizers]
    settings = Settings(
        selection=_layered_selection(layers),
        fail_on=Severity.parse(picked.get("fail-on", str(defaults.fail_on))),
        show_values=bool(cli.get("show_values", defaults.show_values)),
        exclude=tuple(cli.get("exclude", ())),  # command-line globs, matched as --exclude always was
        profile=picked.get("profile", defaults.profile),
        ner=bool(cli.get("ner", defaults.ner)),
        recognizers=tuple(recognizers),
        score_threshold=float(picked.get("score-threshold", defaults.score_threshold)),
        organization_contacts=tuple(picked.get("organization-contacts", defaults.organization_contacts)),
        organization_domains=tuple(picked.get("organization-domains", defaults.organization_domains)),
        skip_directories=tuple(values["skip-directories"]) if "skip-directories" in values else None,
        severity_overrides=tuple((_normalise(code), Severity.parse(name)) for code, name in severity.items()),
        extra_preserved=tuple(sorted((scope, tuple(keys)) for scope, keys in extra.items())),
        suppressions=Suppressions(
            base=str(config.base) if config is not None else None,
            per_file=_code_map(from_file("per-file-ignores")),
            per_pointer=_code_map(from_file("per-pointer-ignores")),
            exclude=tuple(from_file("exclude") or ()),  # relative to the config file; --exclude replaces them
        ),
        config_file=str(config.path) if config is not None else None,
    )
    return settings, origins


def _code_map(table: Mapping[str, list[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((pattern, tuple(_normalise(c) for c in specs)) for pattern, specs in (table or {}).items())


def _layered_selection(layers: list[tuple[list[str] | None, list[str], list[str]]]) -> Selection:
    """ruff's layering, resolved to concrete codes: within a layer the longest prefix wins (ignore on a tie)."""
    from flexlint.registry import all_rules

    codes = list(all_rules())
    enabled = set(codes)  # the default layer: select = ["FLX"]
    for select, extend, ignore in layers:
        chosen = [_normalise(s) for s in (select or [])] + [_normalise(s) for s in extend]
        ignored = [_normalise(s) for s in ignore]
        below = set() if select is not None else enabled
        enabled = set()
        for code in codes:
            on = max((len(p) for p in chosen if code.startswith(p)), default=-1)
            off = max((len(p) for p in ignored if code.startswith(p)), default=-1)
            if on > off or (off < 0 and code in below):
                enabled.add(code)
    # All rules is spelt as the default, so settings from the CLI with no config equal Settings() (and share
    # its cache entries with library callers).
    return Selection() if enabled == set(codes) else Selection(select=tuple(sorted(enabled)), ignore=())


class ConfigResolver:
    """Settings per checked file: the nearest configuration above it, or the --config file, or none."""

    def __init__(
        self,
        cli_overrides: Mapping[str, Any] | None = None,
        *,
        config_file: str | Path | None = None,
        isolated: bool = False,
    ) -> None:
        if config_file is not None and isolated:
            raise ValueError("--config and --isolated cannot be used together")
        self._cli = dict(cli_overrides or {})
        self._isolated = isolated
        self._forced = load_config(config_file) if config_file is not None else None
        self._by_file: dict[Path | None, tuple[Settings, dict[str, str]]] = {}
        self._by_dir: dict[Path, Path | None] = {}

    def for_path(self, path: str | Path) -> tuple[Settings, dict[str, str]]:
        """For a checked file or directory ("-" means standard input: the working directory)."""
        if self._isolated or self._forced is not None:
            return self._settings(None, self._forced)
        text = os.path.abspath("." if str(path) == "-" else str(path))
        # Checked paths are files (a directory only for `config --show`): one isdir call, no Path per file.
        directory = Path(text if os.path.isdir(text) else os.path.dirname(text))
        if directory not in self._by_dir:
            self._by_dir[directory] = find_config(directory)
        found = self._by_dir[directory]
        return self._settings(found, None)

    def settings_for(self, path: str | Path) -> Settings:
        """The shape check_paths(settings_for=...) takes."""
        return self.for_path(path)[0]

    def for_run(self) -> tuple[Settings, dict[str, str]]:
        """Run-wide values (fail-on): the configuration of the working directory."""
        return self.for_path(Path.cwd())

    def _settings(self, found: Path | None, forced: Config | None) -> tuple[Settings, dict[str, str]]:
        key = forced.path if forced is not None else found
        if key not in self._by_file:
            config = forced if forced is not None else (load_config(found) if found is not None else None)
            self._by_file[key] = resolve(config, self._cli)
        return self._by_file[key]


def describe(settings: Settings) -> dict[str, Any]:
    """The resolved configuration as config keys and JSON values (`select` is the rules finally enabled)."""
    rules = settings.suppressions
    return {
        "select": list(settings.selection.select),
        "fail-on": str(settings.fail_on),
        "profile": settings.profile,
        "organization-contacts": list(settings.organization_contacts),
        "organization-domains": list(settings.organization_domains),
        "extra-preserved-attributes": {scope: list(keys) for scope, keys in settings.extra_preserved},
        "recognizers": list(settings.recognizers),
        "score-threshold": settings.score_threshold,
        "exclude": list(settings.exclude or rules.exclude),
        "skip-directories": list(settings.skip_directories if settings.skip_directories is not None
                                 else _default_skipped()),
        "per-file-ignores": {glob: list(codes) for glob, codes in rules.per_file},
        "per-pointer-ignores": {pattern: list(codes) for pattern, codes in rules.per_pointer},
        "severity": {code: str(severity) for code, severity in settings.severity_overrides},
    }


def _default_skipped() -> tuple[str, ...]:
    from flexlint.sources import DEFAULT_SKIPPED_DIRECTORIES

    return DEFAULT_SKIPPED_DIRECTORIES


def show(settings: Settings, origins: Mapping[str, str]) -> str:
    """`flexlint config --show`: one `key = value  # origin` line per key."""
    lines = [f"# {settings.config_file or 'no configuration file: defaults and command line only'}"]
    for key, value in describe(settings).items():
        # select, extend-select and ignore together make the rule set; name every layer that set it.
        keys = CODE_LIST_KEYS if key == "select" else (key,)
        where = ", ".join(dict.fromkeys(origins[k] for k in keys if origins[k] != DEFAULT)) or DEFAULT
        lines.append(f"{key} = {json.dumps(value)}  # {where}")
    return "\n".join(lines) + "\n"
