"""A small Liquid lexer for Studio templates: just enough to know which variables each output tag reads.

flexlint never renders Liquid (it has no caller data to render with). It splits a template into literal
text, output tags (`{{ ... }}`) and blocks (`{% if %}`, `{% unless %}`, `{% case %}`, `{% for %}`) whose
branches the template module renders one choice at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A variable path as Liquid writes it: `widgets.gather.Digits`, `flow.variables["x"]`, `trigger.a[0].b`.
_PATH = re.compile(r"""[A-Za-z_][\w-]*(?:\.[\w-]+|\[\s*\d+\s*\]|\[\s*(?:'[^']*'|"[^"]*")\s*\])*""")
def _segment(key: str | None) -> str:
    """A quoted subscript as a path segment. A key that is not a plain name is a literal from the template
    (possibly a value someone pasted): it stays out of paths, and so out of every message."""
    return key if key and re.fullmatch(r"[\w-]{1,64}", key) else "<literal>"


_LITERALS = re.compile(r"""'[^']*'|"[^"]*"|(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])""")  # not `parsed.0.name`
# Words that look like paths but are Liquid keywords or operators, never variables.
_KEYWORDS = frozenset({"true", "false", "nil", "null", "empty", "blank", "and", "or", "contains", "in",
                       "reversed", "limit", "offset", "with", "as"})
_OPENERS = {"if": "endif", "unless": "endunless", "case": "endcase", "for": "endfor", "tablerow": "endtablerow"}
_BRANCH_TAGS = frozenset({"elsif", "else", "when"})
# Liquid's standard tags. Anything else fails when Studio renders the template, so the flow never creates
# its task: a linter should say so before it ships.
_KNOWN_TAGS = frozenset({
    *_OPENERS, *_OPENERS.values(), *_BRANCH_TAGS, "assign", "capture", "endcapture", "comment", "cycle",
    "decrement", "increment", "break", "continue", "raw", "liquid", "echo", "render", "include", "#",
})
_TAG_NAME = re.compile(r"[a-z_]{1,20}")


class LiquidError(ValueError):
    """A template Liquid itself would reject; `offset` is the character offset in the template."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.msg = message
        self.offset = offset


@dataclass
class Text:
    text: str
    offset: int  # where the text starts in the template, to map JSON errors back


@dataclass
class Output:
    variables: tuple[str, ...]
    offset: int  # where `{{` starts


@dataclass
class Block:
    tag: str
    offset: int
    # Each branch is a list of nodes. An `if` without `else` gets an empty branch: Studio may render nothing.
    branches: list[list[Node]] = field(default_factory=lambda: [[]])
    has_else: bool = False


Node = Text | Output | Block


def expression_variables(expression: str, local: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The variable paths an expression reads (`a.b | default: c.d` reads both), with `assign` aliases resolved."""
    bare = _LITERALS.sub(" ", _normalise(expression))  # a quoted literal may contain dots; it is no variable
    found: list[str] = []
    for match in _PATH.finditer(bare):
        start = match.start()
        if start and (bare[start - 1].isalnum() or bare[start - 1] in "_.-"):
            continue  # the tail of a number or of something already read
        if bare[match.end():].lstrip().startswith(":"):
            continue  # a filter name with arguments: `default: x`
        path = _normalise(match.group())
        head, _, rest = path.partition(".")
        if head in _KEYWORDS:
            continue
        if head in local:
            found.extend(f"{v}.{rest}" if rest else v for v in local[head])
        elif "|" not in bare[: start] or _is_argument(bare, start):
            found.append(path)
    return tuple(dict.fromkeys(found))


def _is_argument(text: str, start: int) -> bool:
    """After a `|`, a bare word is a filter name (`to_json`, `upcase`), a word after `:` or `,` an argument."""
    before = text[:start].rstrip()
    return before.endswith((":", ","))


def _normalise(path: str) -> str:
    """`widgets["crm"].parsed[0]` -> `widgets.crm.parsed.0`: one spelling for the taint catalogue's globs."""
    path = re.sub(r"""\[\s*(?:'([^']*)'|"([^"]*)")\s*\]""", lambda m: "." + _segment(m.group(1) or m.group(2)), path)
    return re.sub(r"\[\s*(\d+)\s*\]", r".\1", path)


def lex(template: str) -> list[Node]:
    """Split a template into nodes. Raises LiquidError on an unterminated tag or an unbalanced block."""
    root: list[Node] = []
    stack: list[tuple[Block, list[Node]]] = []  # open blocks and the branch being filled
    current = root
    local: dict[str, tuple[str, ...]] = {}
    pos = 0
    for match in re.finditer(r"\{\{|\{%", template):
        if match.start() < pos:
            continue  # inside a tag already consumed
        if match.start() > pos:
            current.append(Text(template[pos: match.start()], pos))
        closer = "}}" if match.group() == "{{" else "%}"
        end = _find_closer(template, match.end(), closer)
        if end < 0:
            raise LiquidError(f"unterminated Liquid tag (no {closer!r})", match.start())
        inner = template[match.end(): end].strip().strip("-").strip()  # `{{- x -}}`: whitespace control
        pos = end + 2
        if closer == "}}":
            current.append(Output(expression_variables(inner, local), match.start()))
            continue
        name, rest = _split_tag(inner)
        if name not in _KNOWN_TAGS:
            # (a tag name is the template author's word, never caller data; anything odder stays unquoted)
            shown = f" `{name}`" if _TAG_NAME.fullmatch(name) else ""
            raise LiquidError(f"unknown Liquid tag{shown}", match.start())
        if name in _OPENERS:
            block = Block(name, match.start())
            if name in ("for", "tablerow"):  # `for item in collection`: item reads the collection
                var, _, source = rest.partition(" in ")
                local[var.strip()] = expression_variables(source, local)
            current.append(block)
            stack.append((block, current))
            current = block.branches[0]
        elif name in _BRANCH_TAGS:
            if not stack:
                raise LiquidError(f"`{name}` outside a block", match.start())
            stack[-1][0].branches.append([])
            stack[-1][0].has_else |= name == "else"
            current = stack[-1][0].branches[-1]
        elif name.startswith("end") and name != "endcapture":
            if not stack or _OPENERS[stack[-1][0].tag] != name:
                raise LiquidError(f"`{name}` does not close an open block", match.start())
            block, current = stack.pop()
            if block.tag == "case" and len(block.branches) > 1:
                block.branches.pop(0)  # the text before the first `when` is never rendered
            if not block.has_else:
                block.branches.append([])  # no else: rendering nothing is a possible outcome
        elif name == "echo":  # `{% echo x %}` is `{{ x }}` written as a tag
            current.append(Output(expression_variables(rest, local), match.start()))
        elif name == "assign":
            _assign(rest, local)
        elif name == "liquid":  # one tag per line, without delimiters: follow its assigns and echoes
            for line in rest.splitlines():
                word, args = _split_tag(line.strip())
                if word == "assign":
                    _assign(args, local)
                elif word == "echo":
                    current.append(Output(expression_variables(args, local), match.start()))
        elif name in ("comment", "raw"):
            close = re.compile(rf"\{{%-?\s*end{name}\s*-?%\}}").search(template, pos)
            if not close:
                raise LiquidError(f"unterminated `{name}` block", match.start())
            if name == "raw":  # its content is text, tags and all
                current.append(Text(template[pos : close.start()], pos))
            pos = close.end()
        # Other tags (capture, cycle, increment, ...) render nothing a task attribute would use.
    if stack:
        raise LiquidError(f"`{stack[-1][0].tag}` block is never closed", stack[-1][0].offset)
    if pos < len(template):
        current.append(Text(template[pos:], pos))
    return root


def _split_tag(inner: str) -> tuple[str, str]:
    """A tag's name and its arguments, split at any whitespace (`{% assign\tx = y %}`, `{% liquid\n...`);
    `{% # note %}` is the inline comment tag."""
    if inner.startswith("#"):
        return "#", inner[1:]
    parts = inner.split(None, 1)
    return (parts[0], parts[1] if len(parts) > 1 else "") if parts else ("", "")


def _assign(arguments: str, local: dict[str, tuple[str, ...]]) -> None:
    var, _, source = arguments.partition("=")
    local[var.strip()] = expression_variables(source, local)


def _find_closer(template: str, start: int, closer: str) -> int:
    """The index of `closer`, skipping quoted strings inside the tag (`default: '}}'`)."""
    i, quote = start, ""
    while i < len(template) - 1:
        ch = template[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"" and closer == "%}":
            quote = ch  # `{% if x == "a" %}`; inside `{{ }}` a `"` may be JSON's own escaped quote
        elif template.startswith(closer, i):
            return i
        i += 1
    return -1
