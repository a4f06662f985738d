"""Growth in the demo portfolio: the offerings catalogue, eight quarters of financials per
account, the whitespace matrix of every business unit × offering, opportunities and value
initiatives, then the derived growth rows.

Every account gets a yearly potential (its "wallet") in proportion to its tier, a share of
it that we already win and a trend; quarterly revenue follows the trend with seasons and
noise, targets sit a little above the trend, and the potential grows slowly. The wallet
is spread over the whitespace cells: what we hold ("ours", with our revenue), what a
competitor holds, what the client does in-house, what is open. Opportunities grow out of
the cells (open ones put their cell "in pipeline", won ones make it ours, as the growth
services do), and value initiatives carry mostly the new offerings to executives.

Dates count back from the day the demo is loaded (never earlier than the reference date):
the last eight complete quarters have figures and the current quarter a target. Every
choice comes from the step's own random stream, so two loads of a seed on one day are
identical. At the large shape (1,000,000 cells, 100,000 opportunities) rows are written as
plain tuples with `executemany`, a batch at a time.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

from hexad.accounts.models import Account, BusinessUnit, TeamMembership
from hexad.demo.names import CompanyNamer
from hexad.demo.shape import fit_total
from hexad.growth import derived
from hexad.growth.models import (
    STAGE_PROBABILITY,
    AccountGrowthPlan,
    FinancialPeriod,
    InitiativeStatus,
    Offering,
    Opportunity,
    OpportunityStage,
    OpportunityType,
    ValueInitiative,
    WhitespaceCell,
    WhitespaceStatus,
)
from hexad.relationships.models import Stakeholder, StakeholderStatus

BATCH = 20_000
FINANCIAL_COLUMNS = [
    "account", "year", "quarter", "revenue", "target", "potential", "created_at", "updated_at",
]  # fmt: skip

# (name, family, years since launch; None: new, launched within the last two years)
OFFERINGS: tuple[tuple[str, str, int | None], ...] = (
    ("PLC modernisation", "Industrial automation", 14),
    ("SCADA and HMI", "Industrial automation", 11),
    ("Robotic cells", "Industrial automation", 7),
    ("Machine safety audits", "Industrial automation", 9),
    ("Predictive maintenance", "Digital services", None),
    ("Industrial IoT platform", "Digital services", None),
    ("Digital twin", "Digital services", None),
    ("Cybersecurity for OT", "Digital services", 3),
    ("Remote monitoring", "Digital services", 5),
    ("Preventive maintenance contracts", "Maintenance and repair", 16),
    ("Spare parts management", "Maintenance and repair", 12),
    ("On-site repair service", "Maintenance and repair", 18),
    ("Retrofit of drives", "Maintenance and repair", 8),
    ("Energy audits", "Energy", 6),
    ("Heat recovery systems", "Energy", 4),
    ("Photovoltaics for plants", "Energy", None),
    ("Energy management software", "Energy", None),
    ("Operator training", "Training and consulting", 10),
    ("Lean manufacturing consulting", "Training and consulting", 13),
    ("Automation engineering outsourcing", "Training and consulting", 6),
)
NEW_LAUNCH_DAYS = (90, 700)  # a new offering was launched this many days before the anchor

COMPETITORS = (
    "Siemens", "ABB", "Schneider Electric", "Honeywell", "Emerson", "Rockwell Automation",
    "Mitsubishi Electric", "Atos", "Asseco", "Comarch", "Capgemini", "Bosch Rexroth",
)  # fmt: skip
# Cell statuses of established offerings (weights); new offerings are mostly still open.
STATUS_WEIGHTS = {
    WhitespaceStatus.OURS: 26,
    WhitespaceStatus.OPEN: 24,
    WhitespaceStatus.COMPETITOR: 20,
    WhitespaceStatus.IN_HOUSE: 8,
    WhitespaceStatus.NOT_APPLICABLE: 9,
    WhitespaceStatus.UNKNOWN: 13,
}
NEW_STATUS_WEIGHTS = {
    WhitespaceStatus.OURS: 6,
    WhitespaceStatus.OPEN: 46,
    WhitespaceStatus.COMPETITOR: 10,
    WhitespaceStatus.IN_HOUSE: 4,
    WhitespaceStatus.NOT_APPLICABLE: 8,
    WhitespaceStatus.UNKNOWN: 26,
}
STAGE_WEIGHTS = {
    OpportunityStage.QUALIFY: 16,
    OpportunityStage.DEVELOP: 14,
    OpportunityStage.PROPOSE: 14,
    OpportunityStage.NEGOTIATE: 9,
    OpportunityStage.WON: 27,
    OpportunityStage.LOST: 20,
}
INITIATIVE_WEIGHTS = {
    InitiativeStatus.IDEA: 28,
    InitiativeStatus.SHARED: 24,
    InitiativeStatus.CO_DEVELOPING: 20,
    InitiativeStatus.ADOPTED: 16,
    InitiativeStatus.DROPPED: 12,
}
# (title, value hypothesis): the hypothesis says what the client gains and how it shows.
INITIATIVES = (
    ("Energy savings study for {unit}",
     "Lower energy cost per unit by 8–12 %, visible in the monthly utility bill."),
    ("{offering} pilot at {unit}",
     "Cut unplanned downtime by a fifth within a year, measured on the plant's OEE."),
    ("Joint roadmap for {offering}",
     "Agree three projects worth doing together, each with a business case the board signs."),
    ("Downtime reduction programme",
     "Free two engineers a month from firefighting, shown in the maintenance log."),
    ("Shared KPI dashboard for {unit}",
     "One view of quality data shortens root-cause analysis from weeks to days."),
    ("Carbon footprint baseline",
     "A measured baseline lets the client report scope 2 emissions without consultants."),
    ("{offering}: business case for the board",
     "Payback under two years on the first site makes the rollout a board decision."),
    ("Spare parts pooling across plants",
     "Standard spare parts across sites reduce stock value by a quarter."),
    ("Operator skills academy",
     "Certified operators halve start-up scrap after changeovers."),
)  # fmt: skip
# Quarterly wallet (potential) by tier rank, in the account's currency, before scaling.
WALLET_BY_RANK = {1: (4_000_000, 12_000_000), 2: (1_500_000, 5_000_000), 3: (500_000, 2_000_000)}
# Currencies worth much less than a euro get bigger numbers.
CURRENCY_SCALE = {"HUF": 80, "JPY": 60, "CZK": 6, "SEK": 3, "NOK": 3, "DKK": 2, "UAH": 10}


@dataclass(frozen=True)
class GrowthShape:
    quarters: int  # complete quarters with figures before the anchor's quarter
    opportunities: int  # in all
    initiatives_per_account: tuple[int, int]
    units_per_account: int  # top every account up to this many business units (0: keep)


@dataclass
class PlannedCell:
    unit_id: int
    offering_index: int
    status: str
    revenue: Decimal
    potential: Decimal
    competitor: str = ""
    renewal: datetime.date | None = None
    ours_since: datetime.date | None = None


@dataclass
class PlannedAccount:
    account: Account
    rank: int
    units: list[int]
    cells: list[PlannedCell] = field(default_factory=list)


class Writer:
    """Rows as plain tuples into one table, `BATCH` at a time with `executemany`."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        qn = connection.ops.quote_name
        columns = ", ".join(qn(_column(model, name)) for name in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows.clear()


def _column(model: type[models.Model], name: str) -> str:
    one = model._meta.get_field(name)
    assert isinstance(one, models.Field) and one.column
    return one.column


def _quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarters_before(year: int, quarter: int, n: int) -> list[tuple[int, int]]:
    """The `n` quarters before (year, quarter), oldest first."""
    out = []
    for _ in range(n):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        out.append((year, quarter))
    return out[::-1]


def _money(value: float) -> Decimal:
    return Decimal(f"{max(0.0, value):.2f}")


def _pick(rng: random.Random, weights: dict[Any, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def load_growth(
    *,
    rng: random.Random,
    accounts: Sequence[Account],
    ranks: Sequence[int],
    teams: Sequence[Sequence[TeamMembership]],
    shape: GrowthShape,
    day: datetime.date,
) -> dict[str, int]:
    """Writes the growth data of every account; returns the rows written by kind."""
    anchor = max(day, timezone.localdate())
    written: dict[str, int] = {}
    offerings = _offerings(rng, anchor)
    written["offerings"] = len(offerings)
    written["business units added"] = _top_up_units(rng, accounts, shape.units_per_account)
    units: dict[int, list[int]] = defaultdict(list)
    for account_id, unit_id in BusinessUnit.objects.order_by("id").values_list("account_id", "id"):
        units[account_id].append(unit_id)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    planned = [
        PlannedAccount(account=account, rank=min(rank, 3), units=units[account.pk])
        for account, rank in zip(accounts, ranks, strict=True)
    ]
    written["financial periods"], wallets = _financials(rng, planned, shape, anchor, now)
    written["growth plans"] = _plans(rng, planned, anchor)
    for plan, wallet in zip(planned, wallets, strict=True):
        _plan_cells(rng, plan, offerings, wallet, anchor)
    written["opportunities"] = _opportunities(rng, planned, offerings, teams, shape, anchor, now)
    written["whitespace cells"] = _write_cells(planned, offerings, now)
    written["value initiatives"] = _initiatives(rng, planned, offerings, shape, anchor, now)
    derived.summary_refresh()
    written["offering adoptions"] = derived.adoption_refresh()
    return written


def _offerings(rng: random.Random, anchor: datetime.date) -> list[Offering]:
    """The catalogue; offerings already there under the same name are kept as they are
    (the catalogue is not part of any account, so it may outlive a demo portfolio)."""
    existing = {o.name: o for o in Offering.objects.filter(name__in=[n for n, _f, _y in OFFERINGS])}
    planned = []
    for name, family, years in OFFERINGS:
        # Drawn for every offering, kept or not, so the stream does not depend on them.
        if years is None:
            launch = anchor - datetime.timedelta(days=rng.randint(*NEW_LAUNCH_DAYS))
        else:
            launch = datetime.date(anchor.year - years, rng.randint(1, 12), 1)
        planned.append(
            existing.get(name)
            or Offering(
                name=name, family=family, launch_date=launch, is_new=years is None, description=""
            )
        )
    Offering.objects.bulk_create([o for o in planned if o.pk is None])
    return planned


def _top_up_units(rng: random.Random, accounts: Sequence[Account], wanted: int) -> int:
    """Gives every account at least `wanted` business units (the large shape's 10)."""
    if wanted <= 0:
        return 0
    namer = CompanyNamer(rng)
    have: dict[int, set[str]] = defaultdict(set)
    for account_id, name in BusinessUnit.objects.values_list("account_id", "name"):
        have[account_id].add(name)
    rows = []
    for account in accounts:
        names = have[account.pk]
        missing = wanted - len(names)
        if missing <= 0:
            continue
        pool = namer.business_units(
            country=str(account.country), industry=account.industry, count=wanted + 10
        )
        extra = [name for name in pool if name not in names][:missing]
        extra += [f"Division {n}" for n in range(1, wanted + 1) if f"Division {n}" not in names]
        for name in extra[:missing]:
            rows.append(BusinessUnit(account=account, name=name))
    BusinessUnit.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _financials(
    rng: random.Random,
    planned: list[PlannedAccount],
    shape: GrowthShape,
    anchor: datetime.date,
    now: Any,
) -> tuple[int, list[float]]:
    """Eight complete quarters of revenue, target and potential, and the current
    quarter's target and potential. Returns the rows written and each account's yearly
    wallet (what the whitespace spreads over its cells)."""
    this_year, this_quarter = _quarter_of(anchor)
    quarters = _quarters_before(this_year, this_quarter, shape.quarters)
    quarters.append((this_year, this_quarter))
    writer = Writer(FinancialPeriod, FINANCIAL_COLUMNS)
    wallets = []
    seasons = (0.92, 1.02, 0.96, 1.10)
    for plan in planned:
        low, high = WALLET_BY_RANK[plan.rank]
        scale = CURRENCY_SCALE.get(plan.account.currency, 1)
        wallet = rng.uniform(low, high) * scale  # a quarter's potential at the start
        share = rng.betavariate(2.2, 5)  # how much of it we win today
        trend = rng.gauss(0.012, 0.025)  # quarterly growth of our revenue
        wallet_trend = rng.uniform(0.0, 0.015)
        uplift = rng.uniform(1.03, 1.15)  # targets sit above the trend
        wallets.append(wallet * 4)
        for i, (year, quarter) in enumerate(quarters):
            potential = wallet * (1 + wallet_trend) ** i
            expected = potential * share * (1 + trend) ** i
            target = expected * uplift * seasons[quarter - 1]
            current = (year, quarter) == (this_year, this_quarter)
            revenue = None
            if not current:
                revenue = min(potential, expected * seasons[quarter - 1] * rng.gauss(1, 0.07))
            writer.add(
                (
                    plan.account.pk,
                    year,
                    quarter,
                    None if revenue is None else _money(revenue),
                    _money(target),
                    _money(potential),
                    now,
                    now,
                )
            )
    writer.flush()
    return writer.written, wallets


def _plans(rng: random.Random, planned: list[PlannedAccount], anchor: datetime.date) -> int:
    """An ambition on about two accounts in three: ×2 or ×3 (a few ×1.5) of last year."""
    rows = []
    for plan in planned:
        if rng.random() < 0.35:
            continue
        multiple = rng.choices(("1.5", "2", "3"), (2, 6, 3))[0]
        rows.append(
            AccountGrowthPlan(
                account=plan.account,
                ambition_multiple=Decimal(multiple),
                baseline_year=anchor.year - 1,
                ambition_year=anchor.year + rng.choice((2, 3, 4)),
            )
        )
    AccountGrowthPlan.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _plan_cells(
    rng: random.Random,
    plan: PlannedAccount,
    offerings: list[Offering],
    wallet: float,
    anchor: datetime.date,
) -> None:
    """Every business unit × offering of the account, the yearly wallet spread over the
    cells that can hold business."""
    # One draw of statuses per account and kind of offering (a million cells at large).
    new = [i for i, offering in enumerate(offerings) if offering.is_new]
    old = [i for i, offering in enumerate(offerings) if not offering.is_new]
    drawn: dict[int, list[str]] = {}
    for indexes, weights in ((new, NEW_STATUS_WEIGHTS), (old, STATUS_WEIGHTS)):
        statuses: list[str] = rng.choices(
            [str(status) for status in weights],
            list(weights.values()),
            k=len(indexes) * len(plan.units),
        )
        for n, index in enumerate(indexes):
            drawn[index] = statuses[n * len(plan.units) : (n + 1) * len(plan.units)]
    zero = Decimal(0)
    cells = [
        PlannedCell(unit_id, index, drawn[index][u], zero, zero)
        for u, unit_id in enumerate(plan.units)
        for index in range(len(offerings))
    ]
    spendable = [c for c in cells if c.status != WhitespaceStatus.NOT_APPLICABLE]
    shares = [rng.lognormvariate(0, 0.9) for _ in spendable]
    total = sum(shares) or 1.0
    market = wallet * rng.uniform(0.75, 1.1)
    for cell, share in zip(spendable, shares, strict=True):
        offering = offerings[cell.offering_index]
        cell.potential = _money(market * share / total)
        if cell.status == WhitespaceStatus.OURS:
            cell.revenue = _money(float(cell.potential) * rng.uniform(0.35, 1.0))
            cell.renewal = anchor + datetime.timedelta(days=rng.randint(20, 900))
            cell.ours_since = _adopted(rng, offering, anchor)
            if cell.ours_since is None:  # a new offering too recent to be ours: still open
                cell.status = WhitespaceStatus.OPEN
                cell.revenue = Decimal(0)
                cell.renewal = None
        elif cell.status == WhitespaceStatus.COMPETITOR:
            cell.competitor = rng.choice(COMPETITORS)
            if rng.random() < 0.6:
                cell.renewal = anchor + datetime.timedelta(days=rng.randint(20, 900))
        elif cell.status == WhitespaceStatus.UNKNOWN and rng.random() < 0.5:
            cell.potential = Decimal(0)  # nobody has estimated it yet
    plan.cells = cells


def _adopted(rng: random.Random, offering: Offering, anchor: datetime.date) -> datetime.date | None:
    """When a cell of this offering became ours: any time after the launch for established
    offerings; for new ones after an adoption lag (about seven months on average)."""
    launch = offering.launch_date or anchor
    if offering.is_new:
        day = launch + datetime.timedelta(days=int(rng.expovariate(1 / 210)) + 20)
        return day if day <= anchor else None
    span = max(1, (anchor - launch).days)
    return launch + datetime.timedelta(days=rng.randint(0, span))


def _kind(cell: PlannedCell, unit_has_ours: bool, rng: random.Random) -> str:
    if cell.status == WhitespaceStatus.OURS:
        return OpportunityType.RENEWAL if rng.random() < 0.4 else OpportunityType.UPSELL
    return OpportunityType.CROSS_SELL if unit_has_ours else OpportunityType.NEW_UNIT


def _opportunities(
    rng: random.Random,
    planned: list[PlannedAccount],
    offerings: list[Offering],
    teams: Sequence[Sequence[TeamMembership]],
    shape: GrowthShape,
    anchor: datetime.date,
    now: Any,
) -> int:
    """Opportunities grown out of the cells; open ones put their cell in the pipeline, won
    ones make it ours (from the day they were won), as the growth services do."""
    n = len(planned)
    per = max(1, round(shape.opportunities / max(1, n)))
    counts = [rng.randint(max(0, per // 2), per * 3 // 2 + 1) for _ in planned]
    fit_total(counts, [0] * n, [per * 4 + 4] * n, shape.opportunities, rng)
    date = connection.ops.adapt_datefield_value
    writer = Writer(
        Opportunity,
        [
            "account", "name", "offering", "business_unit", "value", "stage", "probability",
            "expected_close", "kind", "competitor", "owner", "created_on", "closed_on", "notes",
            "created_at", "updated_at",
        ],
    )  # fmt: skip
    names = {unit_id: name for unit_id, name in BusinessUnit.objects.values_list("id", "name")}
    for plan, count, team in zip(planned, counts, teams, strict=True):
        candidates = [c for c in plan.cells if c.status != WhitespaceStatus.NOT_APPLICABLE]
        if not candidates or not count:
            continue
        owners: list[int | None] = [m.person_id for m in team if m.end_date is None]
        owners = owners or [plan.account.lead_id]
        has_ours = {c.unit_id for c in plan.cells if c.status == WhitespaceStatus.OURS}
        weights = [
            3.0 if c.status in (WhitespaceStatus.OPEN, WhitespaceStatus.COMPETITOR) else 1.0
            for c in candidates
        ]
        for cell in rng.choices(candidates, weights, k=count):
            offering = offerings[cell.offering_index]
            stage = _pick(rng, STAGE_WEIGHTS)
            created = anchor - datetime.timedelta(days=rng.randint(5, 540))
            if offering.launch_date and created < offering.launch_date:
                created = min(anchor, offering.launch_date + datetime.timedelta(days=10))
            headroom = float(cell.potential - cell.revenue) or float(cell.potential) or 20_000.0
            value = _money(max(5_000.0, headroom * rng.uniform(0.4, 2.0)))
            closed = None
            if stage in (OpportunityStage.WON, OpportunityStage.LOST):
                closed = created + datetime.timedelta(days=rng.randint(20, 240))
                if closed > anchor:  # closed already: some day between creation and today
                    closed = created + datetime.timedelta(
                        days=rng.randint(0, (anchor - created).days)
                    )
                expected = max(created, closed + datetime.timedelta(days=rng.randint(-30, 30)))
                probability = STAGE_PROBABILITY[stage]
            else:
                expected = created + datetime.timedelta(days=rng.randint(30, 360))
                if expected < anchor and rng.random() < 0.8:  # most are not overdue
                    expected = anchor + datetime.timedelta(days=rng.randint(14, 270))
                probability = max(5, min(95, STAGE_PROBABILITY[stage] + rng.choice((-5, 0, 0, 5))))
            competitor = cell.competitor or (rng.choice(COMPETITORS) if rng.random() < 0.3 else "")
            writer.add(
                (
                    plan.account.pk,
                    f"{offering.name} – {names[cell.unit_id]}",
                    offering.pk,
                    cell.unit_id,
                    value,
                    stage,
                    probability,
                    date(expected),
                    _kind(cell, cell.unit_id in has_ours, rng),
                    competitor,
                    rng.choice(owners),
                    date(created),
                    date(closed),
                    "",
                    now,
                    now,
                )
            )
            _follow(cell, stage, closed, competitor)
    writer.flush()
    return writer.written


def _follow(cell: PlannedCell, stage: str, closed: datetime.date | None, competitor: str) -> None:
    """The cell as the services leave it after this opportunity (see services docstring)."""
    if stage == OpportunityStage.WON:
        if cell.status != WhitespaceStatus.OURS:
            cell.status = WhitespaceStatus.OURS
            cell.ours_since = closed
            cell.revenue = cell.revenue or _money(float(cell.potential) * 0.3)
        elif closed and (cell.ours_since is None or closed < cell.ours_since):
            cell.ours_since = closed
    elif stage == OpportunityStage.LOST:
        if cell.status in (WhitespaceStatus.OPEN, WhitespaceStatus.UNKNOWN) and competitor:
            cell.status = WhitespaceStatus.COMPETITOR
            cell.competitor = competitor
    elif cell.status not in (WhitespaceStatus.OURS,):
        cell.status = WhitespaceStatus.PIPELINE
        cell.competitor = cell.competitor or competitor


def _write_cells(planned: list[PlannedAccount], offerings: list[Offering], now: Any) -> int:
    date = connection.ops.adapt_datefield_value
    writer = Writer(
        WhitespaceCell,
        [
            "account", "business_unit", "offering", "status", "competitor", "revenue",
            "potential", "renewal_date", "ours_since", "created_at", "updated_at",
        ],
    )  # fmt: skip
    for plan in planned:
        for cell in plan.cells:
            ours = cell.status == WhitespaceStatus.OURS
            writer.add(
                (
                    plan.account.pk,
                    cell.unit_id,
                    offerings[cell.offering_index].pk,
                    cell.status,
                    cell.competitor,
                    cell.revenue if ours else Decimal(0),
                    max(cell.potential, cell.revenue),
                    date(cell.renewal),
                    date(cell.ours_since if ours else None),
                    now,
                    now,
                )
            )
    writer.flush()
    return writer.written


def _expected_value(rng: random.Random) -> Decimal | None:
    """Mostly a round figure in thousands; some initiatives have none yet."""
    if rng.random() >= 0.85:
        return None
    return _money(math.floor(rng.uniform(50, 900)) * 1000.0)


def _initiatives(
    rng: random.Random,
    planned: list[PlannedAccount],
    offerings: list[Offering],
    shape: GrowthShape,
    anchor: datetime.date,
    now: Any,
) -> int:
    """A few value initiatives per account, sponsored by an executive where one is known,
    mostly about new offerings."""
    sponsors: dict[int, list[int]] = defaultdict(list)
    executives = Stakeholder.objects.filter(level__lte=2, status=StakeholderStatus.ACTIVE).order_by(
        "id"
    )
    for account_id, stakeholder_id in executives.values_list("account_id", "id").iterator(
        chunk_size=BATCH
    ):
        sponsors[account_id].append(stakeholder_id)
    new = [i for i, o in enumerate(offerings) if o.is_new]
    date = connection.ops.adapt_datefield_value
    names = {unit_id: name for unit_id, name in BusinessUnit.objects.values_list("id", "name")}
    writer = Writer(
        ValueInitiative,
        [
            "account", "title", "hypothesis", "sponsor", "status", "expected_value", "offering",
            "created_on", "shared_on", "adopted_on", "created_at", "updated_at",
        ],
    )  # fmt: skip
    low, high = shape.initiatives_per_account
    for plan in planned:
        for _ in range(rng.randint(low, high)):
            index = rng.choice(new) if new and rng.random() < 0.6 else rng.randrange(len(offerings))
            offering = offerings[index] if rng.random() < 0.8 else None
            unit = names[rng.choice(plan.units)] if plan.units else plan.account.name
            template, hypothesis = rng.choice(INITIATIVES)
            title = template.format(
                unit=unit, offering=offering.name if offering else "Plant services"
            )
            status = _pick(rng, INITIATIVE_WEIGHTS)
            created = anchor - datetime.timedelta(days=rng.randint(20, 600))
            launch = offering.launch_date if offering else None
            if launch and created < launch:  # an initiative about an offering follows its launch
                created = min(anchor, launch + datetime.timedelta(days=rng.randint(0, 30)))
            shared = adopted = None
            if status != InitiativeStatus.IDEA:
                shared = min(anchor, created + datetime.timedelta(days=rng.randint(7, 90)))
            if status == InitiativeStatus.ADOPTED:
                assert shared is not None
                adopted = shared + datetime.timedelta(days=rng.randint(30, 240))
                if adopted > anchor:
                    status, adopted = InitiativeStatus.CO_DEVELOPING, None
            if status == InitiativeStatus.DROPPED and rng.random() < 0.4:
                shared = None
            people = sponsors.get(plan.account.pk)
            writer.add(
                (
                    plan.account.pk,
                    title[:200],
                    hypothesis,
                    rng.choice(people) if people and rng.random() < 0.8 else None,
                    status,
                    _expected_value(rng),
                    offering.pk if offering else None,
                    date(created),
                    date(shared),
                    date(adopted),
                    now,
                    now,
                )
            )
    writer.flush()
    return writer.written
