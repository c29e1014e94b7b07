"""How fast flexlint reads code that writes task attributes, against tree-sitter's parse of the same files.

Generates a Flex plugin repository (React components, helpers, Twilio Functions, TypeScript and TSX; a share
of the files write task attributes through the sinks of rules/code-sinks.json), then times, in one process and
on one core:

- the baseline: tree-sitter parsing every file (the grammar flexlint picks for it), nothing else;
- flexlint's code analysis of the same files: reading, parsing, lowering, following values to the sinks,
  building payloads (flexlint.sources.read);
- the same through check_paths, with the allowlist, data-model and detector checks (patterns, --no-ner);

and prints MB/s and the ratio to the parse. Then it times the `flexlint check --no-ner` command on a generated
repository of --repo-files files, start-up included. Targets (issue 13): analysis at least 2 MB/s and within
3x of the parse; a 1,000-file plugin repository checked in seconds.

    python benchmarks/code_speed.py --megabytes 4 --repo-files 1000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMPONENT = """import React, {{ useState, useEffect }} from 'react';
import {{ withTaskContext }} from '@twilio/flex-ui';
import {{ formatDuration, label{n} }} from '../utils/format{m}';

const STYLES{n} = {{ container: {{ padding: 8, display: 'flex' }}, title: {{ fontWeight: 'bold' }} }};

export const Panel{n} = ({{ task, manager, theme }}) => {{
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState([]);
  useEffect(() => {{
    if (!task) return;
    const timer = setInterval(() => setItems((old) => old.concat([{{ at: Date.now(), id: old.length }}])), 1000);
    return () => clearInterval(timer);
  }}, [task]);
  const rows = items.map((item, index) => (
    <li key={{item.id}} className={{index % 2 ? 'odd' : 'even'}}>{{formatDuration(item.at)}} {{label{n}(item)}}</li>
  ));
  return (
    <div style={{STYLES{n}.container}}>
      <h3 style={{STYLES{n}.title}} onClick={{() => setOpen(!open)}}>Queue {{task && task.queueName}}</h3>
      {{open && <ul>{{rows}}</ul>}}
      <button onClick={{() => manager.workerClient && setItems([])}}>Clear</button>
    </div>
  );
}};

export default withTaskContext(Panel{n});
"""

UTILS = """export function formatDuration{n}(ms) {{
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${{minutes}}:${{String(seconds % 60).padStart(2, '0')}}`;
}}

export const label{n} = (item) => (item && item.id > {n} ? 'late' : 'on time');

export function groupBy{n}(list, key) {{
  return list.reduce((acc, entry) => {{
    const k = entry[key];
    acc[k] = acc[k] || [];
    acc[k].push(entry);
    return acc;
  }}, {{}});
}}
"""

SINKS = [
    """export function wrapUp{n}(task, form) {{
  return task.setAttributes({{
    ...task.attributes,
    conversations: {{ ...task.attributes.conversations, outcome: 'Resolved', conversation_label_{k}: form.target.value }},
  }});
}}
""",
    """const FIELD_{n} = 'conversation_attribute_{k}';
exports.handler = async function (context, event, callback) {{
  const client = context.getTwilioClient();
  const attributes = {{ type: 'callback', conversations: {{}} }};
  attributes.conversations[FIELD_{n}] = event.CallerName;
  attributes.conversations.queue = 'Callbacks';
  await client.taskrouter.v1.workspaces(context.WORKSPACE_SID).tasks.create({{
    attributes: JSON.stringify(attributes), workflowSid: context.WORKFLOW_SID,
  }});
  return callback(null, {{ ok: true }});
}};
""",
    """import {{ Actions }} from '@twilio/flex-ui';
export function tag{n}(task) {{
  Actions.invokeAction('SetTaskAttributes', {{
    task, attributes: {{ conversations: {{ conversation_label_{k}: 'tier-{k}', queue: 'Support' }} }}, mergeExisting: true,
  }});
}}
""",
]


def generate(root: Path, megabytes: float, seed: int = 13) -> list[Path]:
    """Files until their total reaches `megabytes`: components (.jsx/.tsx), helpers (.js/.ts), a third with a
    sink appended (the share of files that write attributes, as in plugins read by hand: about one in six
    writes caller data, more write attributes at all)."""
    rng = random.Random(seed)
    files: list[Path] = []
    total = 0
    n = 0
    while total < megabytes * 1_000_000:
        n += 1
        kind = rng.random()
        if kind < 0.5:
            text, suffix = COMPONENT.format(n=n, m=n % 7), rng.choice([".jsx", ".tsx"])
        else:
            text, suffix = UTILS.format(n=n) * 3, rng.choice([".js", ".ts"])
        if rng.random() < 0.33:
            text += SINKS[n % len(SINKS)].format(n=n, k=1 + n % 10)
        path = root / f"src/area{n % 20}/file{n}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        files.append(path)
        total += len(text.encode())
    return files


def time_parse(files: list[Path]) -> float:
    from flexlint.code import js
    from flexlint.code.modules import language_of

    sources = [(p.read_bytes(), language_of(str(p))) for p in files]
    started = time.perf_counter()
    for source, language in sources:
        js.parser(language).parse(source)
    return time.perf_counter() - started


def time_analysis(files: list[Path]) -> tuple[float, int]:
    from flexlint.sources import Target, read

    started = time.perf_counter()
    payloads = sum(1 for p in files for _ in read(Target(str(p), str(p))))
    return time.perf_counter() - started, payloads


def time_check(files: list[Path]) -> tuple[float, int]:
    from flexlint import check_paths
    from flexlint.settings import Settings

    started = time.perf_counter()
    report = check_paths([str(p) for p in files], Settings(ner=False))
    return time.perf_counter() - started, len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=4.0)
    parser.add_argument("--repo-files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    except (AttributeError, OSError):
        pass
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp) / "bench", args.megabytes)
        size = sum(p.stat().st_size for p in files) / 1_000_000
        # warm-up: grammars loaded, modules imported, the detectors' patterns compiled (timed apart, as elsewhere)
        time_parse(files[:50]), time_analysis(files[:50]), time_check(files[:50])
        parse = statistics.median(time_parse(files) for _ in range(args.runs))
        analyses = [time_analysis(files) for _ in range(args.runs)]
        analysis = statistics.median(a[0] for a in analyses)
        checks = [time_check(files) for _ in range(args.runs)]
        check = statistics.median(c[0] for c in checks)
        print(f"{len(files)} files, {size:.2f} MB of generated JS/TS/JSX/TSX, {analyses[0][1]} sink payloads, "
              f"{checks[0][1]} findings; medians of {args.runs} runs, one core")
        print(f"  tree-sitter parse alone (baseline) {parse:6.2f} s  {size / parse:6.2f} MB/s")
        print(f"  flexlint code analysis             {analysis:6.2f} s  {size / analysis:6.2f} MB/s  "
              f"{analysis / parse:.2f}x the parse")
        print(f"  flexlint check_paths --no-ner      {check:6.2f} s  {size / check:6.2f} MB/s  "
              f"{check / parse:.2f}x the parse")

        repo = Path(tmp) / "repo"
        repo_files = generate(repo, 1e9 if False else args.repo_files * 0.0035)[: args.repo_files]
        for extra in sorted(repo.rglob("*"))[::-1]:
            if extra.is_file() and extra not in set(repo_files):
                extra.unlink()
        count = sum(1 for p in repo.rglob("*") if p.is_file())
        command = [sys.executable, "-m", "flexlint", "check", "--no-ner", "--no-cache", str(repo)]
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            walls.append(time.perf_counter() - started)
        print(f"  `flexlint check --no-ner` of a {count}-file plugin repository: {statistics.median(walls):.2f} s "
              "(whole process, start-up included)")


if __name__ == "__main__":
    main()
