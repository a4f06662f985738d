"""Coverage over time: the server-drawn chart (core.charts), the trend page, snapshots."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hexad.core.charts import Series, line_chart, nice_step, y_scale
from hexad.coverage import services
from hexad.coverage.models import CoverageSnapshot, SnapshotKind, SnapshotRoleTotal
from hexad.coverage.tests.test_heatmap import build_three, signed_in
from hexad.roles.models import Role

URL = "/coverage/trend/"
TAKE = "/coverage/trend/snapshot/"
SIX = [
    "results-driver", "relationship-manager", "innovator", "collaborator",
    "technical-expert", "project-manager",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


# --- the chart geometry (pure functions) ----------------------------------------------------------


def test_line_chart_coordinates_by_hand():
    # plot box: left 40, right 400 - 100 (legend) - 10 = 290, top 10, bottom 200 - 30 = 170;
    # values up to 4 → ticks 0…4 (step 1), so a value v sits at y = 170 - v × 40.
    chart = line_chart(
        [Series("A", [0, 2, 4]), Series("B", [1, None, 3])],
        ["d1", "d2", "d3"],
        width=400,
        height=200,
        legend_width=100,
        margin=(10, 10, 30, 40),
    )

    assert (chart.left, chart.right, chart.top, chart.bottom) == (40, 290, 10, 170)
    assert chart.lines[0].path == "M40.0 170.0 L165.0 90.0 L290.0 10.0"
    assert chart.lines[1].path == "M40.0 130.0 M290.0 50.0"  # None breaks the line
    assert [(p.x, p.y, p.value) for p in chart.lines[1].points] == [(40, 130, 1), (290, 50, 3)]
    assert [(t.position, t.label) for t in chart.y_ticks] == [
        (170, "0"), (130, "1"), (90, "2"), (50, "3"), (10, "4"),
    ]  # fmt: skip
    assert [(t.position, t.label) for t in chart.x_ticks] == [
        (40, "d1"), (165, "d2"), (290, "d3"),
    ]  # fmt: skip
    assert [(i.label, i.slot, i.x, i.y) for i in chart.legend] == [
        ("A", 0, 308, 18), ("B", 1, 308, 40),
    ]  # fmt: skip


def test_points_are_placed_in_proportion_and_crowded_labels_left_out():
    # x from 0 to 100 spread over 40…290: 1 → 42.5 (too close to 40: no label),
    # 99 → 287.5, and the last point keeps its label in place of the one before.
    chart = line_chart(
        [Series("A", [1, 1, 1, 1])],
        ["a", "b", "c", "d"],
        x_values=[0, 1, 99, 100],
        width=400,
        legend_width=100,
        margin=(10, 10, 30, 40),
    )

    assert [p.x for p in chart.lines[0].points] == [40, 42.5, 287.5, 290]
    assert [(t.position, t.label) for t in chart.x_ticks] == [(40, "a"), (290, "d")]


def test_a_single_point_and_all_zero_values_still_draw():
    chart = line_chart([Series("A", [0])], ["only"], width=400, legend_width=100)

    assert chart.lines[0].points[0].x == (chart.left + chart.right) / 2
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]


def test_the_chart_grows_for_a_long_legend():
    chart = line_chart([Series(str(i), [i]) for i in range(12)], ["x"], height=200)

    assert chart.height == 16 + 36 + 12 * 22
    assert [line.slot for line in chart.lines][-4:] == [0, 1, 2, 3]  # eight colours, reused


def test_series_must_match_the_labels():
    with pytest.raises(ValueError):
        line_chart([Series("A", [1, 2])], ["one"])


@pytest.mark.parametrize(
    ("maximum", "step", "ticks"),
    [
        (4, 1, [0, 1, 2, 3, 4]),
        (0, 1, [0, 1, 2, 3, 4]),
        (7, 2, [0, 2, 4, 6, 8]),
        (45, 10, [0, 10, 20, 30, 40, 50]),
        (5000, 1000, [0, 1000, 2000, 3000, 4000, 5000]),
    ],
)
def test_y_scale(maximum, step, ticks):
    assert nice_step(max(maximum, 4)) == step
    assert y_scale(maximum) == ticks


# --- the page ------------------------------------------------------------------------------------


def snapshot(days_ago: int, gaps: dict[str, int], *, kind: str = SnapshotKind.SCHEDULED,
             version: str = "1.0") -> CoverageSnapshot:  # fmt: skip
    taken = CoverageSnapshot.objects.create(
        taken_at=timezone.now() - datetime.timedelta(days=days_ago),
        kind=kind,
        formula_version=version,
        accounts=10,
    )
    for key, value in gaps.items():
        SnapshotRoleTotal.objects.create(
            snapshot=taken, role=Role.objects.get(key=key), required_gaps=value
        )
    return taken


@pytest.mark.django_db
def test_no_snapshot_explains_weekly_snapshots_and_offers_the_button(client, leader):
    html = signed_in(client, leader).get(URL).content.decode()

    assert "There are no snapshots yet; the chart needs at least two." in html
    assert "hexad coverage --snapshot --weekly" in html
    assert f'action="{TAKE}"' in html
    assert "<svg" not in html


@pytest.mark.django_db
def test_one_snapshot_is_listed_but_not_charted(client, leader):
    snapshot(3, {"results-driver": 4})

    html = signed_in(client, leader).get(URL).content.decode()

    assert "There is one snapshot so far" in html
    assert "<svg" not in html
    assert '<h2 id="snapshots-heading">Snapshots</h2>' in html


@pytest.mark.django_db
def test_the_chart_and_table_show_the_snapshot_figures(client, leader):
    snapshot(14, {"results-driver": 5, "relationship-manager": 3})
    snapshot(7, {"results-driver": 4, "relationship-manager": 3}, kind=SnapshotKind.ON_DEMAND)
    snapshot(0, {key: index for index, key in enumerate(SIX)})

    response = signed_in(client, leader).get(URL)

    html = response.content.decode()
    assert '<svg class="line-chart" role="img" aria-labelledby="trend-title trend-desc"' in html
    assert '<title id="trend-title">' in html
    assert (
        "In the latest snapshot: Results Driver 0, Relationship Manager 1, Innovator 2, "
        "Collaborator 3, Technical Expert 4, Project Manager 5."
    ) in html
    chart = response.context["chart"]
    assert [line.label for line in chart.lines][:2] == ["Results Driver", "Relationship Manager"]
    assert [p.value for p in chart.lines[0].points] == [5, 4, 0]
    assert [p.value for p in chart.lines[2].points] == [2]  # Innovator: only the latest
    rows = response.context["rows_newest_first"]
    assert [row.required_gaps for row in rows] == [
        (0, 1, 2, 3, 4, 5),
        (4, 3, None, None, None, None),
        (5, 3, None, None, None, None),
    ]
    assert html.count('<span class="badge info">Weekly</span>') == 2
    assert '<span class="badge">On demand</span>' in html
    assert "formula changed" not in html


@pytest.mark.django_db
def test_a_formula_change_is_pointed_out(client, leader):
    snapshot(7, {"results-driver": 5}, version="0.9")
    snapshot(0, {"results-driver": 4})

    html = signed_in(client, leader).get(URL).content.decode()

    assert "The coverage formula changed between these snapshots" in html


@pytest.mark.django_db
def test_role_names_are_escaped_in_the_chart(client, leader):
    Role.objects.filter(key="innovator").update(name_en='<script>alert("x")</script>')
    snapshot(7, {"innovator": 1})
    snapshot(0, {"innovator": 2})

    html = signed_in(client, leader).get(URL).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_a_viewer_sees_the_trend_without_the_button(client, viewer):
    snapshot(7, {"results-driver": 5})
    snapshot(0, {"results-driver": 4})

    html = signed_in(client, viewer).get(URL).content.decode()

    assert "<svg" in html
    assert "Take a snapshot now" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_portfolio_wide_figures_are_not_shown_to_members(client, persona, request):
    snapshot(7, {"results-driver": 5})
    snapshot(0, {"results-driver": 4})

    response = signed_in(client, request.getfixturevalue(persona)).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["trend"] is None
    assert "<svg" not in html and "Take a snapshot now" not in html
    assert "Snapshots count every account in the portfolio" in html


# --- taking a snapshot ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_leader_takes_a_snapshot_with_hand_checked_totals(client, leader, member):
    build_three(member_person=member.person)

    response = signed_in(client, leader).post(TAKE)

    assert response.status_code == 302
    assert response["Location"] == URL
    taken = CoverageSnapshot.objects.get()
    assert (taken.kind, taken.taken_by, taken.accounts) == (SnapshotKind.ON_DEMAND, leader, 3)
    totals = {t.role.key: (t.missing, t.weak, t.covered, t.required_gaps)
              for t in taken.totals.select_related("role")}  # fmt: skip
    assert totals["results-driver"] == (1, 0, 2, 1)  # Celsa missing
    assert totals["relationship-manager"] == (1, 1, 1, 2)  # Celsa missing, Alfa weak
    assert totals["innovator"] == (3, 0, 0, 0)  # not required anywhere
    assert "Snapshot taken: 3 accounts counted." in client.get(URL).content.decode()


@pytest.mark.django_db
def test_an_admin_may_take_a_snapshot(client, admin_user):
    assert signed_in(client, admin_user).post(TAKE).status_code == 302
    assert CoverageSnapshot.objects.get().taken_by == admin_user


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_others_may_not_take_a_snapshot(client, persona, request):
    response = signed_in(client, request.getfixturevalue(persona)).post(TAKE)

    assert response.status_code == 403
    assert not CoverageSnapshot.objects.exists()


@pytest.mark.django_db
def test_methods_and_sign_in(client, leader):
    assert client.get(URL)["Location"].startswith("/login/")
    assert client.post(TAKE)["Location"].startswith("/login/")
    assert not CoverageSnapshot.objects.exists()
    client = signed_in(client, leader)
    assert client.get(TAKE).status_code == 405
    assert client.post(URL).status_code == 405


# --- queries ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_query_count_does_not_grow_with_the_snapshots(
    client, leader, count, django_assert_num_queries
):
    for days_ago in range(count):
        snapshot(days_ago * 7, {key: days_ago for key in SIX})
    client = signed_in(client, leader)
    # session, user (with its person, for the header); the snapshots, their role totals
    # (one prefetch), the roles
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert len(response.context["chart"].lines[0].points) == count


@pytest.mark.django_db
def test_the_page_never_runs_the_engine(client, leader, monkeypatch):
    snapshot(7, {"results-driver": 5})
    snapshot(0, {"results-driver": 4})

    def fail(**kwargs: Any) -> None:
        raise AssertionError("the engine ran on a page view")

    monkeypatch.setattr(services, "compute_for", fail)
    monkeypatch.setattr("hexad.coverage.selectors.compute_for", fail)

    assert signed_in(client, leader).get(URL).status_code == 200
    assert client.get("/coverage/").status_code == 200
