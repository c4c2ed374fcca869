"""Safe YAML reading that remembers where every value came from.

The file is parsed once into a node tree with line marks, checked against size, depth and
alias limits (scenario files are untrusted), turned into plain data with duplicate keys
reported, and kept so that any pydantic error location can be walked back to a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Diagnostics
from .yamlerrors import syntax_diagnostic

try:  # libyaml is an order of magnitude faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 1_000_000
_SCALARS = yaml.constructor.SafeConstructor()


class SourceError(Exception):
    """The file cannot be turned into data; carries the diagnostic (and the text, if read)."""

    def __init__(self, diagnostic: Diagnostic, text: str | None = None):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.text = text


@dataclass
class Source:
    """A parsed YAML file: its text, its node tree, its plain data, and what went wrong."""

    path: str
    text: str
    root: yaml.Node
    data: object
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    # id(mapping node) → its keys; the tree keeps every node alive, so ids stay unique
    _key_index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def locate(self, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of the value at ``loc`` (or of its key)."""
        node, key_node = self.node_at(loc)
        target = key_node if at_key and key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def position_in(self, node: yaml.Node, offset: int) -> tuple[int, int]:
        """The 1-based line and column of character ``offset`` of a scalar's value.

        Follows the scalar's style: a block (``|``, ``>``) starts on the next line and keeps
        its indentation; a plain or quoted scalar that runs over several lines is folded by
        YAML into one line, each break becoming one space.
        """
        lines = self.lines
        first = node.start_mark.line
        last = min(node.end_mark.line, len(lines) - 1)
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            body = [(n, lines[n]) for n in range(first + 1, last + 1)]
            indent = min((len(t) - len(t.lstrip(" ")) for _, t in body if t.strip()),
                         default=0)
            segments = [(n, indent, t[indent:]) for n, t in body]
            joiner = 1  # a newline (|) or a space (>) between lines
        else:
            quote = 1 if style in ("'", '"') else 0
            segments = []
            for n in range(first, last + 1):
                text = lines[n]
                if n == first:
                    start = node.start_mark.column + quote
                else:
                    start = len(text) - len(text.lstrip())
                end = node.end_mark.column - quote if n == node.end_mark.line else len(text)
                segments.append((n, start, text[start:end].rstrip()))
            joiner = 1
        for n, start, text in segments:
            if offset <= len(text):
                return n + 1, start + offset + 1
            offset -= len(text) + joiner
        n, start, text = segments[-1] if segments else (first, node.start_mark.column, "")
        return n + 1, start + len(text) + 1

    def node_at(self, loc: tuple[str | int, ...]) -> tuple[yaml.Node, yaml.Node | None]:
        """Walk ``loc`` through the node tree as far as the YAML has it.

        Segments the YAML does not have (a union tag, a key that is missing) are skipped,
        so the answer is the deepest node that exists.
        """
        node: yaml.Node = self.root
        key_node: yaml.Node | None = None
        for segment in loc:
            child = self._child(node, segment)
            if child is None:
                continue
            key_node, node = child
        return node, key_node

    def _child(self, node: yaml.Node, segment: str | int
               ) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode):
            return self._keys(node).get(str(segment))
        if (isinstance(node, yaml.SequenceNode) and isinstance(segment, int)
                and 0 <= segment < len(node.value)):
            return None, node.value[segment]
        return None

    def _keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The mapping's scalar keys → (key, value) nodes, the first of duplicates winning;
        made at the first lookup, so that locating n problems costs O(n), not O(n²)."""
        keys = self._key_index.get(id(node))
        if keys is None:
            keys = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    keys.setdefault(key.value, (key, value))
            self._key_index[id(node)] = keys
        return keys


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8 text, refusing what cannot be a scenario."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise SourceError(
                Diagnostic.make("BS100", display, 1, 1, "is a folder, not a file",
                                "pass a *.scenario.yaml file, or a folder to validate all of them")
            )
        if size > MAX_BYTES:
            raise SourceError(
                Diagnostic.make(
                    "BS102", display, 1, 1,
                    f"the file is {size / 1_048_576:.1f} MB; scenario files may be at most "
                    f"{MAX_BYTES // 1_048_576} MB",
                    "split the injects into libraries and list them under `imports`",
                )
            )
        if not path.is_file():
            raise SourceError(Diagnostic.make(
                "BS100", display, 1, 1, "is not a regular file",
                "pass a *.scenario.yaml file, or a folder to validate all of them"))
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise SourceError(Diagnostic.make(
                "BS102", display, 1, 1,
                f"the file holds more than {MAX_BYTES // 1_048_576} MB; scenario files may be "
                f"at most {MAX_BYTES // 1_048_576} MB",
                "split the injects into libraries and list them under `imports`"))
    except FileNotFoundError:
        raise SourceError(
            Diagnostic.make("BS100", display, 1, 1, "file not found")
        ) from None
    except OSError as exc:
        raise SourceError(
            Diagnostic.make("BS100", display, 1, 1, f"cannot read the file: {exc.strerror}")
        ) from None
    return decode(raw, display)


def decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:8192]:
        raise SourceError(
            Diagnostic.make(
                "BS101", display, 1, 1, "this is a binary file, not YAML text",
                "a scenario is a UTF-8 text file ending in .scenario.yaml",
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            Diagnostic.make(
                "BS101", display, line, column,
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (it looks like another encoding, such as Latin-1)",
            )
        ) from None


def parse(text: str, display: str) -> Source:
    """Parse YAML text into a ``Source``; raise ``SourceError`` when there is no usable data."""
    try:
        return _parse(text, display)
    except SourceError as exc:
        exc.text = text
        raise


def _parse(text: str, display: str) -> Source:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SourceError(
            Diagnostic.make("BS107", display, 1, 1, "the file is empty",
                            "start from `breachsim new`, which writes a skeleton that validates")
        )
    diagnostics = Diagnostics()
    root = _compose(text, display)
    data = _construct(root, display, diagnostics)
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise SourceError(
            Diagnostic.make(
                "BS108", display, root.start_mark.line + 1, root.start_mark.column + 1,
                f"the document is {kind}, but a scenario is a mapping of keys to values",
                "the file starts with keys such as `format: 1`, `id:` and `title:`",
            )
        )
    return Source(display, text, root, data, diagnostics)


_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_IMPLICIT_FIRST = _RESOLVER.yaml_implicit_resolvers


def _compose(text: str, display: str) -> yaml.Node:
    """Build the node tree from the event stream, without recursion.

    Doing it here rather than with ``yaml.compose`` lets one pass refuse deep nesting (which
    would exhaust the stack), several documents and alias bombs before they cost anything.
    """
    tree = _Tree(display)
    documents = 0
    loader = _Loader(text)
    next_event = loader.get_event
    scalar = tree.scalar
    try:
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                tree.start(event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                tree.end(event)
            elif kind is yaml.AliasEvent:
                tree.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise SourceError(Diagnostic.make(
                        "BS110", display, mark.line + 1, mark.column + 1,
                        "the file holds more than one YAML document",
                        "one scenario per file; remove the second `---`"))
            elif kind is yaml.StreamEndEvent:
                break
    except yaml.MarkedYAMLError as exc:
        raise SourceError(_syntax_diagnostic(exc, display, text)) from None
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise SourceError(Diagnostic.make(
            "BS101", display, line, column,
            f"the control character U+{exc.character:04X} is not allowed in YAML text"
            if isinstance(exc.character, int) else "a character YAML does not allow",
            "remove it; it is invisible in most editors")) from None
    finally:
        loader.dispose()
    return tree.finished()


class _Tree:
    """The node tree as the events build it, measured as it grows: how many values it holds
    with every alias expanded, and how deep each complete collection nests."""

    def __init__(self, display: str):
        self.display = display
        self.root: yaml.Node | None = None
        self.open: list[_Open] = []
        self.anchors: dict[str, yaml.Node] = {}
        # id(anchored collection) → (values, depth), once it is complete
        self.measures: dict[int, tuple[int, int]] = {}
        self.values = 0  # so far, every alias expanded
        self.aliased = False

    def scalar(self, event: yaml.ScalarEvent) -> None:
        """The commonest event, so ``_attach`` is written out here for a scalar."""
        node = yaml.ScalarNode(_scalar_tag(event), event.value, event.start_mark,
                               event.end_mark, event.style)
        if event.anchor:
            self.anchors[event.anchor] = node
        self.values += 1
        if not self.open:
            self.root = node
            return
        parent = self.open[-1]
        if parent.mapping:
            if parent.key is None:
                parent.key = node
            else:
                parent.node.value.append((parent.key, node))
                parent.key = None
        else:
            parent.node.value.append(node)
        if not parent.depth:
            parent.depth = 1

    def start(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.open) >= MAX_DEPTH:
            mark = event.start_mark
            raise SourceError(_too_deep(self.display, mark.line + 1, mark.column + 1))
        node = _collection(event)
        self._anchor(event, node)
        self._attach(node, 1, 1)
        self.open.append(_Open(node, self.values - 1, bool(event.anchor)))

    def end(self, event: yaml.CollectionEndEvent) -> None:
        closed = self.open.pop()
        node = closed.node
        node.end_mark = event.end_mark
        depth = 1 + closed.depth
        if depth > MAX_DEPTH + 1:  # deeper than the open collections may be: through aliases
            mark = node.start_mark
            raise SourceError(Diagnostic.make(
                "BS105", self.display, mark.line + 1, mark.column + 1,
                f"through aliases, values are nested more than {MAX_DEPTH} levels deep",
                "a scenario needs only a few levels; flatten this structure"))
        if closed.anchored:
            self.measures[id(node)] = (self.values - closed.before, depth)
        if self.open and depth > self.open[-1].depth:
            self.open[-1].depth = depth

    def alias(self, event: yaml.AliasEvent) -> None:
        """The value the alias repeats, which must be defined, and complete, above it."""
        self.aliased = True
        mark = event.start_mark
        target = self.anchors.get(event.anchor)
        if target is None:
            raise SourceError(Diagnostic.make(
                "BS103", self.display, mark.line + 1, mark.column + 1,
                f"the alias *{event.anchor} names no anchor defined above it",
                f"define it first with &{event.anchor}"))
        if isinstance(target, yaml.CollectionNode) and id(target) not in self.measures:
            raise SourceError(Diagnostic.make(
                "BS106", self.display, mark.line + 1, mark.column + 1,
                f"the alias *{event.anchor} refers to a value that contains it",
                "an alias may only repeat a value that is complete above it"))
        self._attach(target, *self.measures.get(id(target), (1, 1)))
        self._refuse_a_bomb()  # now rather than after the rest of the file

    def finished(self) -> yaml.Node:
        if self.root is None:
            raise SourceError(Diagnostic.make("BS107", self.display, 1, 1, "the file is empty"))
        self._refuse_a_bomb()
        return self.root

    def _refuse_a_bomb(self) -> None:
        if self.aliased and self.values > MAX_EXPANDED_NODES:
            mark = self.root.start_mark
            raise SourceError(Diagnostic.make(
                "BS106", self.display, mark.line + 1, mark.column + 1,
                f"the YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                "(an alias bomb?)",
                "write the values out, or use library injects with `use:` to share them"))

    def _anchor(self, event: yaml.NodeEvent, node: yaml.Node) -> None:
        if event.anchor:
            self.anchors[event.anchor] = node

    def _attach(self, node: yaml.Node, size: int, depth: int) -> None:
        """Put ``node`` (of ``size`` values, ``depth`` deep) in the open collection."""
        self.values += size
        if not self.open:
            self.root = node
            return
        parent = self.open[-1]
        if not parent.mapping:
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None
        if depth > parent.depth:
            parent.depth = depth


class _Open:
    """A collection whose end the events have not reached yet."""

    __slots__ = ("anchored", "before", "depth", "key", "mapping", "node")

    def __init__(self, node: yaml.CollectionNode, before: int, anchored: bool):
        self.node = node
        self.mapping = type(node) is yaml.MappingNode
        self.key: yaml.Node | None = None  # in a mapping, the key waiting for its value
        self.before = before  # the values in the tree before this one, aliases expanded
        self.depth = 0  # how deep its deepest value nests
        self.anchored = anchored  # an alias may repeat it: its measures are kept


def _scalar_tag(event: yaml.ScalarEvent) -> str:
    """The scalar's tag, resolved as YAML 1.1 does; a plain scalar whose first character
    starts no implicit type (most keys and texts) is a string without asking the resolver."""
    tag = event.tag
    if tag is not None and tag != "!":
        return tag
    if event.implicit[0] and event.value[:1] in _IMPLICIT_FIRST:
        return _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    return _STR


def _collection(event: yaml.CollectionStartEvent) -> yaml.CollectionNode:
    if type(event) is yaml.MappingStartEvent:
        node_class, tag = yaml.MappingNode, _RESOLVER.DEFAULT_MAPPING_TAG
    else:
        node_class, tag = yaml.SequenceNode, _RESOLVER.DEFAULT_SEQUENCE_TAG
    if event.tag is not None and event.tag != "!":
        tag = event.tag
    return node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)


def _too_deep(display: str, line: int, column: int) -> Diagnostic:
    return Diagnostic.make("BS105", display, line, column,
                           f"values are nested more than {MAX_DEPTH} levels deep",
                           "a scenario needs only a few levels; flatten this structure")


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, display: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    if "maximum nesting depth" in (exc.problem or "") and mark:  # newer libyaml refuses it
        return _too_deep(display, mark.line + 1, mark.column + 1)
    return syntax_diagnostic(exc, display, text)


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
}


def _construct(node: yaml.Node, display: str, diagnostics: Diagnostics) -> object:
    """Plain Python data from the node tree; reports duplicate keys (both lines) and odd tags."""
    if node.tag not in _SAFE_TAGS:
        mark = node.start_mark
        raise SourceError(
            Diagnostic.make(
                "BS109", display, mark.line + 1, mark.column + 1,
                f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed "
                "in a scenario",
                "remove the tag; scenarios hold plain text, numbers, lists and mappings",
            )
        )
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:  # most values; spares the constructor's checks
            return node.value
        try:
            return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            mark = node.start_mark
            raise SourceError(
                Diagnostic.make("BS103", display, mark.line + 1, mark.column + 1,
                                f"cannot read this value: {exc}")
            ) from None
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, display, diagnostics) for child in node.value]
    result: dict[object, object] = {}
    seen: dict[object, yaml.Node] = {}
    for key_node, value_node in _merged_pairs(node, display):
        if not isinstance(key_node, yaml.ScalarNode):
            mark = key_node.start_mark
            raise SourceError(
                Diagnostic.make("BS103", display, mark.line + 1, mark.column + 1,
                                "a key must be a plain value, not a list or mapping")
            )
        key = key_node.value  # keys as written: `on:` stays "on", `1:` is "1"
        if key in seen:
            diagnostics.add(display, "BS104", _duplicate, display, key, seen[key], key_node)
        seen[key] = key_node
        result[key] = _construct(value_node, display, diagnostics)
    return result


def _duplicate(display: str, key: str, first_node: yaml.Node, node: yaml.Node) -> Diagnostic:
    first, mark = first_node.start_mark, node.start_mark
    return Diagnostic.make(
        "BS104", display, mark.line + 1, mark.column + 1,
        f"the key {key!r} appears twice in this mapping "
        f"(first at line {first.line + 1}); YAML would keep only this one",
        "remove one of them or merge their values",
        related=((first.line + 1, first.column + 1),),
    )


def _merged_pairs(node: yaml.MappingNode, display: str) -> list[tuple[yaml.Node, yaml.Node]]:
    """The mapping's pairs with YAML merge keys (``<<: *base``) expanded, own keys last.

    Of the merged mappings, the first to have a key gives it.
    """
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    present: set[str] = set()
    own: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag != "tag:yaml.org,2002:merge":
            own.append((key, value))
            continue
        for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if not isinstance(source, yaml.MappingNode):
                mark = source.start_mark
                raise SourceError(Diagnostic.make(
                    "BS103", display, mark.line + 1, mark.column + 1,
                    "a merge key (<<) takes a mapping or a list of mappings"))
            pairs = _merged_pairs(source, display)
            for pair in pairs:
                if not isinstance(pair[0], yaml.ScalarNode):
                    mark = pair[0].start_mark
                    raise SourceError(Diagnostic.make(
                        "BS103", display, mark.line + 1, mark.column + 1,
                        "a key must be a plain value, not a list or mapping"))
            merged += [pair for pair in pairs if pair[0].value not in present]
            present.update(pair[0].value for pair in pairs)
    if not merged:  # most mappings
        return own
    own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
    return [p for p in merged if p[0].value not in own_keys] + own
