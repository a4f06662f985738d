"""Growth pages: one module per page group (docs/growth.md lists the routes)."""

from hexad.growth.views.account import (
    account_growth,
    account_summary,
    financial_add,
    financial_delete,
    financial_edit,
    plan_edit,
)
from hexad.growth.views.initiatives import initiative_create, initiative_edit, initiatives
from hexad.growth.views.opportunities import (
    export_csv as opportunities_csv,
)
from hexad.growth.views.opportunities import (
    export_xlsx as opportunities_xlsx,
)
from hexad.growth.views.opportunities import (
    opportunities,
    opportunity_create,
    opportunity_edit,
)
from hexad.growth.views.portfolio import (
    adoption,
    adoption_offering,
    offering_create,
    offering_edit,
    offerings,
    portfolio,
)
from hexad.growth.views.whitespace import cell_edit, whitespace
from hexad.growth.views.whitespace import export_csv as whitespace_csv
from hexad.growth.views.whitespace import export_xlsx as whitespace_xlsx

__all__ = [
    "account_growth",
    "account_summary",
    "adoption",
    "adoption_offering",
    "cell_edit",
    "financial_add",
    "financial_delete",
    "financial_edit",
    "initiative_create",
    "initiative_edit",
    "initiatives",
    "offering_create",
    "offering_edit",
    "offerings",
    "opportunities",
    "opportunities_csv",
    "opportunities_xlsx",
    "opportunity_create",
    "opportunity_edit",
    "plan_edit",
    "portfolio",
    "whitespace",
    "whitespace_csv",
    "whitespace_xlsx",
]
