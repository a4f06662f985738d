import pytest
from django.urls import reverse

from hexad.accounts.models import TeamMembership
from hexad.people.tests.factories import PersonFactory
from hexad.roles.models import Role


@pytest.mark.django_db
def test_leader_walks_through_the_main_pages(client, leader, account):
    client.force_login(leader)
    for url in [
        reverse("accounts:portfolio"),
        reverse("accounts:detail", args=[account.pk]),
        reverse("people:list"),
        reverse("people:detail", args=[account.lead.pk]),
        reverse("roles:guide"),
        reverse("accounts:create"),
        reverse("accounts:edit", args=[account.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_adding_a_technical_expert_shows_in_the_role_panel(client, leader, account):
    client.force_login(leader)
    person = PersonFactory(full_name="Tomasz Technik")
    expert = Role.objects.get(key="technical-expert")
    response = client.post(
        reverse("accounts:member-add", args=[account.pk]),
        {"person": person.pk, "allocation": 15, "role": expert.pk, "degree": "lead"},
        headers={"HX-Request": "true", "HX-Target": "team"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tomasz Technik" in html
    assert (
        TeamMembership.objects.get(account=account, person=person).assignments.get().role == expert
    )
