"""The relationship pages; one module per group of pages."""

from hexad.relationships.views.activity import (
    concern_add,
    concern_edit,
    concern_list,
    concern_resolve,
    interaction_add,
    interaction_list,
)
from hexad.relationships.views.charts import org_chart_page, two_sided_page
from hexad.relationships.views.stakeholders import (
    relationship_add,
    relationship_edit,
    relationships_board,
    stakeholder_add,
    stakeholder_detail,
    stakeholder_edit,
    stakeholder_erase,
    stakeholder_leave,
    stakeholder_move,
)

__all__ = [
    "concern_add",
    "concern_edit",
    "concern_list",
    "concern_resolve",
    "interaction_add",
    "interaction_list",
    "org_chart_page",
    "relationship_add",
    "relationship_edit",
    "relationships_board",
    "stakeholder_add",
    "stakeholder_detail",
    "stakeholder_edit",
    "stakeholder_erase",
    "stakeholder_leave",
    "stakeholder_move",
    "two_sided_page",
]
