"""The derived growth rows, rewritten by the growth services with every change.

`AccountGrowth` holds each account's latest yearly figures, the whitespace market and the
pipeline, so the portfolio growth page can sort by untapped potential and page in SQL.
`OfferingAdoption` holds, per account and offering, whether the offering has been put to
the account and when the account first adopted it, so the adoption page counts in SQL.

Both are computed from the domain rows in a few grouped queries per call, whatever the
number of accounts; `summary_refresh()` and `adoption_refresh()` with no arguments
rebuild everything (the demo loader uses that).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Min, Q, Sum
from django.utils import timezone

from hexad.accounts.models import Account
from hexad.growth import figures
from hexad.growth.models import (
    NOT_YET_OFFERED,
    OPEN_STAGES,
    AccountGrowth,
    FinancialPeriod,
    InitiativeStatus,
    Offering,
    OfferingAdoption,
    Opportunity,
    OpportunityStage,
    ValueInitiative,
    WhitespaceCell,
    WhitespaceStatus,
)

BATCH = 2000
CHUNK = 500  # accounts per round of queries when everything is rebuilt


def value_times_probability() -> ExpressionWrapper:
    """value × probability, to SUM exactly in cents × percent on every database (the
    division by 100 happens in Python). A new expression each time: they are not shared."""
    return ExpressionWrapper(
        F("value") * F("probability"), output_field=DecimalField(max_digits=20, decimal_places=2)
    )


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- the per-account summary ----------------------------------------------------------


def periods_by_account(account_ids: Iterable[int]) -> dict[int, list[figures.Period]]:
    periods: dict[int, list[figures.Period]] = defaultdict(list)
    rows = FinancialPeriod.objects.filter(account_id__in=list(account_ids)).values_list(
        "account_id", "year", "quarter", "revenue", "target", "potential"
    )
    for account_id, year, quarter, revenue, target, potential in rows:
        periods[account_id].append(figures.Period(year, quarter, revenue, target, potential))
    return periods


def pipeline_by_account(account_ids: Iterable[int]) -> dict[int, tuple[int, Decimal, Decimal]]:
    """(count, value, weighted value) of the open opportunities of each account."""
    rows = (
        Opportunity.objects.filter(account_id__in=list(account_ids), stage__in=OPEN_STAGES)
        .values("account_id")
        .annotate(n=Count("pk"), total=Sum("value"), vp=Sum(value_times_probability()))
        .order_by()
    )
    return {
        row["account_id"]: (
            row["n"],
            figures.money(row["total"] or figures.ZERO),
            figures.money((row["vp"] or figures.ZERO) / 100),
        )
        for row in rows
    }


def market_by_account(account_ids: Iterable[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """(potential, our revenue) summed over each account's whitespace cells. Sums are
    rounded to cents: SQLite adds decimals as floats, and a sum such as 9516358.48999999
    would otherwise be stored as it came."""
    rows = (
        WhitespaceCell.objects.filter(account_id__in=list(account_ids))
        .values("account_id")
        .annotate(potential=Sum("potential"), revenue=Sum("revenue"))
        .order_by()
    )
    return {
        row["account_id"]: (
            figures.money(row["potential"] or figures.ZERO),
            figures.money(row["revenue"] or figures.ZERO),
        )
        for row in rows
    }


def summary_refresh(*, account_ids: Iterable[int] | None = None) -> int:
    """Rewrites `AccountGrowth` for these accounts (every account when None): three
    grouped reads, a delete and a bulk insert per chunk of accounts. Call it inside the
    transaction of the write that changed the figures."""
    ids = (
        sorted(set(account_ids))
        if account_ids is not None
        else list(Account.objects.order_by("id").values_list("id", flat=True))
    )
    now = timezone.now()
    for chunk in _chunks(ids, CHUNK):
        periods = periods_by_account(chunk)
        pipeline = pipeline_by_account(chunk)
        market = market_by_account(chunk)
        rows = []
        for account_id in chunk:
            latest = figures.latest_year(periods.get(account_id, []))
            count, value, weighted_value = pipeline.get(account_id, (0, figures.ZERO, figures.ZERO))
            potential, ours = market.get(account_id, (figures.ZERO, figures.ZERO))
            rows.append(
                AccountGrowth(
                    account_id=account_id,
                    period_label=latest.label if latest else "",
                    revenue=latest.revenue if latest else None,
                    target=latest.target if latest else None,
                    potential=latest.potential if latest else None,
                    untapped=latest.untapped if latest else None,
                    share=latest.share if latest else None,
                    market=potential,
                    market_ours=ours,
                    open_opportunities=count,
                    pipeline=value,
                    weighted_pipeline=weighted_value,
                    computed_at=now,
                )
            )
        AccountGrowth.objects.filter(account_id__in=chunk).delete()
        AccountGrowth.objects.bulk_create(rows, batch_size=BATCH)
    return len(ids)


# --- offering adoption ----------------------------------------------------------------

Pair = tuple[int, int]  # (account id, offering id)


def _pair_filter(pairs: set[Pair] | None, prefix: str = "") -> Q:
    if pairs is None:
        return Q()
    return Q(**{f"{prefix}account_id__in": {a for a, _o in pairs}}) & Q(
        **{f"{prefix}offering_id__in": {o for _a, o in pairs}}
    )


def adoption_refresh(*, pairs: Iterable[Pair] | None = None) -> int:
    """Rewrites `OfferingAdoption` for these (account, offering) pairs (all when None).

    Offered: the account has an opportunity for the offering (any stage), a value
    initiative about it (any status), or a whitespace cell of it whose status is beyond
    open and unknown. Adopted on: the earliest won opportunity's close date, adopted
    initiative's adoption date, or day a cell became ours (figures.first_adoption).
    """
    wanted = None if pairs is None else {(int(a), int(o)) for a, o in pairs}
    if wanted is not None and not wanted:
        return 0
    scope = _pair_filter(wanted)
    offered: set[Pair] = set()
    won: dict[Pair, list] = defaultdict(list)
    adopted: dict[Pair, list] = defaultdict(list)
    ours: dict[Pair, list] = defaultdict(list)

    opportunities = (
        Opportunity.objects.filter(scope, offering__isnull=False)
        .values("account_id", "offering_id")
        .annotate(
            first_won=Min("closed_on", filter=Q(stage=OpportunityStage.WON)),
        )
        .order_by()
    )
    for account_id, offering_id, first_won in opportunities.values_list(
        "account_id", "offering_id", "first_won"
    ):
        offered.add((account_id, offering_id))
        won[(account_id, offering_id)].append(first_won)
    initiatives = (
        ValueInitiative.objects.filter(scope, offering__isnull=False)
        .values("account_id", "offering_id")
        .annotate(first=Min("adopted_on", filter=Q(status=InitiativeStatus.ADOPTED)))
        .order_by()
    )
    for account_id, offering_id, first in initiatives.values_list(
        "account_id", "offering_id", "first"
    ):
        offered.add((account_id, offering_id))
        adopted[(account_id, offering_id)].append(first)
    cells = (
        WhitespaceCell.objects.filter(scope)
        .exclude(status__in=NOT_YET_OFFERED)
        .values("account_id", "offering_id")
        .annotate(first=Min("ours_since", filter=Q(status=WhitespaceStatus.OURS)))
        .order_by()
    )
    for account_id, offering_id, first in cells.values_list("account_id", "offering_id", "first"):
        offered.add((account_id, offering_id))
        ours[(account_id, offering_id)].append(first)

    if wanted is not None:
        offered &= wanted
    launches = dict(
        Offering.objects.filter(id__in={o for _a, o in offered}).values_list("id", "launch_date")
    )
    rows = []
    for pair in sorted(offered):
        first = figures.first_adoption(won=won[pair], adopted=adopted[pair], ours=ours[pair])
        rows.append(
            OfferingAdoption(
                account_id=pair[0],
                offering_id=pair[1],
                adopted_on=first.adopted_on if first else None,
                source=first.source if first else "",
                lag_days=figures.adoption_lag(
                    launches.get(pair[1]), first.adopted_on if first else None
                ),
            )
        )
    if wanted is None:
        OfferingAdoption.objects.all().delete()
    else:
        stale = Q()
        for account_id, offering_id in wanted:
            stale |= Q(account_id=account_id, offering_id=offering_id)
        OfferingAdoption.objects.filter(stale).delete()
    OfferingAdoption.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def adoption_lags_refresh(*, offering: Offering) -> int:
    """The offering's launch date changed: recompute the lag of every adoption of it."""
    rows = list(OfferingAdoption.objects.filter(offering=offering, adopted_on__isnull=False))
    for row in rows:
        row.lag_days = figures.adoption_lag(offering.launch_date, row.adopted_on)
    OfferingAdoption.objects.bulk_update(rows, ["lag_days"], batch_size=BATCH)
    return len(rows)
