"""What every importer shares: columns, row problems, look-ups of what rows refer to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from hexad.accounts.models import Account
from hexad.people.models import Person
from hexad.transfer.values import CellError, normalise

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Column:
    """A field an import fills, with the header names that mean it (Hexad's own, Polish,
    and Salesforce's export names)."""

    key: str
    label: StrOrPromise
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: StrOrPromise = ""

    def matches(self, header: str) -> bool:
        name = normalise(header)
        return name in {normalise(self.key), normalise(str(self.label))} | {
            normalise(alias) for alias in self.aliases
        }


class RowInvalid(Exception):
    """A row that cannot be imported: (column key, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


class Problems:
    """Collects the problems of one row, keyed by column, then raises them together."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, key: str, message: str) -> None:
        self.items.append((key, str(message)))

    def parse(self, key: str, values: dict[str, str], parser: Callable[[str], Any]) -> Any:
        try:
            return parser(values.get(key, ""))
        except CellError as error:
            self.add(key, str(error))
            return None

    def check(self) -> None:
        if self.items:
            raise RowInvalid(self.items)


def problems_of(error: ValidationError, fields: dict[str, str] | None = None) -> RowInvalid:
    """A service's ValidationError as row problems, each on the column of its field."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        return RowInvalid(
            [
                (fields.get(field, field if field != "__all__" else ""), message)
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        )
    return RowInvalid([("", message) for message in error.messages])


def choice_lookup(
    choices: Iterable[tuple[Any, Any]], synonyms: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Normalised code, English and Polish label (and any synonyms) -> the stored value."""
    table: dict[str, Any] = {}
    pairs = list(choices)
    for language in ("en", "pl"):
        with translation.override(language):
            for value, label in pairs:
                table[normalise(str(label))] = value
    for value, _label in pairs:
        table[normalise(str(value))] = value
    for text, value in (synonyms or {}).items():
        table[normalise(text)] = value
    return table


def parse_choice(table: dict[str, Any], text: str) -> Any:
    value = table.get(normalise(text))
    if value is None:
        raise CellError(_("“%(value)s” is not one of the known values.") % {"value": text[:60]})
    return value


class AccountLookup:
    """Accounts by external id or exact name (ids only, loaded once, kept up to date)."""

    def __init__(self) -> None:
        self.by_external: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for pk, external, name in Account.objects.values_list("pk", "external_id", "name"):
            self.add(pk, external, name)

    def add(self, pk: int, external: str, name: str) -> None:
        if external:
            self.by_external[external] = pk
        self.by_name.setdefault(normalise(name), pk)

    def find(self, text: str) -> int | None:
        value = text.strip()
        if not value:
            return None
        return self.by_external.get(value) or self.by_name.get(normalise(value))

    def resolve(self, problems: Problems, key: str, text: str) -> int | None:
        pk = self.find(text)
        if pk is None and text.strip():
            problems.add(
                key,
                _("No account has the external id or name “%(value)s”.") % {"value": text[:60]},
            )
        return pk


class PersonLookup:
    """Our people by external id, e-mail or full name."""

    def __init__(self) -> None:
        self.by_external: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        rows = Person.objects.values_list("pk", "external_id", "email", "full_name")
        for pk, external, email, name in rows:
            self.add(pk, external, email, name)

    def add(self, pk: int, external: str, email: str, name: str) -> None:
        if external:
            self.by_external[external] = pk
        if email:
            self.by_email.setdefault(email.lower(), pk)
        self.by_name.setdefault(normalise(name), pk)

    def find(self, text: str) -> int | None:
        value = text.strip()
        if not value:
            return None
        return (
            self.by_external.get(value)
            or self.by_email.get(value.lower())
            or self.by_name.get(normalise(value))
        )

    def resolve(self, problems: Problems, key: str, text: str) -> int | None:
        pk = self.find(text)
        if pk is None and text.strip():
            problems.add(
                key,
                _("None of our people has the external id, e-mail or name “%(value)s”.")
                % {"value": text[:60]},
            )
        return pk


def changed(instance: models.Model, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from what `instance` holds."""
    out = {}
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        current = getattr(instance, f"{name}_id" if field.is_relation else name)
        new = value.pk if isinstance(value, models.Model) else value
        if not _same(current, new):
            out[name] = value
    return out


def _same(current: Any, new: Any) -> bool:
    if current in (None, "") or new in (None, ""):
        return current in (None, "") and new in (None, "")
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        return Decimal(str(current)) == Decimal(str(new))
    return str(current) == str(new)


class Importer:
    """One kind of row. The engine calls `prepare()`, `import_row()` per row (inside the
    import's transaction), then `finish()`; `row_number` is the row being imported."""

    kind: ClassVar[str]
    label: ClassVar[StrOrPromise]
    columns: ClassVar[tuple[Column, ...]]
    # Each row in a savepoint of its own, so a refused row leaves no partial writes while
    # the rest are still checked (bulk importers buffer instead and do not need it).
    savepoint_per_row: ClassVar[bool] = True

    def __init__(self, *, options: dict[str, Any], dry_run: bool = False) -> None:
        self.options = options
        self.dry_run = dry_run  # nothing is kept: work done only for what it writes may wait
        self.row_number = 0
        self.late_problems: list[tuple[int, str, str]] = []

    def prepare(self) -> None:
        pass

    def import_row(self, values: dict[str, str]) -> str:
        raise NotImplementedError

    def finish(self) -> dict[str, int]:
        """Second passes (links between rows); returns outcome counts it changed."""
        return {}

    @classmethod
    def column(cls, key: str) -> Column:
        return next(column for column in cls.columns if column.key == key)
