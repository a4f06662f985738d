"""The org chart's layout, worked out by hand for small trees, and its SVG.

Geometry used below (asserted first, so a change of constants points here): boxes 196×76,
24 between sibling blocks, 48 from a manager's row to its reports' row (bus half-way),
16 between boxes in an outline column, indent 28, margin 20.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

from django.utils.safestring import SafeString

from hexad.core import orgchart
from hexad.core.orgchart import ATTITUDES, ROLES, OrgChart, OrgNode, org_chart, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def node(id: int, name: str, parent: int | None = None, **fields: object) -> OrgNode:
    return OrgNode(id=id, name=name, parent_id=parent, **fields)  # type: ignore[arg-type]


def boxes(chart: OrgChart) -> dict[int, tuple[float, float]]:
    return {p.node.id: (p.x, p.y) for p in chart.nodes}


def placed(chart: OrgChart, id: int) -> orgchart.PlacedNode:
    return next(p for p in chart.nodes if p.node.id == id)


def solid(chart: OrgChart) -> set[tuple[int, int]]:
    return {(e.parent_id, e.child_id) for e in chart.edges if not e.dotted}


def dotted(chart: OrgChart) -> set[tuple[int, int]]:
    return {(e.parent_id, e.child_id) for e in chart.edges if e.dotted}


def svg_of(chart: OrgChart, **labels: str) -> str:
    return render_svg(chart, labels=labels, title="Org chart", description="Who reports to whom")


def test_geometry_the_hand_computed_figures_assume() -> None:
    assert (orgchart.BOX_W, orgchart.BOX_H, orgchart.GAP_X, orgchart.GAP_Y) == (196, 76, 24, 48)
    assert (orgchart.STACK_GAP, orgchart.INDENT, orgchart.MARGIN) == (16, 28, 20)


def test_root_with_three_leaves_is_centred_over_them_in_name_order() -> None:
    chart = org_chart([node(1, "Root"), node(2, "Cecil", 1), node(3, "Anna", 1), node(4, "Bob", 1)])
    # leaves: 3 × 196 + 2 × 24 = 636 wide, from x = 20; root centred: 20 + (636 − 196) / 2
    assert boxes(chart) == {1: (240, 20), 3: (20, 144), 4: (240, 144), 2: (460, 144)}
    assert (chart.width, chart.height) == (676, 240)  # 20 + 636 + 20; 20 + 76 + 48 + 76 + 20
    anna = next(e for e in chart.edges if e.child_id == 3)
    assert anna.path == "M338 96V120H118V144"  # root's bottom centre, bus, over Anna, down
    assert all(p.hidden_descendants == 0 and p.more_href == "" for p in chart.nodes)


def test_parent_is_centred_between_its_first_and_last_report() -> None:
    chart = org_chart(
        [node(1, "Root"), node(2, "A", 1), node(3, "B", 1), node(4, "B1", 3), node(5, "B2", 3)]
    )
    # B's block: 196 + 24 + 196 = 416, B at 240 + 110; the row: 196 + 24 + 416 = 636.
    # Root centre = (A's centre 118 + B's centre 448) / 2 = 283, so root x = 185.
    assert boxes(chart) == {1: (185, 20), 2: (20, 144), 3: (350, 144), 4: (240, 268), 5: (460, 268)}
    assert (chart.width, chart.height) == (676, 364)


def test_siblings_are_ordered_by_name_ignoring_case_then_by_id() -> None:
    chart = org_chart(
        [
            node(1, "Root"),
            node(2, "zed", 1),
            node(3, "Anna", 1),
            node(7, "bob", 1),
            node(5, "Bob", 1),
        ]
    )
    row = sorted((p.x, p.node.id) for p in chart.nodes if p.node.id != 1)
    assert [i for _, i in row] == [3, 5, 7, 2]


def test_depth_limits_the_levels_and_counts_the_hidden_descendants() -> None:
    chain = [node(1, "One"), *(node(i, f"N{i}", i - 1) for i in range(2, 6))]
    chart = org_chart(chain, depth=2)
    assert set(boxes(chart)) == {1, 2, 3}
    assert [(p.node.id, p.hidden_descendants) for p in chart.nodes] == [(1, 0), (2, 0), (3, 2)]
    assert placed(chart, 3).more_href == "?focus=3"

    roots_only = org_chart(chain, depth=0, focus_url=lambda i: f"/org/{i}/")
    assert [(p.node.id, p.hidden_descendants, p.more_href) for p in roots_only.nodes] == [
        (1, 4, "/org/1/")
    ]

    branching = [node(1, "R"), node(2, "M", 1), node(3, "A", 2), node(4, "B", 2), node(5, "C", 4)]
    assert placed(org_chart(branching, depth=1), 2).hidden_descendants == 3  # A, B and C


FIRM = [
    node(1, "Ceo"),
    node(2, "Vp A", 1),
    node(3, "Vp B", 1),
    node(8, "Dir B", 3),
    node(4, "Dir A1", 2),
    node(5, "Dir A2", 2),
    node(6, "Mgr", 4),
    node(7, "Staff", 6),
]


def test_focus_shows_its_team_under_the_collapsed_chain_of_its_managers() -> None:
    chart = org_chart(FIRM, focus_id=4, depth=1)
    assert chart.focus_id == 4
    # The chain stands above the focus at its x; siblings (Dir A2, Vp B) are not drawn.
    assert boxes(chart) == {1: (20, 20), 2: (20, 144), 4: (20, 268), 6: (20, 392)}
    assert (chart.width, chart.height) == (236, 488)
    summary = {p.node.id: (p.is_ancestor_path, p.hidden_descendants) for p in chart.nodes}
    # Ceo hides Vp B and Dir B; Vp A hides Dir A2; Mgr hides Staff (beyond depth 1)
    assert summary == {1: (True, 2), 2: (True, 1), 4: (False, 0), 6: (False, 1)}
    assert {e.child_id: e.path for e in chart.edges} == {
        2: "M118 96V144",
        4: "M118 220V268",
        6: "M118 344V368H118V392",
    }
    assert placed(chart, 1).more_href == "?focus=1"  # the badge climbs one level up


def test_focus_on_a_root_or_an_unknown_id() -> None:
    on_root = org_chart(FIRM, focus_id=1, depth=1)
    assert set(boxes(on_root)) == {1, 2, 3}
    assert not any(p.is_ancestor_path for p in on_root.nodes)
    unknown = org_chart(FIRM, focus_id=999, depth=9)
    assert unknown.focus_id is None
    assert len(unknown.nodes) == len(FIRM)


def test_several_roots_side_by_side_trees_first_then_wrapping() -> None:
    people = [
        node(1, "Zoe"),
        node(2, "Amy", 1),
        node(3, "Bea"),
        node(4, "Carl"),
        node(5, "Dan", 4),
        node(6, "Al"),
    ]
    # Trees by name (Carl, Zoe), then people alone (Al, Bea); 2 × 24 between roots
    chart = org_chart(people)
    tops = sorted((p.x, p.node.id) for p in chart.nodes if p.y == 20)
    assert tops == [(20, 4), (264, 1), (508, 6), (752, 3)]
    assert (chart.width, chart.height) == (968, 240)
    assert [p.node.id for p in chart.nodes] == [4, 5, 1, 2, 6, 3]  # reading (and tab) order
    # Narrower: Al would end at 508 + 196 + 20 > 600, so a band starts under the trees
    narrow = org_chart(people, max_width=600)
    assert {i: xy for i, xy in boxes(narrow).items() if i in (4, 1, 6, 3)} == {
        4: (20, 20),
        1: (264, 20),
        6: (20, 268),  # 20 + 200 (the band) + 48
        3: (264, 268),
    }
    assert (narrow.width, narrow.height) == (480, 364)


def test_missing_managers_self_reports_and_cycles_become_roots() -> None:
    people = [
        node(1, "Orphan", 999),
        node(2, "Cy A", 3),  # 2 → 3 → 4 → 2: the smallest id, 2, loses its manager
        node(3, "Cy B", 4),
        node(4, "Cy C", 2),
        node(5, "Self", 5),
        node(6, "Under B", 3),
        node(2, "Duplicate of 2"),  # ignored: the first node with an id wins
    ]
    chart = org_chart(people, depth=10)
    assert solid(chart) == {(2, 4), (4, 3), (3, 6)}
    assert {p.node.id for p in chart.nodes if p.y == 20} == {1, 2, 5}
    assert placed(chart, 2).node.name == "Cy A"


def test_dotted_lines_only_between_drawn_people() -> None:
    people = [
        node(1, "Root"),
        node(2, "Ann", 1),
        node(3, "Ben", 1, dotted_parent_id=2),  # drawn both ends: dashed
        node(4, "Cat", 2, dotted_parent_id=2),  # the same as the solid line: not repeated
        node(5, "Dee", 4, dotted_parent_id=3),  # Dee is beyond depth 2: not drawn
        node(6, "Eve", 1, dotted_parent_id=404),  # unknown manager
        node(7, "Fay", 1, dotted_parent_id=7),  # herself
    ]
    chart = org_chart(people, depth=2)
    assert dotted(chart) == {(2, 3)}
    assert dotted(org_chart(people, depth=3)) == {(2, 3), (3, 5)}
    assert dotted(org_chart(people, focus_id=4)) == set()  # Ben is not in Cat's chart
    # Ann and Ben are side by side: the curve joins Ann's right side to Ben's left side
    line = next(e for e in chart.edges if e.dotted)
    ann, ben = placed(chart, 2), placed(chart, 3)
    assert line.path.startswith(f"M{ann.x + 196:g} {ann.y + 38:g}C")
    assert line.path.endswith(f" {ben.x:g} {ben.y + 38:g}")


def test_forty_reports_fold_into_five_columns_of_eight() -> None:
    people = [node(1, "Boss"), *(node(i, f"Report {i:02}", 1) for i in range(2, 42))]
    chart = org_chart(people)
    columns: dict[float, int] = {}
    for p in chart.nodes[1:]:
        columns[p.x] = columns.get(p.x, 0) + 1
    # each column: indent 28 + box 196, 24 between: 5 × 224 + 4 × 24 = 1216 wide
    assert columns == {48: 8, 296: 8, 544: 8, 792: 8, 1040: 8}
    assert placed(chart, 1).x == 20 + (1216 - 196) / 2
    assert chart.width == 1256
    first = next(e for e in chart.edges if e.child_id == 2)
    # down to the bus, across to the column's trunk, down to the box's middle, into it
    assert first.path == "M628 96V120H34V174H48"
    assert chart.height == 20 + 76 + 24 + 8 * (16 + 76) + 20


def test_lower_levels_fold_into_outlines_when_the_tree_is_too_wide() -> None:
    people = [node(1, "Root"), node(2, "M1", 1), node(3, "M2", 1)]
    people += [node(10 + i, f"S{i}", 2 + i // 2) for i in range(4)]
    assert org_chart(people).width == 20 + 2 * 416 + 24 + 20  # all rows: 896 ≤ 2400
    chart = org_chart(people, max_width=700)
    # managers hang their reports: blocks 28 + 196 = 224; root over 224 + 24 + 224
    assert boxes(chart) == {
        1: (144, 20),
        2: (20, 144),
        3: (268, 144),
        10: (48, 236),  # 144 + 76 + 16
        11: (48, 328),  # + 76 + 16
        12: (296, 236),
        13: (296, 328),
    }
    assert (chart.width, chart.height) == (512, 424)
    assert next(e for e in chart.edges if e.child_id == 10).path == "M34 220V274H48"


def test_a_tree_folded_to_the_root_deals_its_reports_into_columns_that_fit() -> None:
    people = [node(1, "Root"), *(node(i, f"M{i}", 1) for i in (2, 3, 4))]
    people += [node(10 + i, f"S{i}", i) for i in (2, 3, 4)]
    # Rows: 3 × 196 + 48 = 636; outlined managers: 3 × 224 + 48 = 720; both over 560. So
    # the root folds too, into (560 + 24) // (28 + 224 + 24) = 2 columns of ~equal height:
    # each manager's outline is 76 + 16 + 76 = 168 tall, so M2 and M3 share the first.
    chart = org_chart(people, max_width=600)
    assert boxes(chart) == {
        1: (186, 20),  # centred over 2 × 252 + 24 = 528
        2: (48, 136),  # the bus at 20 + 76 + 24, then 16
        12: (76, 228),
        3: (48, 320),  # 136 + 168 + 16
        13: (76, 412),
        4: (324, 136),  # the second column: 20 + 252 + 24, indented 28
        14: (352, 228),
    }
    assert (chart.width, chart.height) == (568, 508)
    assert next(e for e in chart.edges if e.child_id == 2).path == "M284 96V120H34V174H48"


def test_deep_chains_and_empty_input() -> None:
    chain = [node(1, "Top"), *(node(i, f"N{i}", i - 1) for i in range(2, 3001))]
    chart = org_chart(chain, depth=5000)
    assert len(chart.nodes) == 3000
    empty = org_chart([])
    assert (empty.width, empty.height, empty.nodes) == (40, 40, ())
    ET.fromstring(svg_of(empty))


EVIL = '<script>alert(1)</script> & "x"'


def test_svg_escapes_every_text_and_parses_as_xml() -> None:
    people = [
        node(1, EVIL, title="<b>CEO</b>", href='/s/1/?a=1&b="2"', buying_roles=("champion",)),
        node(2, "Ann 'Quote'", 1, strength=EVIL, strength_rank=2, href="/s/2/"),
        node(3, "Ben", 2),
    ]
    svg = render_svg(
        org_chart(people, depth=1),
        labels={"role:champion": "<i>Champion</i>"},
        title=EVIL,
        description=EVIL,
        id_prefix='x"y',
    )
    assert isinstance(svg, SafeString)  # a template can print it as it is
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in svg
    assert "style=" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == EVIL  # type: ignore[union-attr]
    link = root.find(f".//{SVG}a")
    assert link is not None and link.get("href") == '/s/1/?a=1&b="2"'
    assert link.get("aria-label", "").startswith(EVIL)
    assert "<i>Champion</i>" in link.get("aria-label", "")
    for element in root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}style")


def test_svg_is_a_named_group_of_links_with_badges_and_a_legend() -> None:
    people = [
        node(1, "Ceo", attitude="advocate", href="/s/1/", buying_roles=("economic_buyer",)),
        node(2, "Ann", 1, attitude="opponent", href="/s/2/", status="left"),
        node(3, "Ben", 2, attitude="made-up"),
    ]
    labels = {"attitude:advocate": "Zwolennik", "more": "+%(count)s więcej"}
    root = ET.fromstring(svg_of(org_chart(people, depth=1), **labels))
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "orgchart-title"
    assert root.get("aria-describedby") == "orgchart-desc"
    assert root.find(f"{SVG}desc").text == "Who reports to whom"  # type: ignore[union-attr]
    links = [(a.get("href"), a.get("aria-label")) for a in root.iter(f"{SVG}a")]
    assert links == [
        ("/s/1/", "Ceo — Attitude: Zwolennik; Buying roles: Economic buyer"),
        ("/s/2/", "Ann — Attitude: Opponent"),
        ("?focus=2", "Show the team under Ann (+1 więcej)"),
    ]
    groups = {g.get("class"): g for g in root.iter(f"{SVG}g")}
    assert "orgchart-node attitude-opponent is-left" in groups
    assert groups["orgchart-node attitude-opponent is-left"].get("opacity") == "0.55"
    legend = "".join(groups["orgchart-legend"].itertext())
    assert "Zwolennik" in legend and "Economic buyer" in legend and "Dotted line" in legend


def test_an_unknown_attitude_is_drawn_as_unknown() -> None:
    svg = svg_of(org_chart([node(1, "Odd", attitude="made-up", buying_roles=("weird_role",))]))
    root = ET.fromstring(svg)
    assert any(g.get("class") == "orgchart-node attitude-unknown" for g in root.iter(f"{SVG}g"))
    assert ">WE</text>" in svg  # an unknown role gets its first letters


def realistic(size: int, seed: int = 1) -> list[OrgNode]:
    """CEO → 6 executives → 3 directors each → ~3 managers each → staff, at random."""
    rng = random.Random(seed)
    people = [node(1, "Chief Executive", title="CEO")]

    def add(parent: int, title: str) -> int:
        people.append(
            node(
                len(people) + 1,
                f"{rng.choice(['Anna', 'Piotr', 'Zofia', 'Jean-Baptiste'])} {len(people)}",
                parent,
                title=title,
                attitude=rng.choice(list(ATTITUDES)),
                buying_roles=tuple(r for r in ROLES if rng.random() < 0.15),
                strength_rank=rng.randint(0, 4),
                href=f"/s/{len(people) + 1}/",
            )
        )
        return len(people)

    executives = [add(1, "Executive") for _ in range(6)]
    directors = [add(executives[k % 6], "Director") for k in range(18)]
    managers = [add(rng.choice(directors), "Manager") for _ in range(60)]
    while len(people) < size:
        add(rng.choice(managers), "Staff")
    return people


def test_three_hundred_people_fit_a_readable_chart() -> None:
    people = realistic(300)
    chart = org_chart(people)
    assert 1000 <= chart.width <= 2400
    assert chart.height <= 3000
    assert len(chart.nodes) == 1 + 6 + 18 + 60  # staff are beyond depth 3
    assert len(chart.nodes) + sum(p.hidden_descendants for p in chart.nodes) == 300
    assert len(solid(chart)) == len(chart.nodes) - 1
    ET.fromstring(svg_of(chart))


def test_boxes_never_overlap_and_stay_inside_the_chart() -> None:
    charts = [org_chart(realistic(300), depth=d) for d in (1, 2, 3, 4)]
    charts += [org_chart(realistic(300, seed=2), focus_id=30, depth=2)]
    charts += [org_chart(realistic(120, seed=3), max_width=900, depth=9)]
    for chart in charts:
        rows = sorted(chart.nodes, key=lambda p: (p.x, p.y))
        for k, a in enumerate(rows):
            assert a.x >= 0 and a.x + a.w <= chart.width and 0 <= a.y <= chart.height - a.h
            for b in rows[k + 1 :]:
                if b.x >= a.x + a.w:
                    break
                assert b.y >= a.y + a.h or a.y >= b.y + b.h, (a.node.id, b.node.id)
