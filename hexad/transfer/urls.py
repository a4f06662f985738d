from django.urls import path

from hexad.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.batch_map, name="map"),
    path("<int:pk>/preview/", views.batch_preview, name="preview"),
    path("<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.batch_cancel, name="cancel"),
    path("salesforce-roles/", views.role_mappings, name="roles"),
    path("salesforce-roles/<int:mapping_pk>/", views.role_mapping_edit, name="role-edit"),
    path(
        "salesforce-roles/<int:mapping_pk>/delete/",
        views.role_mapping_delete,
        name="role-delete",
    ),
]
