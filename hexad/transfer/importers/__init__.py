"""The importers, one per kind of row, in the order a whole programme is loaded."""

from __future__ import annotations

from hexad.transfer.importers.accounts import AccountImporter, MembershipImporter, PersonImporter
from hexad.transfer.importers.base import Importer
from hexad.transfer.importers.growth import FinancialImporter, OpportunityImporter
from hexad.transfer.importers.planning import ActionImporter
from hexad.transfer.importers.staffing import ConflictImporter, RoleRestrictionImporter
from hexad.transfer.importers.stakeholders import StakeholderImporter

IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        PersonImporter,
        AccountImporter,
        MembershipImporter,
        StakeholderImporter,
        OpportunityImporter,
        FinancialImporter,
        ActionImporter,
        ConflictImporter,
        RoleRestrictionImporter,
    )
}
KIND_CHOICES = [(kind, importer.label) for kind, importer in IMPORTERS.items()]
