"""Plans and reviews of the demo portfolio: for most accounts a current plan (this calendar
year) with goals, client priorities, strategies, objectives, actions, resource requests and
risks, and for some last year's plan too (read-only now); a year of reviews following each
tier's cadence, with a few accounts that stopped reviewing some months ago (overdue);
internal blockers; and the stored planning summaries.

Dates count back from the day the demo is loaded (never earlier than the reference date),
like the client side's (hexad.demo.stakeholders), so "overdue" and "next steps" look as in
real use. Every choice comes from the step's own random stream. At the large shape this
writes 250,000 actions, so rows go in as plain tuples through `Writer` (executemany), with
ids given here where other rows refer to them; sequences are reset afterwards.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from hexad.accounts.models import Account, TeamMembership
from hexad.demo.shape import fit_total
from hexad.demo.stakeholders import Writer
from hexad.people.models import User
from hexad.planning.models import (
    AccountPlan,
    Action,
    Blocker,
    Objective,
    ResourceRequest,
    Review,
    Risk,
)
from hexad.planning.summary import summaries_refresh
from hexad.relationships.models import Stakeholder, StakeholderStatus

NO_PLAN_SHARE = 0.06  # accounts without a current plan
EARLIER_PLAN_SHARE = 0.3  # accounts that also kept last year's plan
LAPSED_SHARE = 0.15  # accounts whose reviews stopped some months ago
PLANNED_SHARE = 0.35  # accounts with the next review already planned


@dataclass(frozen=True)
class PlanningShape:
    actions: int
    objectives: tuple[int, int] = (2, 5)
    risks: tuple[int, int] = (0, 4)
    resources: tuple[int, int] = (0, 3)
    blockers: tuple[int, int] = (0, 3)


# (English, Polish) texts; the language follows the account's country.
GOALS = [
    (
        "Grow revenue with the account by a third and become its preferred supplier.",
        "Zwiększyć przychody z klientem o jedną trzecią i zostać jego preferowanym dostawcą.",
    ),
    (
        "Double our share of wallet in the two largest business units.",
        "Podwoić nasz udział w wydatkach klienta w dwóch największych jednostkach.",
    ),
    (
        "Renew the framework agreement for three years on better terms.",
        "Odnowić umowę ramową na trzy lata na lepszych warunkach.",
    ),
    (
        "Move from supplier to trusted advisor with the executive board.",
        "Przejść od roli dostawcy do zaufanego doradcy zarządu.",
    ),
]
PRIORITIES = [
    (
        "Cost reduction across plants; a new ERP rollout; sustainability reporting.",
        "Redukcja kosztów w zakładach; wdrożenie nowego ERP; raportowanie ESG.",
    ),
    (
        "Expansion into two new countries; shorter time to market.",
        "Ekspansja na dwa nowe rynki; krótszy czas wprowadzania produktów.",
    ),
    (
        "Consolidating suppliers; automating procurement; cyber security.",
        "Konsolidacja dostawców; automatyzacja zakupów; cyberbezpieczeństwo.",
    ),
]
STRATEGIES = [
    (
        "Land a pilot in the second plant, then expand; meet the CFO every quarter.",
        "Pilotaż w drugim zakładzie, potem rozszerzenie; spotkanie z CFO co kwartał.",
    ),
    (
        "Bring our technical experts to their evaluation team early; co-develop the roadmap.",
        "Wcześnie włączyć naszych ekspertów do ich zespołu oceniającego; wspólna mapa drogowa.",
    ),
    (
        "Cross-sell services to the installed base; defend the renewal against competitors.",
        "Sprzedaż usług do bazy zainstalowanej; obrona odnowienia przed konkurencją.",
    ),
]
OBJECTIVES = [
    (
        ("Grow yearly revenue", "Revenue (k)"),
        ("Wzrost rocznych przychodów", "Przychody (tys.)"),
        800,
        1200,
    ),
    (
        ("Share of wallet", "Share of wallet (%)"),
        ("Udział w portfelu", "Udział w portfelu (%)"),
        18,
        30,
    ),
    (
        ("Win new business units", "Business units served"),
        ("Nowe jednostki klienta", "Obsługiwane jednostki"),
        2,
        4,
    ),
    (
        ("Executive relationships", "Executives at trusted level"),
        ("Relacje z zarządem", "Członkowie zarządu na poziomie zaufania"),
        1,
        3,
    ),
    (("Customer satisfaction", "NPS"), ("Satysfakcja klienta", "NPS"), 20, 45),
    (
        ("Renewal secured", "Contract value renewed (%)"),
        ("Odnowienie umowy", "Odnowiona wartość umowy (%)"),
        0,
        100,
    ),
]
ACTIONS = [
    ("Map the buying centre of the new plant", "Zmapować centrum zakupowe nowego zakładu"),
    ("Prepare the pilot proposal", "Przygotować propozycję pilotażu"),
    ("Book the executive briefing", "Umówić spotkanie z zarządem"),
    ("Run the value workshop with operations", "Przeprowadzić warsztat wartości z produkcją"),
    ("Send the revised pricing", "Wysłać poprawiony cennik"),
    ("Agree the success criteria of the pilot", "Uzgodnić kryteria sukcesu pilotażu"),
    (
        "Introduce our technical expert to their IT director",
        "Przedstawić naszego eksperta dyrektorowi IT",
    ),
    ("Collect the satisfaction survey", "Zebrać ankietę satysfakcji"),
    ("Draft the renewal offer", "Przygotować ofertę odnowienia"),
    ("Review the service levels with procurement", "Omówić poziomy usług z działem zakupów"),
    ("Plan the site visit", "Zaplanować wizytę w zakładzie"),
    ("Share the roadmap with the CIO", "Przedstawić mapę drogową CIO"),
]
RESOURCES = [
    ("people", "A bid manager for the tender", "Kierownik oferty do przetargu", 20),
    ("budget", "Budget for the pilot", "Budżet na pilotaż", 45000),
    ("expertise", "A data architect for two weeks", "Architekt danych na dwa tygodnie", 10),
    ("tools", "A demo environment", "Środowisko demonstracyjne", None),
]
RISKS = [
    (
        "A competitor undercuts our price",
        "Konkurent zaniża cenę",
        "Lead with total cost of ownership",
        "Argumentować całkowitym kosztem posiadania",
    ),
    (
        "Budget freeze at the client",
        "Zamrożenie budżetu u klienta",
        "Phase the rollout",
        "Rozłożyć wdrożenie na etapy",
    ),
    (
        "Our champion leaves",
        "Nasz sojusznik odchodzi",
        "Build a second relationship at board level",
        "Zbudować drugą relację na poziomie zarządu",
    ),
    (
        "Delivery capacity in Q3",
        "Moce realizacyjne w III kwartale",
        "Book the delivery team early",
        "Wcześnie zarezerwować zespół wdrożeniowy",
    ),
]
BLOCKERS = [
    (
        "collaboration",
        "Engineering has no time for presales",
        "Dział inżynierii nie ma czasu na presales",
    ),
    (
        "process",
        "Legal review of contracts takes weeks",
        "Przegląd umów przez dział prawny trwa tygodniami",
    ),
    ("resources", "No delivery lead available", "Brak dostępnego kierownika wdrożenia"),
    (
        "priorities",
        "Product team prioritises another segment",
        "Zespół produktu stawia na inny segment",
    ),
    (
        "process",
        "Discount approval needs three signatures",
        "Zatwierdzenie rabatu wymaga trzech podpisów",
    ),
]
MINUTES = [
    ("Reviewed the plan; the pilot is on track.", "Omówiono plan; pilotaż idzie zgodnie z planem."),
    ("Agreed next steps with procurement.", "Uzgodniono kolejne kroki z działem zakupów."),
    ("The client raised concerns about delivery dates.", "Klient zgłosił obawy co do terminów."),
]

PLAN_COLUMNS = [
    "id", "account", "title", "period_start", "period_end", "goals", "client_priorities",
    "strategies", "status", "closed_on", "created_by", "version", "created_at", "updated_at",
]  # fmt: skip
OBJECTIVE_COLUMNS = [
    "id", "plan", "title", "metric", "baseline", "target", "current_value", "due_date",
    "created_at", "updated_at",
]  # fmt: skip
ACTION_COLUMNS = [
    "plan", "account", "objective", "title", "owner", "due_date", "status", "role", "review",
    "completed_on", "created_at", "updated_at",
]  # fmt: skip
REVIEW_COLUMNS = [
    "id", "account", "kind", "held_on", "agenda", "minutes", "created_by", "created_at",
    "updated_at",
]  # fmt: skip


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


def _polish(account: Account) -> bool:
    return str(account.country) == "PL"


def _text(pair: tuple[str, str], polish: bool) -> str:
    return pair[1] if polish else pair[0]


@dataclass
class AccountPlanning:
    account: Account
    team: list[int]  # person ids on the team today, the lead first
    roles: dict[int, list[int]]  # person id: role ids they play
    plan_ids: list[int]  # current plan first (if any), then the earlier one
    plan_periods: dict[int, tuple[datetime.date, datetime.date]]
    objectives: dict[int, list[int]]  # plan id: objective ids
    reviews: list[tuple[int, datetime.date]]  # held reviews (id, date)


def load_planning(
    *,
    rng: random.Random,
    accounts: Sequence[Account],
    teams: Sequence[Sequence[TeamMembership]],
    shape: PlanningShape,
    day: datetime.date,
    leader: User | None,
) -> dict[str, int]:
    """Writes plans, objectives, actions, resources, risks, reviews and blockers of every
    account, then the planning summaries; returns the rows written by kind."""
    anchor = max(day, timezone.localdate())
    year_start = datetime.date(anchor.year, 1, 1)
    year_end = datetime.date(anchor.year, 12, 31)
    writer = Writer()
    roles = _roles_by_membership([m.pk for team in teams for m in team])
    stakeholders: dict[int, list[int]] = defaultdict(list)
    for account_id, pk in (
        Stakeholder.objects.filter(status=StakeholderStatus.ACTIVE)
        .order_by("id")
        .values_list("account_id", "id")
    ):
        stakeholders[account_id].append(pk)

    next_plan = _next_id(AccountPlan)
    next_objective = _next_id(Objective)
    next_review = _next_id(Review)
    leader_id = leader.pk if leader else None
    states: list[AccountPlanning] = []
    written: dict[str, int] = defaultdict(int)
    for account, team in zip(accounts, teams, strict=True):
        polish = _polish(account)
        active = [m for m in team if m.end_date is None or m.end_date >= anchor]
        people = [account.lead_id] if account.lead_id else []
        people += [m.person_id for m in active if m.person_id not in people]
        state = AccountPlanning(
            account=account,
            team=people,
            roles={m.person_id: roles.get(m.pk, []) for m in active},
            plan_ids=[],
            plan_periods={},
            objectives={},
            reviews=[],
        )
        periods = []
        if rng.random() >= NO_PLAN_SHARE:
            periods.append((year_start, year_end, True))
        if rng.random() < EARLIER_PLAN_SHARE:
            periods.append(
                (
                    datetime.date(anchor.year - 1, 1, 1),
                    datetime.date(anchor.year - 1, 12, 31),
                    False,
                )
            )
        for start, end, current in periods:
            plan_id = next_plan
            next_plan += 1
            # Some current plans are half done: sections left empty.
            filled = 1.0 if not current else rng.choice((1.0, 1.0, 0.8, 0.5))
            title = f"Plan konta {start.year}" if polish else f"Account plan {start.year}"
            writer.add(AccountPlan, PLAN_COLUMNS, (
                plan_id, account.pk, title, writer.date(start), writer.date(end),
                _text(rng.choice(GOALS), polish) if rng.random() < filled else "",
                _text(rng.choice(PRIORITIES), polish) if rng.random() < filled else "",
                _text(rng.choice(STRATEGIES), polish) if rng.random() < filled else "",
                "active", None, leader_id, 1, writer.now, writer.now,
            ))  # fmt: skip
            written["plans"] += 1
            state.plan_ids.append(plan_id)
            state.plan_periods[plan_id] = (start, end)
            low, high = shape.objectives
            chosen = rng.sample(OBJECTIVES, rng.randint(low, min(high, len(OBJECTIVES))))
            state.objectives[plan_id] = []
            for en, pl, baseline, target in chosen:
                title, metric = pl if polish else en
                progress = rng.random() * (1.1 if not current else (anchor - start).days / 365)
                current_value = Decimal(baseline + (target - baseline) * min(progress, 1.2))
                writer.add(Objective, OBJECTIVE_COLUMNS, (
                    next_objective, plan_id, title, metric,
                    str(Decimal(baseline)), str(Decimal(target)),
                    str(current_value.quantize(Decimal("1"))) if rng.random() < 0.85 else None,
                    writer.date(end - datetime.timedelta(days=rng.randint(0, 120))),
                    writer.now, writer.now,
                ))  # fmt: skip
                state.objectives[plan_id].append(next_objective)
                next_objective += 1
                written["objectives"] += 1
            if current:
                _resources_and_risks(
                    writer, rng, shape, plan_id, polish, anchor, leader_id, written
                )
        next_review = _reviews(
            writer, rng, state, anchor, next_review, stakeholders[account.pk], leader_id, written
        )
        _blockers(writer, rng, shape, state, anchor, polish, written)
        states.append(state)
    writer.flush()
    _actions(writer, rng, shape, states, anchor, written)
    writer.flush()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [AccountPlan, Objective, Review]):
            cursor.execute(sql)
    written["planning summaries"] = summaries_refresh(today=timezone.localdate())
    return dict(written)


def _roles_by_membership(membership_ids: list[int]) -> dict[int, list[int]]:
    from hexad.accounts.models import RoleAssignment

    roles: dict[int, list[int]] = defaultdict(list)
    for membership_id, role_id in RoleAssignment.objects.filter(
        membership_id__in=membership_ids
    ).values_list("membership_id", "role_id"):
        roles[membership_id].append(role_id)
    return roles


def _resources_and_risks(
    writer: Writer,
    rng: random.Random,
    shape: PlanningShape,
    plan_id: int,
    polish: bool,
    anchor: datetime.date,
    leader_id: int | None,
    written: dict[str, int],
) -> None:
    fields = ["plan", "kind", "description", "amount", "status", "requested_by", "decided_by",
              "decided_on", "decision_note", "created_at", "updated_at"]  # fmt: skip
    for kind, en, pl, amount in rng.sample(RESOURCES, rng.randint(*shape.resources)):
        status = rng.choices(("requested", "approved", "declined"), (4, 5, 1))[0]
        decided = status != "requested"
        writer.add(ResourceRequest, fields, (
            plan_id, kind, pl if polish else en, None if amount is None else str(amount), status,
            leader_id, leader_id if decided else None,
            writer.date(anchor - datetime.timedelta(days=rng.randint(3, 90))) if decided else None,
            "", writer.now, writer.now,
        ))  # fmt: skip
        written["resource requests"] += 1
    risk_fields = ["plan", "description", "likelihood", "impact", "mitigation", "created_at",
                   "updated_at"]  # fmt: skip
    for en, pl, mitigation_en, mitigation_pl in rng.sample(RISKS, rng.randint(*shape.risks)):
        writer.add(Risk, risk_fields, (
            plan_id, pl if polish else en, rng.randint(1, 3), rng.randint(1, 3),
            mitigation_pl if polish else mitigation_en, writer.now, writer.now,
        ))  # fmt: skip
        written["risks"] += 1


def _reviews(
    writer: Writer,
    rng: random.Random,
    state: AccountPlanning,
    anchor: datetime.date,
    next_id: int,
    stakeholders: list[int],
    leader_id: int | None,
    written: dict[str, int],
) -> int:
    """A year of reviews on the tier's check-in rhythm (every third a quarterly review, the
    yearly one executive when the tier asks for it); lapsed accounts stop some months ago."""
    tier = state.account.tier
    every = tier.check_in_days or tier.quarterly_review_days or tier.executive_review_days
    if not every or not state.team:
        return next_id
    stop = anchor
    if rng.random() < LAPSED_SHARE:
        stop = anchor - datetime.timedelta(days=rng.randint(every + 20, every + 150))
    when = anchor - datetime.timedelta(days=365 - rng.randint(0, every))
    count = 0
    polish = _polish(state.account)
    people_fields = ["review", "person"]
    theirs_fields = ["review", "stakeholder"]
    through_people = Review.people.through
    through_theirs = Review.stakeholders.through
    last_executive: datetime.date | None = None
    while when <= stop:
        count += 1
        kind = "check_in"
        if (
            tier.quarterly_review_days
            and count % max(1, round(tier.quarterly_review_days / every)) == 0
        ):
            kind = "quarterly"
        if (
            tier.executive_review_days
            and (
                last_executive is None
                or (when - last_executive).days >= tier.executive_review_days - every
            )
            and kind == "quarterly"
        ):
            kind = "executive"
            last_executive = when
        _review_row(writer, rng, next_id, state, when, kind, polish, leader_id, held=True)
        for person in _attendees(rng, state.team):
            writer.add(through_people, people_fields, (next_id, person))
        for stakeholder in rng.sample(stakeholders, min(len(stakeholders), rng.randint(0, 3))):
            writer.add(through_theirs, theirs_fields, (next_id, stakeholder))
        state.reviews.append((next_id, when))
        next_id += 1
        written["reviews"] += 1
        when += datetime.timedelta(days=max(7, every - rng.randint(0, max(1, every // 6))))
    if stop == anchor and rng.random() < PLANNED_SHARE:
        planned = anchor + datetime.timedelta(days=rng.randint(3, 30))
        _review_row(writer, rng, next_id, state, planned, "check_in", polish, leader_id, held=False)
        for person in _attendees(rng, state.team):
            writer.add(through_people, people_fields, (next_id, person))
        next_id += 1
        written["reviews"] += 1
    return next_id


def _review_row(
    writer: Writer,
    rng: random.Random,
    pk: int,
    state: AccountPlanning,
    when: datetime.date,
    kind: str,
    polish: bool,
    leader_id: int | None,
    *,
    held: bool,
) -> None:
    agenda = "Przegląd planu; kolejne kroki" if polish else "Plan review; next steps"
    minutes = _text(rng.choice(MINUTES), polish) if held else ""
    writer.add(Review, REVIEW_COLUMNS, (
        pk, state.account.pk, kind, writer.date(when), agenda, minutes, leader_id,
        writer.now, writer.now,
    ))  # fmt: skip


def _attendees(rng: random.Random, team: list[int]) -> list[int]:
    others = team[1:]
    chosen = [team[0], *rng.sample(others, min(len(others), rng.randint(0, 2)))]
    return list(dict.fromkeys(chosen))


def _blockers(
    writer: Writer,
    rng: random.Random,
    shape: PlanningShape,
    state: AccountPlanning,
    anchor: datetime.date,
    polish: bool,
    written: dict[str, int],
) -> None:
    if not state.team:
        return
    fields = ["account", "title", "category", "description", "owner", "raised_on", "status",
              "escalated_to", "escalated_on", "resolution", "resolved_on", "created_at",
              "updated_at"]  # fmt: skip
    for category, en, pl in rng.sample(BLOCKERS, rng.randint(*shape.blockers)):
        raised = anchor - datetime.timedelta(days=rng.randint(1, 200))
        status = rng.choices(("open", "escalated", "resolved"), (5, 2, 3))[0]
        escalated = status == "escalated" or (status == "resolved" and rng.random() < 0.3)
        writer.add(Blocker, fields, (
            state.account.pk, pl if polish else en, category, "", rng.choice(state.team),
            writer.date(raised), status, state.team[0] if escalated else None,
            writer.date(raised + datetime.timedelta(days=7)) if escalated else None,
            ("Rozwiązane z kierownictwem" if polish else "Solved with management")
            if status == "resolved" else "",
            writer.date(min(anchor, raised + datetime.timedelta(days=30)))
            if status == "resolved" else None,
            writer.now, writer.now,
        ))  # fmt: skip
        written["internal blockers"] += 1


def _actions(
    writer: Writer,
    rng: random.Random,
    shape: PlanningShape,
    states: list[AccountPlanning],
    anchor: datetime.date,
    written: dict[str, int],
) -> None:
    """Spreads `shape.actions` over the plans by objectives; past due dates are mostly done."""
    plans = [(state, plan_id) for state in states for plan_id in state.plan_ids if state.team]
    if not plans:
        return
    weights = [len(state.objectives[plan_id]) * 2 + 2 for state, plan_id in plans]
    total = sum(weights)
    sizes = [max(1, round(shape.actions * w / total)) for w in weights]
    fit_total(sizes, [1] * len(sizes), [10_000] * len(sizes), shape.actions, rng)
    for (state, plan_id), size in zip(plans, sizes, strict=True):
        polish = _polish(state.account)
        start, end = state.plan_periods[plan_id]
        objectives = state.objectives[plan_id]
        span = (end - start).days
        reviews = [r for r in state.reviews if start <= r[1] <= min(end, anchor)]
        for n in range(size):
            objective = (
                objectives[n % len(objectives)] if objectives and rng.random() < 0.85 else None
            )
            owner = rng.choice(state.team) if rng.random() < 0.95 else None
            due = start + datetime.timedelta(days=rng.randint(0, span))
            dated = rng.random() < 0.95
            if due < anchor:
                status = rng.choices(("done", "open", "in_progress", "cancelled"), (78, 10, 6, 6))[
                    0
                ]
            else:
                status = rng.choices(("open", "in_progress"), (7, 3))[0]
            completed = (
                writer.date(min(anchor, due + datetime.timedelta(days=rng.randint(-10, 5))))
                if status == "done"
                else None
            )
            role_ids = state.roles.get(owner, []) if owner else []
            review = rng.choice(reviews)[0] if reviews and rng.random() < 0.1 else None
            writer.add(Action, ACTION_COLUMNS, (
                plan_id, state.account.pk, objective, _text(rng.choice(ACTIONS), polish), owner,
                writer.date(due) if dated else None, status,
                rng.choice(role_ids) if role_ids and rng.random() < 0.7 else None, review,
                completed, writer.now, writer.now,
            ))  # fmt: skip
            written["actions"] += 1
