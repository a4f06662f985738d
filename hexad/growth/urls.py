"""Growth pages under /growth/: portfolio-wide pages, then each account's."""

from django.urls import path

from hexad.growth import views

app_name = "growth"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("offerings/", views.offerings, name="offerings"),
    path("offerings/new/", views.offering_create, name="offering-create"),
    path("offerings/<int:offering_pk>/edit/", views.offering_edit, name="offering-edit"),
    path("adoption/", views.adoption, name="adoption"),
    path("adoption/<int:offering_pk>/", views.adoption_offering, name="adoption-offering"),
    path("accounts/<int:pk>/", views.account_growth, name="account"),
    path("accounts/<int:pk>/summary/", views.account_summary, name="account-summary"),
    path("accounts/<int:pk>/ambition/", views.plan_edit, name="plan-edit"),
    path("accounts/<int:pk>/financials/add/", views.financial_add, name="financial-add"),
    path(
        "accounts/<int:pk>/financials/<int:period_pk>/edit/",
        views.financial_edit,
        name="financial-edit",
    ),
    path(
        "accounts/<int:pk>/financials/<int:period_pk>/delete/",
        views.financial_delete,
        name="financial-delete",
    ),
    path("accounts/<int:pk>/whitespace/", views.whitespace, name="whitespace"),
    path(
        "accounts/<int:pk>/whitespace/<int:unit_pk>/<int:offering_pk>/",
        views.cell_edit,
        name="cell-edit",
    ),
    path("accounts/<int:pk>/whitespace.csv", views.whitespace_csv, name="whitespace-csv"),
    path("accounts/<int:pk>/whitespace.xlsx", views.whitespace_xlsx, name="whitespace-xlsx"),
    path("accounts/<int:pk>/opportunities/", views.opportunities, name="opportunities"),
    path(
        "accounts/<int:pk>/opportunities/new/",
        views.opportunity_create,
        name="opportunity-create",
    ),
    path(
        "accounts/<int:pk>/opportunities/<int:opportunity_pk>/edit/",
        views.opportunity_edit,
        name="opportunity-edit",
    ),
    path("accounts/<int:pk>/opportunities.csv", views.opportunities_csv, name="opportunities-csv"),
    path(
        "accounts/<int:pk>/opportunities.xlsx",
        views.opportunities_xlsx,
        name="opportunities-xlsx",
    ),
    path("accounts/<int:pk>/initiatives/", views.initiatives, name="initiatives"),
    path("accounts/<int:pk>/initiatives/new/", views.initiative_create, name="initiative-create"),
    path(
        "accounts/<int:pk>/initiatives/<int:initiative_pk>/edit/",
        views.initiative_edit,
        name="initiative-edit",
    ),
]
