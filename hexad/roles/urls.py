from django.urls import path

from hexad.roles import views

app_name = "roles"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("new/", views.role_edit, name="create"),
    path("<slug:key>/edit/", views.role_edit, name="edit"),
]
