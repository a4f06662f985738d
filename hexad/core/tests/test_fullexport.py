"""`export_everything` and `import_everything` (QUALITY.md Q13): a full export loads into
a freshly migrated database with no differences, proven with `hexad backup`'s row
checksums of every table.

As in test_backup.py, the databases are real SQLite files: the small demo portfolio and a
freshly migrated database are built once per module in a new process, then copied for
each test.
"""

from __future__ import annotations

import datetime
import io
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connections
from django.db.models import JSONField
from django.utils.dateparse import parse_datetime

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import AccountFactory
from hexad.core.backup import checksum_differences
from hexad.core.fullexport import (
    FORMAT,
    NOT_EMPTY,
    FullExportError,
    _natural_keys_by_id,
    _plain,
    _sqlite_text_encoder,
    export_everything,
    exported_models,
    import_everything,
)
from hexad.core.tests.test_backup import SQLITE_OPTIONS, Build, sqlite_sums
from hexad.planning.models import Objective, ReviewSnapshot
from hexad.planning.tests.factories import ObjectiveFactory, ReviewFactory
from hexad.relationships.models import Stakeholder
from hexad.relationships.tests.factories import InteractionFactory, StakeholderFactory


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    data_dir = tmp_path_factory.mktemp("demo")
    build = Build(data_dir, migrated_copy=str(data_dir / "migrated.sqlite3"))
    build.wait()
    return build


@pytest.fixture
def demo(built: Build, tmp_path: Path) -> Path:
    return Path(shutil.copy(built.data_dir / "hexad.sqlite3", tmp_path / "demo.sqlite3"))


@pytest.fixture
def fresh(built: Build, tmp_path: Path) -> Path:
    """A freshly migrated database: only the roles and tiers `hexad migrate` seeds."""
    return Path(shutil.copy(built.data_dir / "migrated.sqlite3", tmp_path / "fresh.sqlite3"))


@pytest.fixture
def using(django_db_blocker) -> Iterator[Callable[[Path], str]]:
    """Registers a database alias for a SQLite file."""
    aliases: list[str] = []

    def register(path: Path) -> str:
        alias = f"fullexport_test_{len(aliases)}"
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
        configured = connections.configure_settings({"default": {}, alias: config})
        connections.settings[alias] = configured[alias]
        aliases.append(alias)
        return alias

    with django_db_blocker.unblock():
        yield register
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def exported(stream: io.BytesIO, alias: str, **options: bool) -> io.BytesIO:
    export_everything(stream, using=alias, **options)
    stream.seek(0)
    return stream


def exported_tables() -> set[str]:
    return {model._meta.db_table for model in exported_models()}


def test_a_full_export_loads_into_a_fresh_database_with_no_differences(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    stream = io.BytesIO()
    written = export_everything(stream, using=source)
    stream.seek(0)

    loaded = import_everything(stream, using=target)

    assert loaded.counts == written.counts
    assert written.counts["accounts.Account"] == 50
    assert written.counts["relationships.Interaction"] == 6000
    assert written.counts["roles.Role"] == 6
    connections[source].close()
    connections[target].close()
    expected, restored = sqlite_sums(demo), sqlite_sums(fresh)
    # Every table is identical, the ones the export holds and the ones `hexad migrate`
    # made alike (migrations, content types, permissions), down to the next ids.
    assert checksum_differences(expected, restored) == []
    assert exported_tables() <= set(restored)
    assert restored["accounts_account"].rows == 50


def test_the_import_refuses_a_database_with_data_and_changes_nothing(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    stream = exported(io.BytesIO(), source)
    import_everything(stream, using=target)
    connections[target].close()
    before = sqlite_sums(fresh)

    with pytest.raises(FullExportError) as refused:
        import_everything(io.BytesIO(stream.getvalue()), using=target)

    assert str(refused.value).startswith(NOT_EMPTY.split("{")[0])
    assert "accounts_account" in str(refused.value)
    connections[target].close()
    assert sqlite_sums(fresh) == before


def test_a_damaged_file_stores_nothing_and_says_where(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    data = exported(io.BytesIO(), source).getvalue()
    connections[target].close()
    before = sqlite_sums(fresh)
    lines = data.split(b"\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(b",[") and i > 5000)
    damaged = b"\n".join([*lines[:row], b',[1, "unfinished', *lines[row + 1 :]])

    with pytest.raises(FullExportError, match="not valid JSON"):
        import_everything(io.BytesIO(damaged), using=target)
    with pytest.raises(FullExportError, match="ends before its last table"):
        import_everything(io.BytesIO(b"\n".join(lines[:row])), using=target)
    with pytest.raises(FullExportError, match="not a Hexad full export"):
        import_everything(io.BytesIO(b'{"format": "something else"}'), using=target)
    newer = data.replace(b'"version": 1,', b'"version": 99,', 1)
    with pytest.raises(FullExportError, match="newer Hexad"):
        import_everything(io.BytesIO(newer), using=target)

    connections[target].close()
    assert sqlite_sums(fresh) == before  # each attempt rolled back as a whole


def test_the_same_json_in_another_layout_imports_the_same(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    data = exported(io.BytesIO(), source).getvalue()
    document = json.loads(data)
    assert document["format"] == FORMAT
    assert document["version"] == 1
    reindented = json.dumps(document, indent=2).encode()

    import_everything(io.BytesIO(reindented), using=target)

    connections[source].close()
    connections[target].close()
    assert checksum_differences(sqlite_sums(demo), sqlite_sums(fresh)) == []


def test_without_secrets_no_password_hash_or_token_digest_is_written(
    demo: Path, fresh: Path, using: Callable[[Path], str]
) -> None:
    source, target = using(demo), using(fresh)
    with sqlite3.connect(demo) as db:
        hashes = [row[0] for row in db.execute("SELECT password FROM people_user")]
    assert hashes and all(hashes)
    data = exported(io.BytesIO(), source, include_secrets=False).getvalue()

    assert not any(password.encode() in data for password in hashes)
    assert b'"model": "api.ApiToken"' not in data
    assert b'"model": "planning.CalendarToken"' not in data
    summary = import_everything(io.BytesIO(data), using=target)
    assert summary.include_secrets is False
    connections[target].close()
    with sqlite3.connect(fresh) as db:
        passwords = {row[0] for row in db.execute("SELECT password FROM people_user")}
    assert passwords == {"!"}  # unusable: people set a new password


# --- every kind of column, on the test database (SQLite, or PostgreSQL with DATABASE_URL) --


def tables_of(data: bytes) -> bytes:
    """The file without its header line (which says when it was made)."""
    return data.split(b"\n", 1)[1]


def reference_rows(alias: str = "default") -> dict[str, list[list[object]]]:
    """Every exported row as `values_list()` reads it, turned into JSON values the plain
    way: one value at a time through `_plain` (natural keys as the export writes them)."""
    natural = _natural_keys_by_id(alias)
    rows: dict[str, list[list[object]]] = {}
    for model in exported_models():
        fields = list(model._meta.concrete_fields)
        keys = [
            natural.get(f.related_model._meta.label) if f.is_relation else None  # type: ignore[union-attr]
            for f in fields
        ]
        rows[model._meta.label] = [
            [
                value
                if isinstance(model_field, JSONField)
                else (None if value is None else key[value])
                if key is not None
                else _plain(value)
                for model_field, key, value in zip(fields, keys, row, strict=True)
            ]
            for row in model._base_manager.using(alias)
            .order_by("pk")
            .values_list(*[f.attname for f in fields])
        ]
    return rows


@pytest.fixture
def every_kind(db: None) -> dict[str, object]:
    """A few rows with every kind of column the export writes: dates, datetimes with and
    without microseconds, decimals, JSON, booleans, a country, empty references and
    references by natural key."""
    account = AccountFactory(country="DE")
    stakeholder = StakeholderFactory(account=account)
    InteractionFactory(account=account)
    InteractionFactory(account=account, notes='zażółć „gęślą” "jaźń"\nnew line \u2028')
    objective = ObjectiveFactory(plan__account=account, baseline="12.50", target="0.01")
    review = ReviewFactory(account=account)
    ReviewSnapshot.objects.create(
        review=review,
        taken_at=datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.UTC),
        objectives={str(objective.pk): "12.5", "9": None},
        relationships={"1": [1, {"a": "ą"}]},
        coverage={},
    )
    group = Group.objects.create(name="Auditors")
    group.permissions.add(*Permission.objects.filter(codename__startswith="view_")[:3])
    whole_second = datetime.datetime(2023, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
    one_microsecond = datetime.datetime(2023, 1, 2, 3, 4, 5, 1, tzinfo=datetime.UTC)
    Stakeholder.objects.filter(pk=stakeholder.pk).update(
        created_at=whole_second, updated_at=one_microsecond
    )
    return {"objective": objective.pk, "stakeholder": stakeholder.pk}


def test_each_value_is_written_as_read_one_at_a_time(every_kind: dict[str, object]) -> None:
    """The export's per-column ways write what the plain way (`values_list()` and
    `_plain`, value by value) writes."""
    data = exported(io.BytesIO(), "default").getvalue()

    document = json.loads(data)
    written = {table["model"]: table["rows"] for table in document["tables"]}
    expected = reference_rows()
    assert written == expected
    assert (
        expected["accounts.Account"][0][
            [f.attname for f in Account._meta.concrete_fields].index("country")
        ]
        == "DE"
    )


def test_every_kind_of_column_loads_back_the_same(every_kind: dict[str, object]) -> None:
    first = exported(io.BytesIO(), "default").getvalue()
    for model in reversed(exported_models()):
        model._base_manager.all()._raw_delete("default")

    import_everything(io.BytesIO(first), using="default")

    assert tables_of(exported(io.BytesIO(), "default").getvalue()) == tables_of(first)
    objective = Objective.objects.get(pk=every_kind["objective"])
    assert (objective.baseline, objective.target) == (Decimal("12.50"), Decimal("0.01"))
    stakeholder = Stakeholder.objects.get(pk=every_kind["stakeholder"])
    assert stakeholder.created_at == datetime.datetime(
        2023, 12, 31, 23, 59, 59, tzinfo=datetime.UTC
    )
    assert stakeholder.updated_at.microsecond == 1
    snapshot = ReviewSnapshot.objects.get()
    assert snapshot.relationships == {"1": [1, {"a": "ą"}]}
    assert snapshot.objectives[str(objective.pk)] == "12.5"
    assert Group.objects.get(name="Auditors").permissions.count() == 3


def test_a_value_that_cannot_be_read_names_its_row_and_field(
    every_kind: dict[str, object],
) -> None:
    data = exported(io.BytesIO(), "default").getvalue()
    document = json.loads(data)
    interactions = next(t for t in document["tables"] if t["model"] == "relationships.Interaction")
    interactions["rows"][1][interactions["fields"].index("occurred_on")] = "2024-13-45"
    for model in reversed(exported_models()):
        model._base_manager.all()._raw_delete("default")

    with pytest.raises(FullExportError) as refused:
        import_everything(io.BytesIO(json.dumps(document).encode()), using="default")

    assert str(refused.value).startswith(
        "Row 2 of relationships.Interaction cannot be read: occurred_on: "
    )
    assert not Account.objects.exists()


@pytest.mark.parametrize(
    "stored",
    [
        "2024-05-01 10:00:00",
        "2024-05-01 10:00:00.123456",
        "2024-05-01 10:00:00.000001",
        "2024-05-01T10:00:00",
        "2024-05-01 10:00:00.5",
        "2024-05-01 10:00:00+02:00",
        "2024-05-01 10:00",
        "2024-05-01",
    ],
)
def test_sqlite_datetime_text_is_written_as_django_reads_it(stored: str) -> None:
    """SQLite holds datetimes as text; the export parses it once (`+column` has no declared
    type) and writes what Django's driver parsing, converter and `isoformat()` make of it."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    column = Stakeholder._meta.get_field("created_at")
    encode = _sqlite_text_encoder(
        column, [connection.ops.convert_datetimefield_value], column.get_col("t"), connection
    )
    assert encode is not None
    parsed = parse_datetime(stored)
    expected = _plain(connection.ops.convert_datetimefield_value(parsed, None, connection))

    assert encode(stored) == expected
    assert encode(None) is None
