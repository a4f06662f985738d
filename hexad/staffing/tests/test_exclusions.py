"""The pages of the pairs the designer never proposes: conflicts (a person and an account)
and role restrictions (a department and a role); the type-ahead searches; the designer's
accounts chosen by type-ahead."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from hexad.accounts.tests.factories import AccountFactory
from hexad.people.tests.factories import DepartmentFactory, PersonFactory
from hexad.roles.models import Role
from hexad.staffing.models import Conflict, RoleRestriction, StaffingRun
from hexad.staffing.tests.factories import ConflictFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("staffing:exclusions")


@pytest.fixture
def pairs(db):
    """Ann Nowak ≠ Alfa Steel ("Former employee"), Ben Kowal ≠ Beta Foods; Finance may not
    play Technical Expert."""
    ann = PersonFactory(full_name="Ann Nowak")
    ben = PersonFactory(full_name="Ben Kowal")
    alfa = AccountFactory(name="Alfa Steel")
    beta = AccountFactory(name="Beta Foods")
    finance = DepartmentFactory(name="Finance")
    expert = Role.objects.get(key="technical-expert")
    return {
        "ann": ann,
        "ben": ben,
        "alfa": alfa,
        "beta": beta,
        "finance": finance,
        "expert": expert,
        "ann_alfa": ConflictFactory(person=ann, account=alfa, note="Former employee"),
        "ben_beta": ConflictFactory(person=ben, account=beta, note=""),
        "restriction": RoleRestriction.objects.create(department=finance, role=expert),
    }


def test_the_page_lists_conflicts_and_restrictions(client, leader, pairs):
    client.force_login(leader)
    response = client.get(PAGE)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert rows == [pairs["ann_alfa"], pairs["ben_beta"]]  # by account name
    assert response.context["restrictions"] == [pairs["restriction"]]
    text = response.content.decode()
    assert "Former employee" in text and "Technical Expert" in text
    assert f"/history/staffing.conflict/{pairs['ann_alfa'].pk}/" in text
    assert "2 conflicts" in text


@pytest.mark.parametrize(("query", "expected"), [("alfa", "ann_alfa"), ("KOWAL", "ben_beta")])
def test_search_by_account_or_person(client, leader, pairs, query, expected):
    client.force_login(leader)
    response = client.get(PAGE, {"q": query})
    assert list(response.context["page"].object_list) == [pairs[expected]]
    assert f'value="{query}"' in response.content.decode()


def test_a_search_matching_nothing_says_what_to_do(client, leader, pairs):
    client.force_login(leader)
    response = client.get(PAGE, {"q": "Gamma"})
    assert "No conflict matches “Gamma”" in response.content.decode()


def test_empty_page_says_what_to_do(client, leader):
    client.force_login(leader)
    text = client.get(PAGE).content.decode()
    assert "No conflicts recorded yet" in text
    assert "No role restrictions yet" in text


@override_settings(HEXAD_PAGE_SIZE=1)
def test_pages_keep_the_search(client, leader, pairs):
    ConflictFactory(person=pairs["ann"], account=pairs["beta"])
    client.force_login(leader)
    response = client.get(PAGE, {"q": "Ann"})
    assert response.context["page"].paginator.num_pages == 2
    assert f'href="{PAGE}?q=Ann&amp;page=2"' in response.content.decode()


def test_add_a_conflict_chosen_with_the_type_ahead(client, leader, pairs):
    client.force_login(leader)
    data = {
        "person": pairs["ben"].pk,
        "person_text": "Ben Kowal",
        "account": pairs["alfa"].pk,
        "account_text": "Alfa Steel",
        "note": "Sister is their CFO",
    }
    response = client.post(reverse("staffing:conflict-add"), data)
    assert response.status_code == 302
    added = Conflict.objects.get(person=pairs["ben"], account=pairs["alfa"])
    assert added.note == "Sister is their CFO"


def test_add_a_conflict_by_typed_names_without_the_script(client, leader, pairs):
    client.force_login(leader)
    data = {"person_text": "ann nowak", "account_text": "Beta", "note": ""}
    response = client.post(reverse("staffing:conflict-add"), data)
    assert response.status_code == 302
    assert Conflict.objects.filter(person=pairs["ann"], account=pairs["beta"]).exists()


def test_an_ambiguous_or_unknown_name_is_refused_naming_the_field(client, leader, pairs):
    PersonFactory(full_name="Ann Nowakowska")
    client.force_login(leader)
    data = {"person_text": "Ann", "account_text": "Omega", "note": "Kept"}
    response = client.post(reverse("staffing:conflict-add"), data)
    assert response.status_code == 400
    errors = response.context["conflict_form"].errors
    assert "Several people match “Ann” (Ann Nowak, Ann Nowakowska)" in errors["person"][0]
    assert "No account matches “Omega”" in errors["account"][0]
    assert Conflict.objects.count() == 2
    text = response.content.decode()
    assert 'value="Omega"' in text and 'value="Kept"' in text


def test_a_chosen_id_whose_name_was_then_changed_is_looked_up_again(client, leader, pairs):
    client.force_login(leader)
    data = {
        "person": pairs["ann"].pk,
        "person_text": "Ben Kowal",  # typed over the chosen name without the script
        "account": pairs["alfa"].pk,
        "account_text": "Alfa Steel",
    }
    client.post(reverse("staffing:conflict-add"), data)
    assert Conflict.objects.filter(person=pairs["ben"], account=pairs["alfa"]).exists()


def test_a_duplicate_conflict_is_refused_with_the_field_named(client, leader, pairs):
    client.force_login(leader)
    data = {
        "person": pairs["ann"].pk,
        "person_text": "Ann Nowak",
        "account": pairs["alfa"].pk,
        "account_text": "Alfa Steel",
        "note": "Again",
    }
    response = client.post(reverse("staffing:conflict-add"), data)
    assert response.status_code == 400
    errors = response.context["conflict_form"].errors
    assert errors["person"] == ["A conflict of Ann Nowak with Alfa Steel is already recorded."]
    assert Conflict.objects.count() == 2
    assert Conflict.objects.get(person=pairs["ann"]).note == "Former employee"
    assert 'value="Again"' in response.content.decode()


def test_edit_the_note(client, leader, pairs):
    client.force_login(leader)
    url = reverse("staffing:conflict-edit", args=[pairs["ann_alfa"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"/history/staffing.conflict/{pairs['ann_alfa'].pk}/" in page.content.decode()
    response = client.post(url, {"note": "  Left them in 2024  "})
    assert response.status_code == 302
    pairs["ann_alfa"].refresh_from_db()
    assert pairs["ann_alfa"].note == "Left them in 2024"


def test_a_note_too_long_is_refused_and_kept(client, leader, pairs):
    client.force_login(leader)
    url = reverse("staffing:conflict-edit", args=[pairs["ann_alfa"].pk])
    response = client.post(url, {"note": "x" * 301})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"note"}
    pairs["ann_alfa"].refresh_from_db()
    assert pairs["ann_alfa"].note == "Former employee"


def test_delete_a_conflict_asks_first(client, leader, pairs):
    client.force_login(leader)
    url = reverse("staffing:conflict-delete", args=[pairs["ann_alfa"].pk])
    page = client.get(url)
    assert "may propose Ann Nowak for Alfa Steel again" in page.content.decode()
    assert Conflict.objects.filter(pk=pairs["ann_alfa"].pk).exists()
    assert client.post(url).status_code == 302
    assert not Conflict.objects.filter(pk=pairs["ann_alfa"].pk).exists()
    assert Conflict.objects.filter(pk=pairs["ben_beta"].pk).exists()


def test_add_and_delete_a_role_restriction(client, leader, pairs):
    client.force_login(leader)
    innovator = Role.objects.get(key="innovator")
    response = client.post(
        reverse("staffing:restriction-add"),
        {"department": pairs["finance"].pk, "role": innovator.pk},
    )
    assert response.status_code == 302
    added = RoleRestriction.objects.get(role=innovator)
    assert added.department == pairs["finance"]
    url = reverse("staffing:restriction-delete", args=[added.pk])
    assert "people of Finance as Innovator again" in client.get(url).content.decode()
    client.post(url)
    assert list(RoleRestriction.objects.all()) == [pairs["restriction"]]


def test_a_duplicate_restriction_is_refused_with_the_field_named(client, leader, pairs):
    client.force_login(leader)
    response = client.post(
        reverse("staffing:restriction-add"),
        {"department": pairs["finance"].pk, "role": pairs["expert"].pk},
    )
    assert response.status_code == 400
    errors = response.context["restriction_form"].errors
    assert errors["role"] == [
        "People of Finance are already kept out of the role Technical Expert."
    ]
    assert RoleRestriction.objects.count() == 1
    # what was chosen stays chosen
    assert f'<option value="{pairs["finance"].pk}" selected>' in response.content.decode()


def test_a_restriction_needs_both_fields(client, leader, pairs):
    client.force_login(leader)
    response = client.post(reverse("staffing:restriction-add"), {"department": pairs["finance"].pk})
    assert response.status_code == 400
    assert response.context["restriction_form"].errors.keys() == {"role"}


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_only_managers_see_or_change_the_pairs(client, persona, request, pairs):
    client.force_login(request.getfixturevalue(persona))
    conflict, restriction = pairs["ann_alfa"], pairs["restriction"]
    for url in (
        PAGE,
        reverse("staffing:conflict-edit", args=[conflict.pk]),
        reverse("staffing:conflict-delete", args=[conflict.pk]),
        reverse("staffing:restriction-delete", args=[restriction.pk]),
        reverse("staffing:account-search") + "?q=Alfa",
        reverse("staffing:person-search") + "?q=Ann",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/history/staffing.conflict/{conflict.pk}/").status_code == 404
    posts = [
        (reverse("staffing:conflict-add"), {"person_text": "Ben Kowal", "account_text": "Alfa"}),
        (reverse("staffing:conflict-edit", args=[conflict.pk]), {"note": "Changed"}),
        (reverse("staffing:conflict-delete", args=[conflict.pk]), {}),
        (reverse("staffing:restriction-add"), {"department": pairs["finance"].pk, "role": 1}),
        (reverse("staffing:restriction-delete", args=[restriction.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Conflict.objects.count() == 2 and RoleRestriction.objects.count() == 1
    conflict.refresh_from_db()
    assert conflict.note == "Former employee"


def test_unknown_pairs_are_404(client, leader):
    client.force_login(leader)
    assert client.get(reverse("staffing:conflict-edit", args=[999])).status_code == 404
    assert client.post(reverse("staffing:restriction-delete", args=[999])).status_code == 404


def test_a_script_in_a_note_is_shown_as_text(client, leader, pairs):
    ConflictFactory(person=pairs["ben"], account=pairs["alfa"], note="<script>alert(1)</script>")
    client.force_login(leader)
    text = client.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize("extra", [0, 30])
def test_page_queries_do_not_grow(client, leader, pairs, extra, django_assert_num_queries):
    for _ in range(extra):
        ConflictFactory()
        RoleRestriction.objects.create(department=DepartmentFactory(), role=pairs["expert"])
    client.force_login(leader)
    client.get(reverse("home"))  # warm-up: stores the idle clock in the session
    # session, user, the conflicts' count, the page of conflicts (with person and account),
    # the restrictions (with department and role), the departments and roles of the form.
    with django_assert_num_queries(7):
        client.get(PAGE)


def test_the_searches_offer_matches(client, leader, pairs):
    AccountFactory(name="Alfa")
    client.force_login(leader)
    accounts = client.get(reverse("staffing:account-search"), {"q": "alfa"})
    names = [account.name for account in accounts.context["accounts"]]
    assert names == ["Alfa", "Alfa Steel"]  # the exact name first
    by_field = client.get(reverse("staffing:person-search"), {"person_text": "kowal"})
    assert [person.full_name for person in by_field.context["people"]] == ["Ben Kowal"]
    nothing = client.get(reverse("staffing:account-search"), {"q": "<b>zeta"})
    assert "No account matches “&lt;b&gt;zeta”" in nothing.content.decode()


def test_designer_links_the_pairs_and_lists_only_chosen_accounts(client, leader, pairs):
    for number in range(20):
        AccountFactory(name=f"Unchosen {number}")
    client.force_login(leader)
    text = client.get(reverse("staffing:designer")).content.decode()
    assert "People kept out of proposals: 2 conflicts, 1 role restriction." in text
    assert reverse("staffing:exclusions") in text
    assert "Unchosen" not in text  # the accounts come from the type-ahead
    response = client.post(
        reverse("staffing:run-create"),
        {"accounts": [pairs["alfa"].pk], "fill_weight": "-1", "fit_weight": 1,
         "continuity_bonus": 30, "slots_per_person": 2, "per_account_limit": 1,
         "hours_per_person": 40, "allocation": 10, "time_limit": 30},
    )  # fmt: skip
    assert not StaffingRun.objects.exists()
    text = response.content.decode()
    assert f'<option value="{pairs["alfa"].pk}" selected>Alfa Steel</option>' in text
    assert "Beta Foods" not in text and "Unchosen" not in text


def test_designer_refuses_an_unknown_account(client, leader, pairs):
    client.force_login(leader)
    response = client.post(
        reverse("staffing:run-create"),
        {"accounts": [999999], "fill_weight": 1000, "fit_weight": 1, "continuity_bonus": 30,
         "slots_per_person": 2, "per_account_limit": 1, "hours_per_person": 40,
         "allocation": 10, "time_limit": 30},
    )  # fmt: skip
    assert response.context["form"].errors.keys() == {"accounts"}
    assert not StaffingRun.objects.exists()
