"""The history of any tracked record: /history/<app_label.model>/<pk>/."""

from django.urls import path

from hexad.history import views

app_name = "history"

urlpatterns = [
    path("<str:label>/<int:pk>/", views.history_panel, name="panel"),
]
