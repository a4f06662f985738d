"""`hexad import`: the same checks, a progress bar, a non-zero exit on problems."""

from __future__ import annotations

import importlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hexad.accounts.models import Account
from hexad.accounts.tests.factories import AccountFactory
from hexad.relationships.models import Stakeholder
from hexad.transfer.tests.helpers import FILES

pytestmark = pytest.mark.django_db
command = importlib.import_module("hexad.transfer.management.commands.import")


def test_the_command_imports_a_file_and_says_what_it_did() -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "accounts", str(FILES / "accounts_pl_cp1250.csv"), stdout=out, stderr=err
    )
    assert "Imported. 4 rows" in out.getvalue()
    assert "4 create" in out.getvalue()
    assert Account.objects.filter(external_id__startswith="KA-").count() == 4


def test_a_dry_run_writes_nothing() -> None:
    out = io.StringIO()
    call_command(
        "import", "accounts", str(FILES / "accounts_pl_cp1250.csv"), "--dry-run", stdout=out
    )
    assert "Dry run, nothing written. 4 rows" in out.getvalue()
    assert not Account.objects.filter(external_id__startswith="KA-").exists()


def test_problems_are_listed_by_row_and_column_and_the_command_fails() -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problems, nothing written"):
        call_command(
            "import", "accounts", str(FILES / "accounts_pl_cp1250_with_error.csv"), stderr=err
        )
    assert "row 4, Kraj: “Atlantyda” is not a country" in err.getvalue()


def test_a_column_the_header_does_not_name_is_mapped_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Code,Firma\nZ-1,Zeta\n")
    call_command(
        "import", "accounts", str(path), "--map", "external_id=Code", "--map", "name=Firma",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert Account.objects.get(external_id="Z-1").name == "Zeta"


def test_a_long_import_draws_a_progress_bar(tmp_path: Path) -> None:
    AccountFactory(external_id="A-1")
    path = tmp_path / "stakeholders.csv"
    path.write_text("Id,AccountId,Name\n" + "".join(f"S-{n},A-1,Person {n}\n" for n in range(2500)))
    err = io.StringIO()
    call_command("import", "stakeholders", str(path), stdout=io.StringIO(), stderr=err)
    assert "[" in err.getvalue() and "2,500/2,500 rows 100%" in err.getvalue()
    assert Stakeholder.objects.count() == 2500


def test_the_progress_bar_without_a_total_counts_rows() -> None:
    stream = io.StringIO()
    bar = command.ProgressBar(stream)
    bar(1000, None)
    assert "1,000 rows" in stream.getvalue()


def test_an_oversized_file_is_refused(tmp_path: Path, settings) -> None:
    settings.HEXAD_IMPORT_MAX_BYTES = 4096
    path = tmp_path / "big.csv"
    path.write_bytes(b"Name\n" + b"x\n" * 5000)
    with pytest.raises(CommandError, match="Hexad imports files of at most"):
        call_command("import", "accounts", str(path))


def test_full_imports_a_full_export_into_an_empty_instance(tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    call_command("export", "--full", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import", "--full", str(path), stdout=out, stderr=io.StringIO())
    assert "Imported all.json" in out.getvalue()


def test_full_refuses_an_instance_with_data(tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    call_command("export", "--full", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    AccountFactory()
    with pytest.raises(CommandError, match="already holds data"):
        call_command("import", "--full", str(path), stdout=io.StringIO(), stderr=io.StringIO())
