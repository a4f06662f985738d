"""Org charts of a client's stakeholders: a pure layout, then an accessible inline SVG.

`org_chart()` takes plain `OrgNode`s (no ORM) and returns an `OrgChart` of positioned boxes
and connector paths; `render_svg()` draws it with translated `labels` (keys in
`DEFAULT_LABELS`, which fills any that are missing). Colours are SVG presentation
attributes and classes, never `style=`, which the Content Security Policy blocks.

Layout rules
- Forest. `parent_id` is the manager. A parent id that is unknown or the node itself makes
  the node a root; in a reporting cycle only the member with the smallest id is made a
  root, so the others keep their line. A repeated id keeps its first node. Siblings are
  ordered by name (case-folded), then id.
- Depth. Level 0 is each root (or the focus); levels 1 … `depth` are drawn. A drawn node
  whose reports are not drawn counts them, at every level below, in `hidden_descendants`
  and shows a "+N more" badge linking to `focus_url` (the chart focused on that node).
- Focus. With `focus_id` the focus's sub-tree is drawn to `depth`, and its chain of
  managers stands above it, one box per level; each is collapsed, its badge counting the
  people under it who are not drawn (the focus's siblings and their teams).
- Shapes. Each drawn manager places its reports in one of two ways:
  * row, the tidy tree: each report's sub-tree is a block, blocks sit side by side (a
    block is as wide as its reports' blocks together, at least one box), the manager is
    centred between its first and last report, joined by elbow lines through a bus;
  * columns, an outline: the reports hang one under another, indented under the manager
    and joined to a trunk on its left; more than `wrap` reports are dealt into balanced
    columns under a bus (40 reports: 5 columns of 8, not a 40-box row).
  A manager uses columns when its reports are all leaves and more than `wrap`, or when its
  sub-tree is at most `k` levels deep. Per root, `k` starts at 0 (all rows) and grows
  until the tree is at most `max_width` wide, so small trees stay classic trees and big
  ones fold their lower levels into outlines (CEO → 6 executives → directors → managers
  at depth 3 folds at k = 2: six outline columns under the executives' bus). A root that
  folds too (say 12 executives) deals its reports into as many columns as fit the width,
  cut where they balance in height.
- Roots go left to right, those with reports first (by name), then people with neither
  manager nor reports; past `max_width` a new band starts below.
- Dotted-line managers are drawn as dashed curves only when both ends are drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape as _e  # quotes too

from django.utils.safestring import mark_safe

BOX_W, BOX_H = 196, 76  # a person's box
GAP_X, GAP_Y = 24, 48  # between sibling blocks; between a manager's row and its reports'
STACK_GAP, INDENT = 16, 28  # between boxes in an outline column; its indent
MARGIN = 20
LEGEND_ROW = 26

# attitude code: (box fill, ink for the border, stripe and symbol, symbol). A blue-orange
# diverging scheme (safe for red-green colour blindness); dark text on every fill
# (contrast ≥ 12:1), white symbols on every ink (≥ 4.5:1), and the symbol repeats the
# attitude so colour is never the only cue.
ATTITUDES: dict[str, tuple[str, str, str]] = {
    "advocate": ("#d5e5f6", "#1d4e89", "++"),
    "supporter": ("#edf4fb", "#2f6ea8", "+"),
    "neutral": ("#f2f3f5", "#555d69", "="),
    "skeptic": ("#fcefe0", "#a65300", "−"),
    "opponent": ("#f8dccf", "#9a2b0b", "−−"),
    "unknown": ("#ffffff", "#5f6673", "?"),
}
ROLES = ("economic_buyer", "decision_maker", "technical_evaluator", "user", "approver", "champion")
DEFAULT_LABELS: dict[str, str] = {
    "attitude": "Attitude",
    **{f"attitude:{code}": code.capitalize() for code in ATTITUDES},
    "roles": "Buying roles",
    **{f"role:{code}": code.replace("_", " ").capitalize() for code in ROLES},
    **{f"role_short:{code}": "".join(w[0] for w in code.split("_")).upper() for code in ROLES},
    "lines": "Lines",
    "reports_to": "Reports to",
    "dotted_line": "Dotted line",
    "relationship": "Our strongest relationship",
    "more": "+%(count)s more",
    "show_team": "Show the team under %(name)s",
}
INK, MUTED, BADGE, SOLID, DOTTED = "#111827", "#374151", "#1f2937", "#6b7280", "#6d28d9"


@dataclass(frozen=True, kw_only=True)
class OrgNode:
    id: int
    name: str
    parent_id: int | None = None  # reports to
    dotted_parent_id: int | None = None  # dotted-line manager
    title: str = ""
    attitude: str = "unknown"  # a key of ATTITUDES
    buying_roles: tuple[str, ...] = ()  # codes from ROLES
    strength: str = ""  # our strongest relationship, already translated ("Trusted advisor")
    strength_rank: int = 0  # 0 (none) … 4
    status: str = "active"  # "left" is drawn dimmed
    href: str = ""  # the stakeholder's page


@dataclass(frozen=True)
class PlacedNode:
    node: OrgNode
    x: float  # top-left corner of the box
    y: float
    w: float
    h: float
    hidden_descendants: int = 0  # people under this node who are not drawn
    is_ancestor_path: bool = False  # a manager above the focus
    more_href: str = ""  # the "+N more" badge's link; "" when nothing is hidden


@dataclass(frozen=True)
class Edge:
    parent_id: int  # the manager (solid) or dotted-line manager (dotted)
    child_id: int
    path: str  # SVG path data
    dotted: bool = False


@dataclass(frozen=True)
class OrgChart:
    width: float
    height: float
    nodes: tuple[PlacedNode, ...]
    edges: tuple[Edge, ...]
    focus_id: int | None = None  # None when no focus was asked for or it was not found


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _parents(by_id: Mapping[int, OrgNode]) -> dict[int, int | None]:
    """Each node's manager, with unknown managers and reporting cycles broken."""
    parent: dict[int, int | None] = {
        i: n.parent_id if n.parent_id in by_id and n.parent_id != i else None
        for i, n in by_id.items()
    }
    state: dict[int, int] = {}  # 1: on the walk in progress, 2: known to reach a root
    for start in sorted(by_id):
        walk: list[int] = []
        i: int | None = start
        while i is not None and i not in state:
            state[i] = 1
            walk.append(i)
            i = parent[i]
        if i is not None and state[i] == 1:  # the walk came back to itself
            parent[min(walk[walk.index(i) :])] = None
        for j in walk:
            state[j] = 2
    return parent


class _Layout:
    """Block sizes bottom-up, then positions top-down; iterative, so deep trees are fine."""

    def __init__(self, children: dict[int, list[int]], depth: int, wrap: int) -> None:
        self.children, self.depth, self.wrap = children, depth, wrap
        self.kids: dict[int, list[int]] = {}  # the reports that are drawn
        self.w: dict[int, float] = {}
        self.h: dict[int, float] = {}
        self.off: dict[int, float] = {}  # the box's left, from its block's left
        self.cols: dict[int, list[list[int]] | None] = {}  # None: a row
        self.pos: dict[int, tuple[float, float]] = {}
        self.edges: list[Edge] = []

    def size(self, top: int, max_width: float) -> None:
        order, level = [top], {top: 0}
        for i in order:  # breadth first; the list grows as it is read
            self.kids[i] = self.children[i] if level[i] < self.depth else []
            for c in self.kids[i]:
                level[c] = level[i] + 1
                order.append(c)
        height: dict[int, int] = {}
        for i in reversed(order):
            height[i] = 1 + max((height[c] for c in self.kids[i]), default=-1)
        for k in range(height[top] + 1):
            self._measure(order, height, k, max_width)
            if self.w[top] <= max_width:
                break

    def _measure(self, order: list[int], height: dict[int, int], k: int, limit: float) -> None:
        w, h, off = self.w, self.h, self.off
        for i in reversed(order):
            kids = self.kids[i]
            if not kids:
                w[i], h[i], off[i], self.cols[i] = BOX_W, BOX_H, 0, None
            elif height[i] <= k or (height[i] == 1 and len(kids) > self.wrap):
                count = math.ceil(len(kids) / self.wrap)
                if i == order[0] and height[i] > 1:  # all folded: as many columns as fit
                    fit = (limit + GAP_X) // (INDENT + max(w[c] for c in kids) + GAP_X)
                    count = max(count, min(len(kids), int(fit)))
                cols = _split(kids, {c: h[c] + STACK_GAP for c in kids}, count)
                inner = sum(INDENT + max(w[c] for c in col) for col in cols)
                w[i] = max(BOX_W, inner + GAP_X * (len(cols) - 1))
                tallest = max(sum(h[c] + STACK_GAP for c in col) for col in cols)
                bus = 0 if len(cols) == 1 else GAP_Y / 2
                h[i], self.cols[i] = BOX_H + bus + tallest, cols
                off[i] = (w[i] - BOX_W) / 2 if len(cols) > 1 else 0
            else:
                inner = sum(w[c] for c in kids) + GAP_X * (len(kids) - 1)
                w[i] = max(BOX_W, inner)
                pad = (w[i] - inner) / 2
                first, last = pad + off[kids[0]], pad + inner - w[kids[-1]] + off[kids[-1]]
                off[i], self.cols[i] = (first + last) / 2, None
                h[i] = BOX_H + GAP_Y + max(h[c] for c in kids)

    def place(self, top: int, left: float, y: float) -> None:
        """Positions and solid edges of `top`'s tree, in pre-order (the reading order)."""
        w, off, stack = self.w, self.off, [(top, left, y)]
        while stack:
            i, x, y = stack.pop()
            box_x, nxt = x + off[i], []
            self.pos[i] = (box_x, y)
            kids, cols = self.kids[i], self.cols[i]
            mid, bottom, bus = box_x + BOX_W / 2, y + BOX_H, y + BOX_H + GAP_Y / 2
            if cols is None:
                cx = x + (w[i] - sum(w[c] for c in kids) - GAP_X * (len(kids) - 1)) / 2
                for c in kids:
                    end = f"H{_n(cx + off[c] + BOX_W / 2)}V{_n(bottom + GAP_Y)}"
                    self.edges.append(Edge(i, c, f"M{_n(mid)} {_n(bottom)}V{_n(bus)}{end}"))
                    nxt.append((c, cx, bottom + GAP_Y))
                    cx += w[c] + GAP_X
                cols = []
            widths = [INDENT + max(w[c] for c in col) for col in cols]
            cx = x + (w[i] - sum(widths) - GAP_X * (len(cols) - 1)) / 2
            for col, col_w in zip(cols, widths, strict=True):
                trunk = cx + INDENT / 2
                if len(cols) == 1:
                    lead, cy = f"M{_n(trunk)} {_n(bottom)}", bottom + STACK_GAP
                else:
                    lead = f"M{_n(mid)} {_n(bottom)}V{_n(bus)}H{_n(trunk)}"
                    cy = bus + STACK_GAP
                for c in col:
                    tick = f"V{_n(cy + BOX_H / 2)}H{_n(cx + INDENT + off[c])}"
                    self.edges.append(Edge(i, c, lead + tick))
                    nxt.append((c, cx + INDENT, cy))
                    cy += self.h[c] + STACK_GAP
                cx += col_w + GAP_X
            stack.extend(reversed(nxt))


def _split(items: list[int], size: dict[int, float], count: int) -> list[list[int]]:
    """`items` in order, cut into at most `count` columns, the tallest kept short."""
    target = max(sum(size.values()) / count, *size.values())
    while True:
        cols: list[list[int]] = [[]]
        used, bump = 0.0, math.inf  # bump: the least target that would move a cut
        for i in items:
            if cols[-1] and used + size[i] > target:
                bump = min(bump, used + size[i])
                cols.append([])
                used = 0.0
            cols[-1].append(i)
            used += size[i]
        if len(cols) <= count:
            return cols
        target = bump


def _dotted_path(a: tuple[float, float], b: tuple[float, float]) -> str:
    """A curve from the dotted-line manager's box `a` to the report's box `b`."""
    (ax, ay), (bx, by) = a, b
    if ay + BOX_H <= by or by + BOX_H <= ay:  # different rows: bottom/top at 3/4 width
        x1, x2 = ax + BOX_W * 0.75, bx + BOX_W * 0.75
        y1, y2 = (ay + BOX_H, by) if ay < by else (ay, by + BOX_H)
        points = [x1, y1, x1, (y1 + y2) / 2, x2, (y1 + y2) / 2, x2, y2]
    else:  # side by side: from the facing sides
        x1, x2 = (ax + BOX_W, bx) if ax < bx else (ax, bx + BOX_W)
        y1, y2 = ay + BOX_H / 2, by + BOX_H / 2
        points = [x1, y1, (x1 + x2) / 2, y1, (x1 + x2) / 2, y2, x2, y2]
    return "M{} {}C{} {} {} {} {} {}".format(*map(_n, points))


def org_chart(
    nodes: Iterable[OrgNode],
    *,
    focus_id: int | None = None,
    depth: int = 3,
    focus_url: str | Callable[[int], str] = "?focus={id}",
    max_width: float = 2400,
    wrap: int = 8,
) -> OrgChart:
    """Lay out `nodes` as a top-down tree (see the module docstring for the rules).

    `focus_url` is a template with `{id}` or a function of the node id, giving the link
    of a "+N more" badge.
    """
    by_id: dict[int, OrgNode] = {}
    for node in nodes:
        by_id.setdefault(node.id, node)
    parent = _parents(by_id)
    children: dict[int, list[int]] = {i: [] for i in by_id}
    for i, p in parent.items():
        if p is not None:
            children[p].append(i)
    for kids in children.values():
        kids.sort(key=lambda i: (by_id[i].name.casefold(), i))
    roots = sorted(
        (i for i, p in parent.items() if p is None),
        key=lambda i: (not children[i], by_id[i].name.casefold(), i),
    )
    total: dict[int, int] = {}  # descendants at every level
    order = list(roots)
    for i in order:  # breadth first (the list grows as it is read), then counted bottom-up
        order.extend(children[i])
    for i in reversed(order):
        total[i] = sum(1 + total[c] for c in children[i])

    def link(i: int) -> str:
        return focus_url(i) if callable(focus_url) else focus_url.format(id=i)

    focus = focus_id if focus_id in by_id else None
    chain: list[int] = []  # the focus's managers, top first
    above = parent[focus] if focus is not None else None
    while above is not None:
        chain.append(above)
        above = parent[above]
    chain.reverse()
    tops = [focus] if focus is not None else roots
    layout = _Layout(children, max(depth, 0), max(wrap, 1))
    for top in tops:
        layout.size(top, max_width - 2 * MARGIN)

    w, h = layout.w, layout.h
    if focus is not None:
        y0 = MARGIN + len(chain) * (BOX_H + GAP_Y)
        layout.place(focus, MARGIN, y0)
        box_x = layout.pos[focus][0]
        for step, i in enumerate(chain):
            layout.pos[i] = (box_x, MARGIN + step * (BOX_H + GAP_Y))
        for upper, lower in zip(chain, [*chain, focus][1:], strict=True):
            top_y, mid = layout.pos[lower][1], _n(box_x + BOX_W / 2)
            layout.edges.append(Edge(upper, lower, f"M{mid} {_n(top_y - GAP_Y)}V{_n(top_y)}"))
        width, height = w[focus] + 2 * MARGIN, y0 + h[focus] + MARGIN
    else:
        limit = max([max_width, *(w[t] + 2 * MARGIN for t in tops)])
        x, y, band, right = float(MARGIN), float(MARGIN), 0.0, 0.0
        for t in tops:
            if x > MARGIN and x + w[t] + MARGIN > limit:
                x, y, band = MARGIN, y + band + GAP_Y, 0.0
            layout.place(t, x, y)
            right, band = max(right, x + w[t]), max(band, h[t])
            x += w[t] + 2 * GAP_X
        width, height = max(right, MARGIN) + MARGIN, y + band + MARGIN

    ancestors = set(chain)
    placed = []
    for i in [*chain, *(i for i in layout.pos if i not in ancestors)]:
        x, y = layout.pos[i]
        hidden = sum(1 + total[c] for c in children[i] if c not in layout.pos)
        more = link(i) if hidden else ""
        placed.append(PlacedNode(by_id[i], x, y, BOX_W, BOX_H, hidden, i in ancestors, more))
        dotted = by_id[i].dotted_parent_id
        if dotted is not None and dotted not in (i, parent[i]) and dotted in layout.pos:
            path = _dotted_path(layout.pos[dotted], (x, y))
            layout.edges.append(Edge(dotted, i, path, dotted=True))
    return OrgChart(width, height, tuple(placed), tuple(layout.edges), focus)


# Drawing ---------------------------------------------------------------------------------


_EM = {  # character widths in em, from DejaVu Sans (wider than most system fonts)
    **dict.fromkeys("ijlIł.,;:'!|", 0.3),
    **dict.fromkeys("frt()[]-/ ", 0.4),
    **dict.fromkeys("mwMW@%&…", 0.95),
}


def _text_width(text: str, size: float, bold: bool = False) -> float:
    units = sum(_EM.get(ch, 0.72 if ch.isupper() else 0.62) for ch in text)
    return units * size * (1.1 if bold else 1.0)


def _fit(text: str, width: float, size: float, bold: bool = False) -> str:
    if _text_width(text, size, bold) <= width:
        return text
    while text and _text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _bars(x: float, bottom: float, rank: int) -> str:
    return "".join(
        f'<rect x="{_n(x + k * 5)}" y="{_n(bottom - 4 - 3 * k)}" width="3.5" '
        f'height="{4 + 3 * k}" fill="{BADGE if k < rank else "#c7ccd3"}"/>'
        for k in range(4)
    )


def _pill(x: float, y: float, short: str) -> tuple[str, float]:
    width = _text_width(short, 10, bold=True) + 10
    svg = (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="16" rx="8" fill="#ffffff" '
        f'stroke="{MUTED}"/><text x="{_n(x + width / 2)}" y="{_n(y + 11.5)}" '
        f'font-size="10" font-weight="700" text-anchor="middle">{_e(short)}</text>'
    )
    return svg, width


def _swatch(attitude: str) -> str:
    fill, ink, symbol = ATTITUDES[attitude]
    dash = ' stroke-dasharray="4 3"' if attitude == "unknown" else ""
    return (
        f'<rect y="-13" width="30" height="18" rx="4" fill="{fill}" stroke="{ink}" '
        f'stroke-width="1.5"{dash}/><text x="15" font-size="11" font-weight="700" '
        f'fill="{ink}" text-anchor="middle">{symbol}</text>'
    )


def _node(p: PlacedNode, text: Mapping[str, str], focus: int | None) -> str:
    n, x, y, w, h = p.node, p.x, p.y, p.w, p.h
    attitude = n.attitude if n.attitude in ATTITUDES else "unknown"
    fill, ink, symbol = ATTITUDES[attitude]
    roles = [
        (text.get(f"role_short:{r}") or r[:2].upper(), text.get(f"role:{r}", r))
        for r in n.buying_roles
    ]
    facts = [f"{text['attitude']}: {text.get(f'attitude:{n.attitude}', n.attitude)}"]
    if roles:
        facts.append(f"{text['roles']}: {', '.join(r[1] for r in roles)}")
    if n.strength:
        facts.append(f"{text['relationship']}: {n.strength}")
    about = f"{', '.join(filter(None, [n.name, n.title]))} — {'; '.join(filter(None, facts))}"
    classes = f"orgchart-node attitude-{attitude}"
    classes += " is-ancestor" if p.is_ancestor_path else ""
    classes += " is-focus" if n.id == focus else ""
    dim = ' opacity="0.55"' if n.status == "left" else ""
    classes += " is-left" if dim else ""
    dash = ' stroke-dasharray="4 3"' if attitude == "unknown" else ""
    link = f'a href="{_e(n.href)}" aria-label="{_e(about)}"' if n.href else "g"
    out = [
        f'<g class="{classes}"{dim}><{link}><title>{_e(about)}</title>',
        f'<rect class="orgchart-box" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
        f'rx="6" fill="{fill}" stroke="{ink}" stroke-width="{3 if n.id == focus else 1.5}"{dash}/>',
        f'<path d="M{_n(x + 7)} {_n(y)}V{_n(y + h)}H{_n(x + 6)}a6 6 0 0 1-6-6V{_n(y + 6)}'
        f'a6 6 0 0 1 6-6Z" fill="{ink}"/>',
        f'<circle cx="{_n(x + w - 17)}" cy="{_n(y + 17)}" r="10.5" fill="{ink}"/>'
        f'<text x="{_n(x + w - 17)}" y="{_n(y + 21)}" font-size="11" font-weight="700" '
        f'fill="#ffffff" text-anchor="middle">{symbol}</text>',
        f'<text x="{_n(x + 15)}" y="{_n(y + 22)}" font-size="13" font-weight="700">'
        f"{_e(_fit(n.name, w - 48, 13, bold=True))}</text>",
        f'<text x="{_n(x + 15)}" y="{_n(y + 40)}" font-size="11.5" fill="{MUTED}">'
        f"{_e(_fit(n.title, w - 25, 11.5))}</text>",
    ]
    px, bars_x = x + 15, x + w - 28
    for short, _ in roles:
        pill, pill_w = _pill(px, y + h - 24, short)
        if px + pill_w > bars_x - 4:
            break
        out.append(pill)
        px += pill_w + 4
    out.append(_bars(bars_x, y + h - 9, n.strength_rank))
    room = bars_x - px - 8
    if n.strength and room > 30:
        out.append(
            f'<text x="{_n(bars_x - 5)}" y="{_n(y + h - 11)}" font-size="10.5" fill="{MUTED}" '
            f'text-anchor="end">{_e(_fit(n.strength, room, 10.5))}</text>'
        )
    out.append("</a>" if n.href else "</g>")
    if p.hidden_descendants:
        more = text["more"] % {"count": p.hidden_descendants}
        label = f"{text['show_team'] % {'name': n.name}} ({more})"
        bw = _text_width(more, 10.5, bold=True) + 16
        bx, by = x + (w - bw) / 2, y + h - 6
        out.append(
            f'<a class="orgchart-more" href="{_e(p.more_href)}" aria-label="{_e(label)}">'
            f'<title>{_e(label)}</title><rect x="{_n(bx)}" y="{_n(by)}" width="{_n(bw)}" '
            f'height="16" rx="8" fill="{BADGE}" stroke="#ffffff"/><text x="{_n(bx + bw / 2)}" '
            f'y="{_n(by + 12)}" font-size="10.5" font-weight="700" fill="#ffffff" '
            f'text-anchor="middle">{_e(more)}</text></a>'
        )
    out.append("</g>")
    return "".join(out)


def _legend(text: Mapping[str, str], limit: float) -> tuple[str, float, float]:
    """The key, in rows that wrap at `limit`: attitudes; lines and relationship; roles."""
    line = '<path d="M0 -4h28" stroke-width="1.5" stroke='
    groups: dict[str, list[tuple[str, float, str]]] = {
        "attitude": [(_swatch(a), 30, f"attitude:{a}") for a in ATTITUDES],
        "lines": [
            (f'{line}"{SOLID}"/>', 28, "reports_to"),
            (f'{line}"{DOTTED}" stroke-dasharray="5 3"/>', 28, "dotted_line"),
            (_bars(0, 1, 2), 18, "relationship"),
        ],
        "roles": [(*_pill(0, -12, text[f"role_short:{r}"]), f"role:{r}") for r in ROLES],
    }
    out, y, right = ['<g class="orgchart-legend" font-size="12">'], MARGIN + 16.0, 0.0
    for heading, items in groups.items():
        out.append(f'<text x="{MARGIN}" y="{_n(y)}" font-weight="700">{_e(text[heading])}</text>')
        x = MARGIN + _text_width(text[heading], 12, bold=True) + 14
        for mark, mark_w, key in items:
            item_w = mark_w + 24 + _text_width(text[key], 12)
            if x + item_w > limit - MARGIN and x > MARGIN + 130:
                x, y = MARGIN + 24.0, y + LEGEND_ROW
            out.append(
                f'<g transform="translate({_n(x)} {_n(y)})">{mark}'
                f'<text x="{_n(mark_w + 6)}">{_e(text[key])}</text></g>'
            )
            x += item_w
            right = max(right, x)
        y += LEGEND_ROW
    height = y - 16 + MARGIN / 2
    out.append(
        f'<path d="M{MARGIN} {_n(height - 4)}H{_n(max(limit, right) - MARGIN)}" '
        'stroke="#d1d5db"/></g>'
    )
    return "".join(out), height, right + MARGIN


def render_svg(
    chart: OrgChart,
    *,
    labels: Mapping[str, str] | None = None,
    title: str,
    description: str,
    id_prefix: str = "orgchart",
) -> str:
    """The chart as an inline `<svg>`, marked safe: every text in it is escaped here.

    Boxes are links (`<a href>`, focusable) named by their `<title>`; the "+N more" badge
    is a second link. The legend sits on top. No scripts, event handlers or `style=`.
    """
    text = {**DEFAULT_LABELS, **(labels or {})}
    legend, legend_h, legend_w = _legend(text, max(chart.width, 760))
    width, height, prefix = max(chart.width, legend_w), chart.height + legend_h, _e(id_prefix)
    edges = [
        f'<path d="{e.path}" stroke="{DOTTED}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        if e.dotted
        else f'<path d="{e.path}" stroke="{SOLID}" stroke-width="1.25"/>'
        for e in sorted(chart.edges, key=lambda e: e.dotted)
    ]
    return mark_safe(  # noqa: S308 - built from escaped text and numbers only
        f'<svg xmlns="http://www.w3.org/2000/svg" class="orgchart" role="group" '
        f'aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'font-family="system-ui, sans-serif" fill="{INK}">'
        f'<title id="{prefix}-title">{_e(title)}</title>'
        f'<desc id="{prefix}-desc">{_e(description)}</desc>{legend}'
        f'<g transform="translate(0 {_n(legend_h)})"><g class="orgchart-edges" fill="none">'
        f'{"".join(edges)}</g><g class="orgchart-nodes">'
        f"{''.join(_node(p, text, chart.focus_id) for p in chart.nodes)}</g></g></svg>"
    )
