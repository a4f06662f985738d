"""The import pages: upload, map, preview (dry run), confirm; access; the role mapping."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hexad.accounts.models import Account
from hexad.roles.models import Role
from hexad.transfer.models import ImportBatch, SalesforceRoleMapping
from hexad.transfer.tests.helpers import FILES

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, name: str, kind: str = "accounts") -> Any:
    data = (FILES / name).read_bytes()
    return client.post(
        reverse("transfer:upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def test_upload_map_preview_confirm(leader: Any) -> None:
    client = signed_in(leader)

    uploaded = upload(client, "accounts_pl_cp1250.csv")
    batch = ImportBatch.objects.get(owner=leader)
    assert uploaded["Location"] == reverse("transfer:map", args=[batch.pk])
    page = client.get(uploaded["Location"])
    html = page.content.decode()
    assert "Zakłady Azotowe „Puławy” S.A." in html  # the first rows, decoded from cp1250
    # The file's Polish headers were recognised: "Nazwa konta" is the name column.
    assert page.context["form"]["map_name"].value() == "1"
    data = {f"map_{key}": value for key, value in batch.mapping.items()}
    checked = client.post(reverse("transfer:map", args=[batch.pk]), data)
    assert checked["Location"] == reverse("transfer:preview", args=[batch.pk])
    preview = client.get(checked["Location"]).content.decode()
    assert "Ready to import" in preview
    assert not Account.objects.filter(external_id__startswith="KA-").exists()

    confirmed = client.post(reverse("transfer:confirm", args=[batch.pk]))

    assert confirmed["Location"] == reverse("accounts:portfolio")
    assert Account.objects.filter(external_id__startswith="KA-").count() == 4
    assert not ImportBatch.objects.exists()  # the upload is not kept


def test_the_preview_lists_row_problems_and_offers_no_confirm(leader: Any) -> None:
    client = signed_in(leader)
    upload(client, "accounts_pl_cp1250_with_error.csv")
    batch = ImportBatch.objects.get()
    client.post(
        reverse("transfer:map", args=[batch.pk]),
        {f"map_{key}": value for key, value in batch.mapping.items()},
    )
    page = client.get(reverse("transfer:preview", args=[batch.pk]))
    html = page.content.decode()
    assert "The file has problems" in html
    assert "“Atlantyda” is not a country" in html
    assert reverse("transfer:confirm", args=[batch.pk]) not in html
    assert client.post(reverse("transfer:confirm", args=[batch.pk])).status_code == 302
    assert not Account.objects.filter(external_id__startswith="KA-").exists()


def test_a_broken_or_oversized_file_is_refused_on_the_upload_form(
    leader: Any, settings: Any
) -> None:
    client = signed_in(leader)
    broken = upload(client, "broken.xlsx")
    assert broken.status_code == 400
    assert "not a readable XLSX workbook" in broken.content.decode()
    settings.HEXAD_IMPORT_MAX_BYTES = 2048
    big = client.post(
        reverse("transfer:upload"),
        {"kind": "accounts", "file": SimpleUploadedFile("big.csv", b"Name\n" + b"x" * 4096)},
    )
    assert big.status_code == 400
    assert "at most 0.0 MB" in big.content.decode() or "Hexad imports files" in big.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_column_chosen_twice_is_named(leader: Any) -> None:
    client = signed_in(leader)
    upload(client, "accounts_pl_cp1250.csv")
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("transfer:map", args=[batch.pk]), {"map_name": "1", "map_description": "1"}
    )
    assert response.status_code == 400
    assert "This column is already chosen for “Name”." in response.content.decode()


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_only_those_who_manage_the_portfolio_may_import(persona: str, request: Any) -> None:
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(reverse("transfer:upload")).status_code == 403
    assert upload(client, "accounts_pl_cp1250.csv").status_code == 403
    assert client.get(reverse("transfer:roles")).status_code == 403
    assert not ImportBatch.objects.exists()


def test_someone_elses_upload_is_not_found(leader: Any, admin_user: Any) -> None:
    upload(signed_in(leader), "accounts_pl_cp1250.csv")
    batch = ImportBatch.objects.get()
    other = signed_in(admin_user)
    assert other.get(reverse("transfer:map", args=[batch.pk])).status_code == 404
    assert other.post(reverse("transfer:confirm", args=[batch.pk])).status_code == 404


def test_the_role_mapping_is_edited_on_its_page(leader: Any) -> None:
    client = signed_in(leader)
    engineer = SalesforceRoleMapping.objects.get(team_role="Sales Engineer")
    innovator = Role.objects.get(key="innovator")
    page = client.get(reverse("transfer:roles")).content.decode()
    assert "Sales Engineer" in page

    saved = client.post(
        reverse("transfer:role-edit", args=[engineer.pk]),
        {"team_role": "Sales Engineer", "role": innovator.pk, "degree": "lead"},
    )
    added = client.post(
        reverse("transfer:roles"),
        {"team_role": "Bid Manager", "role": "", "degree": "contributing"},
    )
    taken = client.post(
        reverse("transfer:roles"), {"team_role": "sales engineer", "role": "", "degree": "lead"}
    )

    assert (saved.status_code, added.status_code, taken.status_code) == (302, 302, 400)
    engineer.refresh_from_db()
    assert (engineer.role, engineer.degree) == (innovator, "lead")
    assert SalesforceRoleMapping.objects.get(team_role="Bid Manager").role is None
    assert "The team role sales engineer is already mapped." in taken.content.decode()


def test_the_role_mapping_page_reads_a_fixed_number_of_queries(
    leader: Any, django_assert_num_queries: Any
) -> None:
    client = signed_in(leader)
    client.get(reverse("transfer:roles"))
    # session, user, the mappings with their roles (the form's role choices come from the
    # role catalogue, kept since the first view)
    with django_assert_num_queries(3):
        client.get(reverse("transfer:roles"))
