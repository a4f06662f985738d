"""The domain models that keep field history, and who may read each one's.

Not tracked, on purpose: tables computed from the others and rewritten by the engines
(coverage cells and summaries, coverage snapshots and their totals, growth figures and
offering adoption, planning summaries, review snapshots), job bookkeeping (daily runs, the
digest's last-sent day), and the link rows of an interaction's participants (recorded as
the interaction's "our people" and "their stakeholders").
"""

from __future__ import annotations

from hexad.history.registry import Visibility, register


def register_domain_models() -> None:
    from hexad.accounts.models import Account, BusinessUnit, RoleAssignment, TeamMembership, Tier
    from hexad.api.models import ApiToken
    from hexad.growth.models import (
        AccountGrowthPlan,
        FinancialPeriod,
        Offering,
        Opportunity,
        ValueInitiative,
        WhitespaceCell,
    )
    from hexad.people.models import CompetencyRating, Department, DevelopmentNote, Person, User
    from hexad.planning.models import (
        AccountPlan,
        Action,
        Blocker,
        CalendarToken,
        Objective,
        ResourceRequest,
        Review,
        Risk,
    )
    from hexad.relationships.models import Interaction, Relationship, Stakeholder, TechnicalConcern
    from hexad.roles.models import Role
    from hexad.staffing.models import Conflict, RoleRestriction

    everyone, managers, admins = Visibility.EVERYONE, Visibility.MANAGERS, Visibility.ADMINS
    account = Visibility.ACCOUNT

    # people and roles
    register(User, visibility=admins)
    register(Department, visibility=everyone)
    register(Person, visibility=everyone)
    register(CompetencyRating, visibility=managers)
    register(DevelopmentNote, visibility=managers)
    register(Role, visibility=everyone)
    # accounts and teams
    register(Tier, visibility=everyone, m2m=("required_roles",))
    register(Account, visibility=account)
    register(BusinessUnit, visibility=account, account_path="account")
    register(TeamMembership, visibility=account, account_path="account")
    register(RoleAssignment, visibility=account, account_path="membership__account")
    # relationships
    register(Stakeholder, visibility=account, account_path="account")
    register(Relationship, visibility=account, account_path="stakeholder__account")
    register(Interaction, visibility=account, account_path="account")
    register(TechnicalConcern, visibility=account, account_path="account")
    # growth
    register(Offering, visibility=everyone)
    register(AccountGrowthPlan, visibility=account, account_path="account")
    register(FinancialPeriod, visibility=account, account_path="account")
    register(WhitespaceCell, visibility=account, account_path="account")
    register(Opportunity, visibility=account, account_path="account")
    register(ValueInitiative, visibility=account, account_path="account")
    # planning
    register(AccountPlan, visibility=account, account_path="account")
    register(Objective, visibility=account, account_path="plan__account")
    register(Action, visibility=account, account_path="account")
    register(Review, visibility=account, account_path="account", m2m=("people", "stakeholders"))
    register(ResourceRequest, visibility=account, account_path="plan__account")
    register(Risk, visibility=account, account_path="plan__account")
    register(Blocker, visibility=account, account_path="account")
    # team designer: pairs it never proposes
    register(Conflict, visibility=managers)
    register(RoleRestriction, visibility=managers)
    # access tokens: who made or revoked one, never the secret
    register(ApiToken, visibility=admins, exclude=("digest", "last_used_at"))
    register(CalendarToken, visibility=admins, exclude=("token_hash",))
