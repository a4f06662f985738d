"""Relationship pages, all below an account: /accounts/<account_pk>/relationships/… and
/accounts/<account_pk>/orgchart/ (included under "accounts/", after the account pages)."""

from django.urls import path

from hexad.relationships import views

app_name = "relationships"

urlpatterns = [
    path("<int:account_pk>/relationships/", views.relationships_board, name="board"),
    path(
        "<int:account_pk>/relationships/stakeholders/add/",
        views.stakeholder_add,
        name="stakeholder-add",
    ),
    path(
        "<int:account_pk>/relationships/stakeholders/<int:pk>/",
        views.stakeholder_detail,
        name="stakeholder",
    ),
    path(
        "<int:account_pk>/relationships/stakeholders/<int:pk>/edit/",
        views.stakeholder_edit,
        name="stakeholder-edit",
    ),
    path(
        "<int:account_pk>/relationships/stakeholders/<int:pk>/move/",
        views.stakeholder_move,
        name="stakeholder-move",
    ),
    path(
        "<int:account_pk>/relationships/stakeholders/<int:pk>/leave/",
        views.stakeholder_leave,
        name="stakeholder-leave",
    ),
    path(
        "<int:account_pk>/relationships/stakeholders/<int:pk>/relationships/add/",
        views.relationship_add,
        name="relationship-add",
    ),
    path(
        "<int:account_pk>/relationships/levels/<int:pk>/edit/",
        views.relationship_edit,
        name="relationship-edit",
    ),
    path(
        "<int:account_pk>/relationships/interactions/", views.interaction_list, name="interactions"
    ),
    path(
        "<int:account_pk>/relationships/interactions/new/",
        views.interaction_add,
        name="interaction-add",
    ),
    path("<int:account_pk>/relationships/two-sided/", views.two_sided_page, name="two-sided"),
    path("<int:account_pk>/relationships/concerns/", views.concern_list, name="concerns"),
    path("<int:account_pk>/relationships/concerns/add/", views.concern_add, name="concern-add"),
    path(
        "<int:account_pk>/relationships/concerns/<int:pk>/edit/",
        views.concern_edit,
        name="concern-edit",
    ),
    path(
        "<int:account_pk>/relationships/concerns/<int:pk>/resolve/",
        views.concern_resolve,
        name="concern-resolve",
    ),
    path("<int:account_pk>/orgchart/", views.org_chart_page, name="orgchart"),
    path(
        "<int:account_pk>/relationships/stakeholders/<int:pk>/erase/",
        views.stakeholder_erase,
        name="stakeholder-erase",
    ),
]
