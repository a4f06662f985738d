from django.urls import path

from hexad.api import views as token_views
from hexad.people import views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/ratings/add/", views.rating_add, name="rating-add"),
    path("<int:pk>/notes/add/", views.note_add, name="note-add"),
    path("<int:pk>/notes/<int:note_pk>/done/", views.note_done, name="note-done"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token-revoke"),
]
