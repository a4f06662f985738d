from django.urls import path

from hexad.accounts import views, views_competencies

app_name = "accounts"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("new/", views.account_create, name="create"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/edit/", views.account_edit, name="edit"),
    path("<int:pk>/competencies/", views_competencies.team_competencies_view, name="competencies"),
    path("<int:pk>/team/add/", views.member_add, name="member-add"),
    path("<int:pk>/team/<int:membership_pk>/edit/", views.member_edit, name="member-edit"),
    path("<int:pk>/team/<int:membership_pk>/remove/", views.member_remove, name="member-remove"),
    path(
        "<int:pk>/team/<int:membership_pk>/roles/add/",
        views.assignment_add,
        name="assignment-add",
    ),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/remove/",
        views.assignment_remove,
        name="assignment-remove",
    ),
]
