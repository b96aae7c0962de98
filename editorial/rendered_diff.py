"""A change marked in the text as visitors read it, for the review screen.

A reviewer reads the page, not its Markdown: `**Time:**` is "Time:" in bold, and a link is a
link. So the two versions are compared after rendering: block by block (paragraphs, headings,
list items), then word by word inside a changed block, each word with the formatting it is in,
so a word that becomes bold counts as changed. Insertions and deletions are marked with <ins>
and <del>, each run starting with words for screen readers ("added:", "removed:"). Over 400
lines because parsing the rendered blocks, comparing them and writing them back out safely are
one job that only this screen does.

Written here because no library of the project's compares HTML: difflib compares the words,
and html.parser (standard library) reads the sanitised HTML the site already renders. The input
is that sanitised HTML; the output re-emits only its tags and attributes, escaped, plus the
marks, so it stays as safe as the page itself.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape
from html.parser import HTMLParser

from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

VOID_TAGS = {"br", "hr", "img", "source", "wbr", "input"}
# Elements whose children are compared one by one: a list's items, a table's cells.
CONTAINER_TAGS = {
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "details",
    "figure", "picture", "div", "section", "aside", "header", "footer", "nav",
}  # fmt: skip
# Elements compared as one block of words.
LEAF_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "th", "td", "pre", "summary",
    "caption", "figcaption", "hr", "img", "address",
}  # fmt: skip
# Two blocks this alike are one changed block (marked word by word), not one removed and one
# added.
SIMILAR = 0.5

LABELS = {"insert": "added", "delete": "removed"}


@dataclass
class Node:
    tag: str  # "" for text
    attrs: tuple = ()
    text: str = ""
    children: list["Node"] = field(default_factory=list)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, tuple(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, tuple(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(Node("", text=data))


def tree_parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def start_tag(tag: str, attrs: tuple, extra_class: str = "") -> str:
    parts = [tag]
    classes = extra_class
    for name, value in attrs:
        if name == "id":
            continue  # a heading's anchor could clash with the admin's own ids (#content)
        if name == "class" and extra_class:
            classes = f"{value} {extra_class}"
            continue
        parts.append(name if value is None else f'{name}="{escape(value)}"')
    if classes:
        parts.append(f'class="{escape(classes)}"')
    return f"<{' '.join(parts)}>"


def node_html(node: Node) -> str:
    if not node.tag:
        return escape(node.text, quote=False)
    if node.tag in VOID_TAGS:
        return start_tag(node.tag, node.attrs)
    inner = "".join(node_html(child) for child in node.children)
    return f"{start_tag(node.tag, node.attrs)}{inner}</{node.tag}>"


def inner_html(node: Node) -> str:
    return "".join(node_html(child) for child in node.children)


# Blocks


@dataclass
class Block:
    node: Node
    # The containers it sits in, outermost first (the same Node objects for siblings).
    path: tuple[Node, ...]

    @property
    def key(self) -> str:
        return node_html(self.node)

    @property
    def words(self) -> list[str]:
        return [token.key for token in tokens_get(self.node)]


def blocks_get(root: Node) -> list[Block]:
    """The document's blocks in order: leaf elements, and loose text wrapped as a paragraph."""
    blocks: list[Block] = []

    def walk(node: Node, path: tuple[Node, ...]) -> None:
        loose: list[Node] = []

        def loose_flush():
            if any(child.tag or child.text.strip() for child in loose):
                blocks.append(Block(Node("p", children=list(loose)), path))
            loose.clear()

        for child in node.children:
            if child.tag in CONTAINER_TAGS:
                loose_flush()
                walk(child, (*path, child))
            elif child.tag in LEAF_TAGS:
                loose_flush()
                blocks.append(Block(child, path))
            else:
                loose.append(child)
        loose_flush()

    walk(root, ())
    return blocks


# Words, each with the formatting it is in


@dataclass(frozen=True)
class Token:
    text: str  # a word, a run of spaces, or "" for an element without content (<br>, <img>)
    stack: tuple[tuple[str, tuple], ...]  # the inline elements around it, outermost first
    void: tuple | None = None  # (tag, attrs) of an element without content

    @property
    def key(self):
        return (self.text, self.stack, self.void)


def tokens_get(node: Node) -> list[Token]:
    tokens: list[Token] = []

    def walk(current: Node, stack: tuple) -> None:
        for child in current.children:
            if not child.tag:
                tokens.extend(Token(word, stack) for word in words_split(child.text))
            elif child.tag in VOID_TAGS:
                tokens.append(Token("", stack, (child.tag, child.attrs)))
            else:
                walk(child, (*stack, (child.tag, child.attrs)))

    walk(node, ())
    return tokens


def words_split(text: str) -> list[str]:
    words, current, spacing = [], "", None
    for character in text:
        is_space = character.isspace()
        if current and is_space != spacing:
            words.append(current)
            current = ""
        current += character
        spacing = is_space
    if current:
        words.append(current)
    return words


def marked_open(op: str, first: bool) -> str:
    label = f'<span class="diff-sr">{LABELS[op]}: </span>' if first else ""
    tag = "ins" if op == "insert" else "del"
    return f'<{tag} class="diff-{tag}">{label}'


def marked_close(op: str, last: bool) -> str:
    label = f'<span class="diff-sr"> (end of {LABELS[op]} text)</span>' if last else ""
    return f"{label}</{'ins' if op == 'insert' else 'del'}>"


def tokens_render(pieces: list[tuple[str, Token]]) -> str:
    """Serialise (op, token) pieces: formatting outermost, the <ins>/<del> mark innermost, so
    every element is closed where it was opened. A run of one kind of change is labelled once,
    at its start and end, however many marks its formatting splits it into."""
    out: list[str] = []
    stack: tuple = ()
    open_op = None
    for index, (op, token) in enumerate(pieces):
        marked = op if op != "equal" else None
        previous = pieces[index - 1][0] if index else None
        if open_op and (marked != open_op or token.stack != stack):
            out.append(marked_close(open_op, last=marked != open_op))
            open_op = None
        if token.stack != stack:
            common = 0
            while (
                common < min(len(stack), len(token.stack)) and stack[common] == token.stack[common]
            ):
                common += 1
            out.extend(f"</{tag}>" for tag, _attrs in reversed(stack[common:]))
            out.extend(start_tag(tag, attrs) for tag, attrs in token.stack[common:])
            stack = token.stack
        if marked and open_op is None:
            out.append(marked_open(marked, first=previous != op))
            open_op = marked
        out.append(start_tag(*token.void) if token.void else escape(token.text, quote=False))
    if open_op:
        out.append(marked_close(open_op, last=True))
    out.extend(f"</{tag}>" for tag, _attrs in reversed(stack))
    return "".join(out)


def words_compare(old: list[Token], new: list[Token]) -> list[tuple[str, Token]]:
    matcher = SequenceMatcher(
        a=[token.key for token in old], b=[token.key for token in new], autojunk=False
    )
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.extend(("equal", token) for token in new[j1:j2])
            continue
        pieces.extend(("delete", token) for token in old[i1:i2])
        pieces.extend(("insert", token) for token in new[j1:j2])
    return spaces_absorb(pieces)


def spaces_absorb(pieces: list[tuple[str, Token]]) -> list[tuple[str, Token]]:
    """A lone unchanged space between two changes reads as part of them: "a b" → "c d" is one
    removal and one addition, not four."""
    result = list(pieces)
    for index in range(1, len(result) - 1):
        op, token = result[index]
        if op == "equal" and not token.text.strip() and not token.void:
            before, after = result[index - 1][0], result[index + 1][0]
            if before != "equal" and after != "equal":
                result[index] = ("delete", token)
                result.insert(index + 1, ("insert", token))
    # Group each changed run's removals before its additions.
    grouped, run = [], []
    for piece in result:
        if piece[0] == "equal":
            grouped += sorted(run, key=lambda item: item[0] != "delete")
            run = []
            grouped.append(piece)
        else:
            run.append(piece)
    return grouped + sorted(run, key=lambda item: item[0] != "delete")


# The document


@dataclass
class Row:
    op: str  # "equal", "insert", "delete" or "change"
    old: Block | None
    new: Block | None

    @property
    def block(self) -> Block:
        return self.new if self.new is not None else self.old


def similarity(old: Block, new: Block) -> float:
    if old.node.tag != new.node.tag:
        return 0.0
    return SequenceMatcher(a=old.words, b=new.words, autojunk=False).ratio()


def blocks_compare(old: list[Block], new: list[Block]) -> list[Row]:
    matcher = SequenceMatcher(
        a=[block.key for block in old], b=[block.key for block in new], autojunk=False
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row("equal", o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        rows.extend(pairs_get(old[i1:i2], new[j1:j2]))
    return rows


def pairs_get(old: list[Block], new: list[Block]) -> list[Row]:
    """Within a changed stretch, pair each old block with the new one it became, in order."""
    rows, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        if similarity(old[i], new[j]) >= SIMILAR:
            rows.append(Row("change", old[i], new[j]))
            i, j = i + 1, j + 1
        elif any(similarity(old[i], later) >= SIMILAR for later in new[j + 1 :]):
            rows.append(Row("insert", None, new[j]))
            j += 1
        else:
            rows.append(Row("delete", old[i], None))
            i += 1
    rows.extend(Row("delete", block, None) for block in old[i:])
    rows.extend(Row("insert", None, block) for block in new[j:])
    return rows


def row_render(row: Row) -> str:
    node = row.block.node
    if row.op == "equal":
        return node_html(node)
    if row.op == "change":
        pieces = words_compare(tokens_get(row.old.node), tokens_get(node))
        return f"{start_tag(node.tag, node.attrs, 'diff-block diff-block--changed')}" + (
            f"{tokens_render(pieces)}</{node.tag}>"
        )
    op = row.op
    css = "diff-block diff-block--added" if op == "insert" else "diff-block diff-block--removed"
    if node.tag in VOID_TAGS:
        tag = "ins" if op == "insert" else "del"
        what = "a line" if node.tag == "hr" else "an image"
        return (
            f'<p class="{css}"><{tag} class="diff-{tag}">'
            f'<span class="diff-sr">{LABELS[op]}: </span>{what}</{tag}></p>{node_html(node)}'
        )
    return (
        f"{start_tag(node.tag, node.attrs, css)}{marked_open(op, first=True)}"
        f"{inner_html(node)}{marked_close(op, last=True)}</{node.tag}>"
    )


# Unchanged stretches longer than this between changes fold away (the reviewer can open them),
# leaving this many parts of the page around each change to read it in.
CONTEXT_PARTS = 1
FOLD_AT = 2


def rows_render(rows: list[tuple[Row, tuple[Node, ...]]]) -> str:
    out: list[str] = []
    open_path: tuple[Node, ...] = ()
    for row, path in rows:
        common = 0
        while common < min(len(open_path), len(path)) and open_path[common] is path[common]:
            common += 1
        out.extend(f"</{node.tag}>" for node in reversed(open_path[common:]))
        out.extend(start_tag(node.tag, node.attrs) for node in path[common:])
        open_path = path
        out.append(row_render(row))
    out.extend(f"</{node.tag}>" for node in reversed(open_path))
    return "".join(out)


def parts_get(rows: list[Row]) -> list[list[tuple[Row, tuple[Node, ...]]]]:
    """The rows grouped into the page's top-level parts (a paragraph, a heading, a whole list),
    each row with the containers it is shown in."""
    parts: list[list[tuple[Row, tuple[Node, ...]]]] = []
    previous: tuple[Node, ...] = ()
    for row in rows:
        path = row.block.path
        if row.op == "delete" and [n.tag for n in previous] == [n.tag for n in path]:
            path = previous  # a removed list item stays in the list it was in
        if parts and path and parts[-1][-1][1][:1] == path[:1]:
            parts[-1].append((row, path))
        else:
            parts.append([(row, path)])
        previous = path
    return parts


def html_compare(*, old: str, new: str) -> SafeString:
    """The new HTML with what changed since the old marked; both are sanitised HTML. Long
    unchanged stretches between changes are folded into a <details> the reviewer can open."""
    parts = parts_get(blocks_compare(blocks_get(tree_parse(old)), blocks_get(tree_parse(new))))
    changed = [any(row.op != "equal" for row, _path in part) for part in parts]
    if not any(changed):
        return mark_safe("".join(rows_render(part) for part in parts))  # escaped, see above
    near = [
        any(changed[max(0, index - CONTEXT_PARTS) : index + CONTEXT_PARTS + 1])
        for index in range(len(parts))
    ]
    out: list[str] = []
    folded: list[str] = []

    def fold_flush():
        if len(folded) >= FOLD_AT:
            out.append(
                '<details class="editorial-unchanged"><summary>'
                f"Show {len(folded)} unchanged parts of the text here</summary>"
                f"{''.join(folded)}</details>"
            )
        else:
            out.extend(folded)
        folded.clear()

    for part, keep in zip(parts, near, strict=True):
        if keep:
            fold_flush()
            out.append(rows_render(part))
        else:
            folded.append(rows_render(part))
    fold_flush()
    return mark_safe("".join(out))  # re-emitted from sanitised HTML, escaped


def html_changed(*, old: str, new: str) -> bool:
    return [b.key for b in blocks_get(tree_parse(old))] != [
        b.key for b in blocks_get(tree_parse(new))
    ]


def text_html(text: str) -> str:
    """Plain text as the site shows it (Django's linebreaks: paragraphs and line breaks)."""
    return linebreaks(text or "", autoescape=True)


def inline_compare(*, old: str, new: str) -> SafeString:
    """One line of plain text (a title, a question), marked word by word."""
    pieces = words_compare(
        [Token(word, ()) for word in words_split(old or "")],
        [Token(word, ()) for word in words_split(new or "")],
    )
    return mark_safe(tokens_render(pieces))  # every word is escaped
