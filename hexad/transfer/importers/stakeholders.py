"""Stakeholders with their reporting lines: the bulk path.

A stakeholder import may hold hundreds of thousands of rows (a large client's org chart,
QUALITY.md Q18), so rows are not written one by one through
`relationships.services.stakeholder_create`, nor as model instances. Instead, in chunks
of `CHUNK` rows:

1. each row is parsed into a plain dict and checked against the model's field rules
   (lengths, e-mail, choices, influence 1–5: `_check_fields`, the checks of
   `clean_fields` without its per-field overhead) and the account's external-id rule;
2. the chunk's stored stakeholders are read in one query (by account and external id,
   or by account and name when the file has no ids) as values; rows that differ are
   updated and new ones inserted with one `executemany` each, new rows with ids
   reserved up front, so a row's manager that came earlier in the file is set as the
   row goes in; unchanged rows are not written at all;
3. the history entries of the chunk (one per created or changed stakeholder, source
   "import", the importing user) go in with `history.recorder.record_rows_fast`.

At the end the remaining reporting lines (solid and dotted: managers that come later in
the file or are not in it, and changed lines of stored rows) are linked, with the rules
of `Stakeholder.clean()` checked over the whole set at once: the manager must be a
stakeholder of the same account and still active, nobody reports to themself, and no
chain of solid lines loops. Those changes join the history entry the row already has in
this import (`join_updates_fast`). `core.hooks.accounts_changed` is called once for the
accounts touched, inside the import's transaction, so derived data stays right; a dry
run, which keeps nothing, skips it and the history.

Business units a row names that the account does not have yet are added per chunk in one
insert (names unique per account ignoring case, the rule of
`accounts.services.business_unit_create`). Memory grows only with the ids of the rows
(account and external id to primary key, and the ids of those who have left), never with
their text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection
from django.db.models import CharField
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexad.accounts.models import BusinessUnit
from hexad.core.hooks import accounts_changed
from hexad.history.models import Action as HistoryAction
from hexad.history.recorder import join_updates_fast, record_rows_fast
from hexad.history.registry import REPR_LENGTH
from hexad.relationships.models import (
    BUYING_ROLE_FIELDS,
    DOTTED_CYCLE,
    DOTTED_SAME_AS_MANAGER,
    MANAGER_CYCLE,
    MANAGER_ELSEWHERE,
    MANAGER_LEFT,
    OWN_MANAGER,
    Attitude,
    BuyingRole,
    Stakeholder,
    StakeholderLevel,
    StakeholderStatus,
)
from hexad.transfer.importers.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    AccountLookup,
    Column,
    Importer,
    PersonLookup,
    Problems,
    choice_lookup,
    parse_choice,
)
from hexad.transfer.values import normalise, parse_date, parse_int

CHUNK = 2000
PLAIN_FIELDS = (
    "name", "title", "business_unit_id", "level", "influence", "attitude", "competitor",
    "status", "first_engaged", "email", "phone", "owner_id", "notes",
    *BUYING_ROLE_FIELDS.values(),
)  # fmt: skip
LENGTHS = [
    (field.name, field.max_length)
    for field in Stakeholder._meta.concrete_fields
    if isinstance(field, CharField) and field.max_length and not field.choices
]
NO_MANAGER = gettext_lazy("No stakeholder of this account has the external id “%(value)s”.")
TWICE = gettext_lazy("The external id %(value)s is also on row %(row)s of this file.")
_SPLIT = re.compile(r"[;,|/]")
KEEP = "\x00"  # a line the file has no column for

LEVEL_SYNONYMS = {
    "c-level": StakeholderLevel.EXECUTIVE, "board": StakeholderLevel.EXECUTIVE,
    "zarząd": StakeholderLevel.EXECUTIVE, "vp": StakeholderLevel.SENIOR,
    "director": StakeholderLevel.SENIOR, "dyrektor": StakeholderLevel.SENIOR,
    "manager": StakeholderLevel.MIDDLE, "kierownik": StakeholderLevel.MIDDLE,
    "primary": StakeholderLevel.SENIOR, "secondary": StakeholderLevel.MIDDLE,
    "tertiary": StakeholderLevel.STAFF, "1": 1, "2": 2, "3": 3, "4": 4,
}  # fmt: skip
STATUS_SYNONYMS = {"inactive": StakeholderStatus.LEFT, "odszedł": StakeholderStatus.LEFT,
                   "aktywny": StakeholderStatus.ACTIVE}  # fmt: skip


class StakeholderImporter(Importer):
    kind = "stakeholders"
    label = gettext_lazy("Stakeholders with reporting lines")
    savepoint_per_row = False
    columns = (
        Column("external_id", gettext_lazy("External id"), ("id", "contact id", "identyfikator")),
        Column(
            "account", gettext_lazy("Account"), ("accountid", "account id", "konto"), required=True
        ),
        Column("name", gettext_lazy("Full name"), ("name", "imię i nazwisko", "imie i nazwisko")),
        Column("first_name", gettext_lazy("First name"), ("firstname", "imię", "imie")),
        Column("last_name", gettext_lazy("Last name"), ("lastname", "nazwisko")),
        Column("title", gettext_lazy("Job title"), ("title", "stanowisko")),
        Column(
            "business_unit", gettext_lazy("Business unit"), ("department", "dział", "jednostka")
        ),
        Column("level", gettext_lazy("Level"), ("poziom",)),
        Column("buying_roles", gettext_lazy("Buying roles"), ("role zakupowe",)),
        Column("influence", gettext_lazy("Influence"), ("wpływ", "wplyw")),
        Column("attitude", gettext_lazy("Attitude to us"), ("attitude", "nastawienie")),
        Column("competitor", gettext_lazy("Aligned with competitor"), ("competitor", "konkurent")),
        Column(
            "reports_to", gettext_lazy("Reports to"), ("reportstoid", "reports to id", "przełożony")
        ),
        Column(
            "dotted_manager", gettext_lazy("Dotted-line manager"), ("dotted line", "dotted manager")
        ),
        Column("status", gettext_lazy("Status"), ()),
        Column("first_engaged", gettext_lazy("First engaged"), ("pierwszy kontakt",)),
        Column("email", gettext_lazy("E-mail"), ("email",)),
        Column("phone", gettext_lazy("Phone"), ("mobilephone", "mobile phone", "telefon")),
        Column(
            "owner", gettext_lazy("Relationship owner"), ("ownerid", "owner id", "owner", "opiekun")
        ),
        Column("notes", gettext_lazy("Notes"), ("description", "uwagi", "notatki")),
    )

    def prepare(self) -> None:
        self.accounts = AccountLookup()
        self.people = PersonLookup()
        self.levels = choice_lookup(StakeholderLevel.choices, LEVEL_SYNONYMS)
        self.attitudes = choice_lookup(Attitude.choices)
        self.statuses = choice_lookup(StakeholderStatus.choices, STATUS_SYNONYMS)
        self.buying = choice_lookup(BuyingRole.choices)
        self._load_units()
        self.buffer: list[Pending] = []
        # (account id, external id) -> row number, and -> primary key once stored.
        self.seen: dict[tuple[int, str], int] = {}
        self.stored: dict[tuple[int, str], int] = {}
        self.left: set[int] = set()  # rows of the file stored with the status "left"
        # Lines to link at the end: (row, pk, account id, manager, dotted manager).
        self.lines: list[tuple[int, int, int, str, str]] = []
        self.unchanged_pks: set[int] = set()
        self.touched: set[int] = set()
        self.counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        self.reprs: dict[str, dict[int, str]] = {}
        self.given: list[str] | None = None
        self.next_id = 0
        self.free_ids = 0

    # --- rows ----------------------------------------------------------------------------

    def import_row(self, values: dict[str, str]) -> str:
        problems = Problems()
        account_text = values.get("account", "")
        account_pk = self.accounts.resolve(problems, "account", account_text)
        if not account_text.strip():
            problems.add("account", _("This column is required."))
        name = values.get("name", "").strip() or " ".join(
            part for part in (values.get("first_name", "").strip(),
                              values.get("last_name", "").strip()) if part
        )  # fmt: skip
        if not name:
            problems.add(
                "name" if "name" in values else "last_name", _("Give the stakeholder's name.")
            )
        external = values.get("external_id", "").strip()
        data: dict[str, Any] = {
            "account_id": account_pk or 0,  # 0 only on a row refused below
            "name": name,
            "title": values.get("title", "").strip(),
            "business_unit_id": None,
            "level": StakeholderLevel.MIDDLE.value,
            **dict.fromkeys(BUYING_ROLE_FIELDS.values(), False),
            "influence": 3,
            "attitude": Attitude.UNKNOWN.value,
            "competitor": values.get("competitor", "").strip(),
            "status": StakeholderStatus.ACTIVE.value,
            "first_engaged": None,
            "email": values.get("email", "").strip(),
            "phone": values.get("phone", "").strip(),
            "owner_id": None,
            "external_id": external,
            "notes": values.get("notes", "").strip(),
        }
        if values.get("level", "").strip():
            data["level"] = problems.parse("level", values, lambda t: parse_choice(self.levels, t))
        if values.get("attitude", "").strip():
            data["attitude"] = problems.parse(
                "attitude", values, lambda t: parse_choice(self.attitudes, t)
            )
        if values.get("status", "").strip():
            data["status"] = problems.parse(
                "status", values, lambda t: parse_choice(self.statuses, t)
            )
        if values.get("influence", "").strip():
            data["influence"] = problems.parse("influence", values, parse_int)
        if values.get("first_engaged", "").strip():
            data["first_engaged"] = problems.parse("first_engaged", values, parse_date)
        for text in _SPLIT.split(values.get("buying_roles", "")):
            if text.strip():
                code = self.buying.get(normalise(text))
                if code is None:
                    problems.add(
                        "buying_roles",
                        _("“%(value)s” is not a buying role.") % {"value": text.strip()[:60]},
                    )
                else:
                    data[BUYING_ROLE_FIELDS[code]] = True
        if values.get("owner", "").strip():
            data["owner_id"] = self.people.resolve(problems, "owner", values["owner"])
        _check_fields(data, problems)
        if account_pk is not None and external:
            key = (account_pk, external)
            if key in self.seen:
                problems.add("external_id", TWICE % {"value": external, "row": self.seen[key]})
            else:
                self.seen[key] = self.row_number
        problems.check()
        if self.given is None:
            self.given = _given_fields(values)
            self.has_lines = "reports_to" in values or "dotted_manager" in values
            self.has_dotted = "dotted_manager" in values
        self.buffer.append(
            Pending(
                row=self.row_number,
                data=data,
                unit=values.get("business_unit", "").strip()[:200],
                manager=values.get("reports_to", "").strip(),
                dotted=values.get("dotted_manager", "").strip() if self.has_dotted else KEEP,
            )
        )
        if len(self.buffer) >= CHUNK:
            self._flush()
        return ""

    def _load_units(self) -> None:
        rows = BusinessUnit.objects.values_list("account_id", "name", "pk")
        self.units = {(account_id, normalise(name)): pk for account_id, name, pk in rows}

    def _add_units(self) -> None:
        """Business units the chunk names that its accounts lack, in one insert (names are
        unique per account ignoring case, as `business_unit_create` keeps them)."""
        missing: dict[tuple[int, str], BusinessUnit] = {}
        for pending in self.buffer:
            if pending.unit:
                key = (pending.data["account_id"], normalise(pending.unit))
                if key not in self.units and key not in missing:
                    missing[key] = BusinessUnit(account_id=key[0], name=pending.unit)
        if missing:
            created = BusinessUnit.objects.bulk_create(missing.values(), batch_size=500)
            for key, unit in zip(missing, created, strict=True):
                self.units[key] = unit.pk
            record_rows_fast(
                BusinessUnit,
                (
                    (
                        unit.pk,
                        HistoryAction.CREATE,
                        None,
                        {f: getattr(unit, f) for f in UNIT_FIELDS},
                    )
                    for unit in created
                ),
                reprs=self.reprs,
            )
        for pending in self.buffer:
            if pending.unit:
                key = (pending.data["account_id"], normalise(pending.unit))
                pending.data["business_unit_id"] = self.units[key]

    def _existing(self) -> dict[tuple[int, str, str], dict[str, Any]]:
        """The chunk's stored stakeholders by (account, external id, "") or, for rows
        without an id, (account, "", name): their tracked values, one query each way."""
        found: dict[tuple[int, str, str], dict[str, Any]] = {}
        with_id = [p.data for p in self.buffer if p.data["external_id"]]
        without = [p.data for p in self.buffer if not p.data["external_id"]]
        if with_id:
            rows = (
                Stakeholder.objects.filter(
                    account_id__in={d["account_id"] for d in with_id},
                    external_id__in={d["external_id"] for d in with_id},
                )
                .exclude(external_id="")
                .values("pk", *STORED_FIELDS)
            )
            for row in rows:
                found[(row["account_id"], row["external_id"], "")] = row
        if without:
            rows = Stakeholder.objects.filter(
                account_id__in={d["account_id"] for d in without},
                name__in={d["name"] for d in without},
            ).values("pk", *STORED_FIELDS)
            for row in rows.order_by("pk"):
                found.setdefault((row["account_id"], "", row["name"]), row)
        return found

    def _flush(self) -> None:
        if not self.buffer:
            return
        self._add_units()
        existing = self._existing()
        given = self.given or []
        now = timezone.now()
        created: list[tuple[int, dict[str, Any]]] = []
        changed: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        new_ids = self._reserve_ids(
            sum(
                1
                for p in self.buffer
                if (p.data["account_id"], p.data["external_id"],
                    "" if p.data["external_id"] else p.data["name"]) not in existing
            )
        )  # fmt: skip
        for pending in self.buffer:
            data = pending.data
            account_id = data["account_id"]
            self.touched.add(account_id)
            external = data["external_id"]
            current = existing.get((account_id, external, "" if external else data["name"]))
            if current is None:
                pk = next(new_ids)
                data["reports_to_id"] = data["dotted_manager_id"] = None
                self._remember(pk, data)
                if self.has_lines:
                    self._line_at_insert(pending, pk, data)
                created.append((pk, data))
                continue
            pk = current["pk"]
            self._remember(pk, {**current, **{f: data[f] for f in given}})
            after = {f: data[f] for f in given if current[f] != data[f]}
            if after:
                changed.append((pk, current, after))
                self.counts[UPDATED] += 1
            else:
                self.unchanged_pks.add(pk)
                self.counts[UNCHANGED] += 1
            if self.has_lines:
                status = after.get("status", current["status"])
                self._line_of_stored(pending, pk, current, status)
        self._insert(created, now)
        self._update(changed, given, now)
        self.counts[CREATED] += len(created)
        self._manager_names(created)
        record_rows_fast(
            Stakeholder,
            itertools.chain(
                ((pk, HistoryAction.CREATE, None, data) for pk, data in created),
                ((pk, HistoryAction.UPDATE, old, new) for pk, old, new in changed),
            ),
            reprs=self.reprs,
        )
        self.buffer = []

    def _manager_names(self, created: list[tuple[int, dict[str, Any]]]) -> None:
        """How the managers of the chunk's new rows read in their history entries (a
        stakeholder reads as their name), in one query; kept for this chunk only."""
        if self.dry_run:
            return
        ids = {data[f] for _pk, data in created for f in ("reports_to_id", "dotted_manager_id")}
        ids.discard(None)
        known = self.reprs.get("reports_to", {})
        names = {pk: known[pk] for pk in ids if pk in known}
        wanted = [pk for pk in ids if pk not in names]
        if wanted:
            found = Stakeholder.objects.filter(pk__in=wanted).values_list("pk", "name")
            names.update((pk, name[:REPR_LENGTH]) for pk, name in found)
        self.reprs["reports_to"] = self.reprs["dotted_manager"] = names

    def _remember(self, pk: int, data: dict[str, Any]) -> None:
        if data["external_id"]:
            self.stored[(data["account_id"], data["external_id"])] = pk
        if data["status"] == StakeholderStatus.LEFT:
            self.left.add(pk)
        else:
            self.left.discard(pk)

    def _line_at_insert(self, pending: Pending, pk: int, data: dict[str, Any]) -> None:
        """A new row's managers, set as it is inserted when they came earlier in the file
        (nobody can report to a new row yet, so no loop can form); otherwise at the end."""
        account_id = data["account_id"]
        manager = self.stored.get((account_id, pending.manager)) if pending.manager else None
        dotted = None
        if pending.dotted not in ("", KEEP):
            dotted = self.stored.get((account_id, pending.dotted))
        if (pending.manager and manager is None) or (
            pending.dotted not in ("", KEEP) and dotted is None
        ):
            self.lines.append((pending.row, pk, account_id, pending.manager, pending.dotted))
            return
        for key, target in (("reports_to", manager), ("dotted_manager", dotted)):
            if target is None:
                continue
            if target == pk:  # the row names its own id: refused, never stored
                self.late_problems.append((pending.row, key, str(OWN_MANAGER)))
                manager, dotted = (None, dotted) if key == "reports_to" else (manager, None)
            elif data["status"] == StakeholderStatus.ACTIVE and target in self.left:
                self._left_problem(pending.row, key, target, data["name"])
        if manager is not None and manager == dotted:
            message = DOTTED_SAME_AS_MANAGER % {"manager": self._name(dotted), "name": data["name"]}
            self.late_problems.append((pending.row, "dotted_manager", str(message)))
        data["reports_to_id"], data["dotted_manager_id"] = manager, dotted

    def _line_of_stored(
        self, pending: Pending, pk: int, current: dict[str, Any], status: str
    ) -> None:
        """A stored row's lines: kept when they stay as they are, else linked at the end."""
        account_id = current["account_id"]
        manager = self.stored.get((account_id, pending.manager)) if pending.manager else None
        same = manager == current["reports_to_id"] and (not pending.manager or bool(manager))
        dotted = None
        if pending.dotted != KEEP:
            dotted = self.stored.get((account_id, pending.dotted)) if pending.dotted else None
            same = same and dotted == current["dotted_manager_id"]
            same = same and (not pending.dotted or dotted is not None)
        if not same:
            self.lines.append((pending.row, pk, account_id, pending.manager, pending.dotted))
            return
        if status != StakeholderStatus.ACTIVE:
            return
        for key, target in (("reports_to", manager), ("dotted_manager", dotted)):
            if target is not None and target in self.left:
                self._left_problem(pending.row, key, target, current["name"])

    def _left_problem(self, row: int, key: str, manager: int, name: str) -> None:
        message = MANAGER_LEFT % {"manager": self._name(manager), "name": name}
        self.late_problems.append((row, key, str(message)))

    @staticmethod
    def _name(pk: int | None) -> str:
        if pk is None:
            return ""
        return Stakeholder.objects.filter(pk=pk).values_list("name", flat=True).first() or ""

    def _reserve_ids(self, count: int) -> Iterator[int]:
        """Ids for the chunk's new rows, so rows can refer to earlier ones as they go in."""
        if not count:
            return iter(())
        table = Stakeholder._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return iter(sorted(row[0] for row in cursor.fetchall()))
            if not self.next_id:
                # SQLite: the import's transaction holds the write lock, and ids of
                # deleted rows are never reused (AUTOINCREMENT keeps the highest given).
                cursor.execute(
                    f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608
                )
                top = cursor.fetchone()[0] or 0
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                self.next_id = max(top, row[0] if row else 0) + 1
        first = self.next_id
        self.next_id += count
        return iter(range(first, first + count))

    def _insert(self, created: list[tuple[int, dict[str, Any]]], now: Any) -> None:
        if not created:
            return
        ops = connection.ops
        stamp = ops.adapt_datetimefield_value(now)
        date = ops.adapt_datefield_value
        rows = []
        for pk, data in created:
            values = [data[f] for f in INSERT_FIELDS]
            values[FIRST_ENGAGED] = date(values[FIRST_ENGAGED])
            rows.append((pk, *values, 1, stamp, stamp))
        with connection.cursor() as cursor:
            cursor.executemany(insert_sql(), rows)

    def _update(
        self,
        changed: list[tuple[int, dict[str, Any], dict[str, Any]]],
        given: list[str],
        now: Any,
    ) -> None:
        if not changed:
            return
        fields = sorted({f for _pk, _old, new in changed for f in new})
        ops = connection.ops
        quote = ops.quote_name
        columns = ", ".join(f"{quote(f)} = %s" for f in fields)
        sql = (
            f"UPDATE {quote(Stakeholder._meta.db_table)} SET {columns}, "  # noqa: S608
            "version = version + 1, updated_at = %s WHERE id = %s"
        )
        stamp = ops.adapt_datetimefield_value(now)
        rows = []
        for pk, old, new in changed:
            merged = {**old, **new}
            values = [merged[f] for f in fields]
            if "first_engaged" in fields:
                index = fields.index("first_engaged")
                values[index] = ops.adapt_datefield_value(values[index])
            rows.append((*values, stamp, pk))
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    # --- reporting lines -----------------------------------------------------------------

    def finish(self) -> dict[str, int]:
        self._flush()
        moved = self._link_lines()
        self.late_problems.sort(key=lambda item: (item[0], item[1] != "reports_to"))
        if not self.dry_run:
            accounts_changed(self.touched)
        counts = dict(self.counts)
        counts[UPDATED] += moved
        counts[UNCHANGED] -= moved
        return counts

    def _lookup_missing(self, keys: set[tuple[int, str]]) -> None:
        missing = sorted(keys - set(self.stored))
        for start in range(0, len(missing), 500):
            part = missing[start : start + 500]
            rows = Stakeholder.objects.filter(
                account_id__in={a for a, _e in part}, external_id__in={e for _a, e in part}
            ).values_list("account_id", "external_id", "pk")
            for account_id, external, pk in rows:
                self.stored[(account_id, external)] = pk

    def _link_lines(self) -> int:
        """The lines not set as rows went in, checked over the whole set at once."""
        if not self.lines:
            return 0
        wanted = {(a, m) for _r, _p, a, m, _d in self.lines if m} | {
            (a, d) for _r, _p, a, _m, d in self.lines if d and d != KEEP
        }
        self._lookup_missing(wanted)
        accounts = {a for _r, _p, a, _m, _d in self.lines}
        graph: dict[int, int | None] = {}
        dotted_now: dict[int, int | None] = {}
        left: set[int] = set()
        for pk, manager, line, state in Stakeholder.objects.filter(
            account_id__in=accounts
        ).values_list("pk", "reports_to_id", "dotted_manager_id", "status"):
            graph[pk], dotted_now[pk] = manager, line
            if state == StakeholderStatus.LEFT:
                left.add(pk)
        solid: dict[int, int | None] = {}
        dotted_new: dict[int, int | None] = {}
        rows_of: dict[int, int] = {}
        for row, pk, account_id, manager_ext, dotted_ext in self.lines:
            rows_of[pk] = row
            for key, text, target in (
                ("reports_to", manager_ext, solid),
                ("dotted_manager", dotted_ext, dotted_new),
            ):
                if text == KEEP:
                    continue
                if not text:
                    target[pk] = None
                    continue
                manager_pk = self.stored.get((account_id, text))
                if manager_pk is None:
                    self._line_problem(row, key, text, account_id)
                elif manager_pk == pk:
                    self.late_problems.append((row, key, str(OWN_MANAGER)))
                elif pk not in left and manager_pk in left:
                    self._left_problem(row, key, manager_pk, self._name(pk))
                else:
                    target[pk] = manager_pk
        before = dict(graph)
        graph.update(solid)
        looped: set[int] = set()
        for pk, manager_pk in solid.items():
            if manager_pk is not None and pk not in looped and _reaches(graph, manager_pk, pk):
                self._loop_problems(graph, pk, rows_of, looped)
        for pk, dotted_pk in dotted_new.items():
            if dotted_pk is None:
                continue
            names_ = {"manager": self._name(dotted_pk), "name": self._name(pk)}
            if dotted_pk == graph[pk]:
                message = DOTTED_SAME_AS_MANAGER % names_
            elif _reaches(graph, dotted_pk, pk):
                message = DOTTED_CYCLE % names_
            else:
                continue
            self.late_problems.append((rows_of[pk], "dotted_manager", str(message)))
        if self.late_problems:
            return 0
        changes = []
        for pk in set(solid) | set(dotted_new):
            dotted = dotted_new.get(pk, dotted_now[pk])
            if (graph[pk], dotted) != (before[pk], dotted_now[pk]):
                changes.append(
                    (
                        pk,
                        {"reports_to_id": before[pk], "dotted_manager_id": dotted_now[pk]},
                        {"reports_to_id": graph[pk], "dotted_manager_id": dotted},
                    )
                )
        changes.sort()
        # One statement per row through executemany: Django's bulk_update writes a CASE
        # over every row of a batch, which is slow for the hundreds of thousands here.
        table = connection.ops.quote_name(Stakeholder._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET reports_to_id = %s, dotted_manager_id = %s "  # noqa: S608
                "WHERE id = %s",
                [(new["reports_to_id"], new["dotted_manager_id"], pk) for pk, _o, new in changes],
            )
        for start in range(0, len(changes), CHUNK):
            join_updates_fast(Stakeholder, changes[start : start + CHUNK], reprs=self.reprs)
        return len({pk for pk, _o, _n in changes} & self.unchanged_pks)

    def _loop_problems(
        self, graph: dict[int, int | None], start: int, rows_of: dict[int, int], looped: set[int]
    ) -> None:
        """A problem on each row of the file whose line closes the loop through `start`."""
        members = [start]
        current = graph[start]
        while current is not None and current != start:
            members.append(current)
            current = graph[current]
        found = Stakeholder.objects.filter(pk__in=members).values_list(
            "pk", "account_id", "external_id", "name"
        )
        keys = {pk: (account_id, external) for pk, account_id, external, _n in found}
        names = {pk: name for pk, _a, _e, name in found}
        for pk in members:
            row = rows_of.get(pk) or self.seen.get(keys.get(pk, (0, "")))
            if row is None or pk in looped:
                continue
            looped.add(pk)
            manager = graph[pk]
            assert manager is not None
            message = MANAGER_CYCLE % {"manager": names[manager], "name": names[pk]}
            self.late_problems.append((row, "reports_to", str(message)))

    def _line_problem(self, row: int, key: str, text: str, account_id: int) -> None:
        elsewhere = (
            Stakeholder.objects.filter(external_id=text).exclude(account_id=account_id).first()
        )
        if elsewhere is not None:
            message = MANAGER_ELSEWHERE % {"manager": elsewhere.name}
        else:
            message = NO_MANAGER % {"value": text[:60]}
        self.late_problems.append((row, key, str(message)))


@dataclass(slots=True)
class Pending:
    """A checked row waiting for its chunk to be written."""

    row: int
    data: dict[str, Any]  # the stakeholder's values by attname
    unit: str
    manager: str
    dotted: str  # KEEP when the file has no dotted-line column


def _given_fields(values: dict[str, str]) -> list[str]:
    """The model fields the file's mapped columns set (others keep their value)."""
    fields = []
    if {"name", "first_name", "last_name"} & set(values):
        fields.append("name")
    for key in ("title", "level", "influence", "attitude", "competitor", "status",
                "first_engaged", "email", "phone", "notes"):  # fmt: skip
        if key in values:
            fields.append(key)
    if "business_unit" in values:
        fields.append("business_unit_id")
    if "owner" in values:
        fields.append("owner_id")
    if "buying_roles" in values:
        fields.extend(BUYING_ROLE_FIELDS.values())
    return fields


# Every column but the id and the bookkeeping (version, created_at, updated_at).
INSERT_FIELDS = tuple(
    f.attname
    for f in Stakeholder._meta.concrete_fields
    if not f.primary_key and f.name not in ("version", "created_at", "updated_at")
)
FIRST_ENGAGED = INSERT_FIELDS.index("first_engaged")
UNIT_FIELDS = [f.attname for f in BusinessUnit._meta.concrete_fields if not f.primary_key]
STORED_FIELDS = INSERT_FIELDS


@functools.cache
def insert_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(c) for c in ("id", *INSERT_FIELDS, "version", "created_at", "updated_at")
    )
    marks = ", ".join(["%s"] * (len(INSERT_FIELDS) + 4))
    return f"INSERT INTO {quote(Stakeholder._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608


_validate_email = EmailValidator()
TOO_LONG = gettext_lazy("At most %(limit)s characters (this has %(length)s).")
INFLUENCE_RANGE = gettext_lazy("Influence is 1 (little) to 5 (decisive).")


def _check_fields(data: dict[str, Any], problems: Problems) -> None:
    for name, limit in LENGTHS:
        length = len(data[name])
        if length > limit:
            problems.add(name, TOO_LONG % {"limit": limit, "length": length})
    if data["email"]:
        try:
            _validate_email(data["email"])
        except ValidationError as error:
            problems.add("email", error.messages[0])
    if data["influence"] is not None and not 1 <= data["influence"] <= 5:
        problems.add("influence", str(INFLUENCE_RANGE))


def _reaches(graph: dict[int, int | None], start: int, target: int) -> bool:
    seen: set[int] = set()
    current: int | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = graph.get(current)
    return False
