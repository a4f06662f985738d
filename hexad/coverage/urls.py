from django.urls import path

from hexad.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.heatmap, name="heatmap"),
    path("recompute/", views.recompute, name="recompute"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("trend/", views.trend, name="trend"),
    path("trend/snapshot/", views.snapshot_take, name="snapshot-take"),
]
