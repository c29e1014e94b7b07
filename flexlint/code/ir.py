"""The small language-neutral form that both code readers produce and the analysis reads.

JavaScript and TypeScript (tree-sitter, flexlint/code/js.py) and Python (the standard library's ast,
flexlint/code/py.py) are lowered into these few node types, so that one engine (flexlint/code/evaluate.py)
follows values for every language: what the engine knows is a property of the data flow, not of a syntax.
Everything the engine does not model becomes `Opaque`, whose value is unknown.

Positions are (line, column), both 1-based, the column in UTF-8 bytes as the parsers give it; the reader
turns them into character columns when it builds payloads (flexlint/code/payloads.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


Pos = tuple[int, int]


@dataclass(slots=True)
class Lit:
    value: object  # str, int, float, bool or None
    pos: Pos


@dataclass(slots=True)
class Name:
    id: str
    pos: Pos


@dataclass(slots=True)
class Attr:
    obj: Expr
    name: str
    pos: Pos


@dataclass(slots=True)
class Index:
    obj: Expr
    key: Expr
    pos: Pos


@dataclass(slots=True)
class Call:
    func: Expr
    args: list[Expr]
    kwargs: dict[str, Expr]
    pos: Pos
    scope: Func | None = None  # the function the call sits in (None: module level), set by the reader


@dataclass(slots=True)
class Pair:
    key: str | Expr  # a literal key, or the expression of a computed one
    value: Expr
    pos: Pos  # of the key


@dataclass(slots=True)
class Spread:
    value: Expr
    pos: Pos


@dataclass(slots=True)
class Obj:
    items: list[Pair | Spread]
    pos: Pos


@dataclass(slots=True)
class Arr:
    items: list[Expr]
    pos: Pos


@dataclass(slots=True)
class Concat:
    """A template string, an f-string or `+`: tainted when any part is."""

    parts: list[Expr]
    pos: Pos


@dataclass(slots=True)
class Choice:
    """One of several values (`a ? b : c`, `a || b`, `a ?? b`, `a or b`)."""

    options: list[Expr]
    pos: Pos


@dataclass(slots=True)
class Opaque:
    pos: Pos


@dataclass(slots=True)
class Param:
    name: str
    index: int  # position among the parameters
    keys: tuple[str, ...] = ()  # a destructured parameter ({attributes}) reads these keys of the argument


@dataclass(slots=True)
class Bind:
    """`const x = v`, `x = v`; `keys` for destructuring (`const {From} = event` binds From to event.From)."""

    name: str
    value: Expr
    pos: Pos
    keys: tuple[str, ...] = ()
    end: Pos | None = None  # where the statement ends: it takes effect there, after its right side is read


@dataclass(slots=True)
class Store:
    """`x.a.b = v`, `x['a'] = v`, `x[K] = v`: a write into the object `x` is bound to."""

    base: str
    keys: list[str | Expr]
    value: Expr
    pos: Pos  # of the last key
    end: Pos | None = None


@dataclass(slots=True)
class Do:
    expr: Expr
    pos: Pos
    end: Pos | None = None


@dataclass(slots=True)
class Return:
    value: Expr
    pos: Pos


@dataclass(slots=True)
class Loop:
    """`for (const [k, v] of Object.entries(m))`, `for k, v in m.items()`, `m.forEach(...)`: the body runs
    once per entry of `iterable`, with `names` bound to its key and value."""

    names: tuple[str, ...]
    iterable: Expr
    body: list[Stmt]
    pos: Pos
    end: Pos | None = None


@dataclass(eq=False)
class Func:
    name: str | None
    params: list[Param]
    pos: Pos
    body: list[Stmt] = field(default_factory=list)  # in source order, blocks flattened (branches included)
    parent: Func | None = None
    exported: bool = False
    index: object = None  # the engine's index of this body's writes, built on first use
    # A body with no sink's trigger word is lowered only when the engine first needs it (body_of): most
    # functions of a plugin (render helpers, handlers) are never looked into.
    lazy: Callable[[], None] | None = None

    def __hash__(self) -> int:
        return id(self)


def effective(stmt: Stmt) -> Pos:
    """Where a statement's write takes effect: its end (`x = x + 1` reads the old x), else its position."""
    end = getattr(stmt, "end", None)
    return end if end is not None else stmt.pos


def body_of(func: Func) -> list[Stmt]:
    """A function's statements, lowering them first if that was deferred."""
    if func.lazy is not None:
        lower, func.lazy = func.lazy, None
        lower()
    return func.body


Expr = Lit | Name | Attr | Index | Call | Obj | Arr | Concat | Choice | Opaque | Func
Stmt = Bind | Store | Do | Return | Loop


@dataclass
class Module:
    path: str
    language: str
    body: list[Stmt] = field(default_factory=list)  # module-level statements
    functions: dict[str, Func] = field(default_factory=dict)  # named functions, at any depth
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name -> (module source, name)
    exported: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)  # every call, in source order
    calls_by_name: dict[str, list[Call]] = field(default_factory=dict)  # calls of a bare name (setX(...))
    index: object = None  # the engine's index of the module-level writes, built on first use
    pending: list[Func] = field(default_factory=list)  # functions whose bodies are not lowered yet
    # `export {a as b} from './x'` (b -> ('./x', 'a')) and `export * from './y'`: a barrel (index.js) that
    # passes another module's functions on, followed when an import names it.
    reexports: dict[str, tuple[str, str]] = field(default_factory=dict)
    star_exports: list[str] = field(default_factory=list)

    def complete(self) -> Module:
        """Lower every deferred body: `calls` and `calls_by_name` then list every call of the module."""
        while self.pending:
            body_of(self.pending.pop())
        return self
