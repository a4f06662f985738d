"""Salesforce's usual account team roles (TeamMemberRole) and the Hexad role each means,
as a new instance starts with them; leaders and administrators change them on the
Salesforce team roles page."""

from __future__ import annotations

# team role -> (Hexad role key or "" for none, degree)
DEFAULT_ROLE_MAPPING: dict[str, tuple[str, str]] = {
    "Account Manager": ("results-driver", "lead"),
    "Sales Rep": ("results-driver", "contributing"),
    "Sales Manager": ("results-driver", "contributing"),
    "Executive Sponsor": ("relationship-manager", "lead"),
    "Client Partner": ("relationship-manager", "contributing"),
    "Channel Manager": ("collaborator", "contributing"),
    "Lead Qualifier": ("", "contributing"),
    "Pre-Sales Consultant": ("technical-expert", "contributing"),
    "Sales Engineer": ("technical-expert", "contributing"),
    "Solution Consultant": ("technical-expert", "contributing"),
    "Technical Sales": ("technical-expert", "contributing"),
    "Project Manager": ("project-manager", "lead"),
    "Delivery Manager": ("project-manager", "contributing"),
    "Customer Success Manager": ("collaborator", "contributing"),
    "Support": ("collaborator", "contributing"),
    "Product Specialist": ("innovator", "contributing"),
    "Innovation Lead": ("innovator", "lead"),
}


def seed(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Adds the default mappings that are not there yet (safe to run again)."""
    mapping = apps.get_model("transfer", "SalesforceRoleMapping")
    role = apps.get_model("roles", "Role")
    roles = {r.key: r for r in role.objects.all()}
    present = set(mapping.objects.values_list("team_role", flat=True))
    mapping.objects.bulk_create(
        mapping(team_role=team_role, role=roles.get(key), degree=degree)
        for team_role, (key, degree) in DEFAULT_ROLE_MAPPING.items()
        if team_role not in present and (not key or key in roles)
    )
