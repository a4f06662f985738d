from django.urls import path

from hexad.staffing import views

app_name = "staffing"

urlpatterns = [
    path("", views.designer, name="designer"),
    path("runs/", views.run_create, name="run-create"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/apply/", views.run_apply, name="run-apply"),
    path("exclusions/", views.exclusions, name="exclusions"),
    path("exclusions/conflicts/add/", views.conflict_add, name="conflict-add"),
    path("exclusions/conflicts/<int:pk>/", views.conflict_edit, name="conflict-edit"),
    path("exclusions/conflicts/<int:pk>/delete/", views.conflict_delete, name="conflict-delete"),
    path("exclusions/restrictions/add/", views.restriction_add, name="restriction-add"),
    path(
        "exclusions/restrictions/<int:pk>/delete/",
        views.restriction_delete,
        name="restriction-delete",
    ),
    path("search/accounts/", views.account_search, name="account-search"),
    path("search/people/", views.person_search, name="person-search"),
]
