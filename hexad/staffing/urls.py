from django.urls import path

from hexad.staffing import views

app_name = "staffing"

urlpatterns = [
    path("", views.designer, name="designer"),
    path("runs/", views.run_create, name="run-create"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/apply/", views.run_apply, name="run-apply"),
]
