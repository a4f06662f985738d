"""Writes of the import: uploads awaiting confirmation, the import itself and the
Salesforce team-role mapping."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexad.people.models import User
from hexad.roles.models import Role
from hexad.transfer.engine import ImportResult, Progress, run_import, suggest_mapping
from hexad.transfer.importers import IMPORTERS
from hexad.transfer.models import BATCH_LIFETIME, ImportBatch, SalesforceRoleMapping
from hexad.transfer.readers import FileProblem, open_table

BATCH_CHANGED = _("The preview is out of date; check the file again before importing it.")
TEAM_ROLE_REQUIRED = _("Give the Salesforce team role's name.")
TEAM_ROLE_TAKEN = _("The team role %(name)s is already mapped.")


def import_file(
    *,
    kind: str,
    stream: IO[bytes],
    name: str,
    mapping: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool,
    progress: Progress | None = None,
    actor: User | None = None,
) -> ImportResult:
    """Imports a file straight from a stream (the `hexad import` command). `mapping` names
    the file's column for a field where the headers do not say it already; `actor` is
    the user the history names (none: the import itself)."""
    table = open_table(stream, name)
    try:
        columns = suggest_mapping(kind, table.header)
        for key, header in (mapping or {}).items():
            if header not in table.header:
                raise FileProblem(f"The file has no column {header!r} (for {key}).")
            columns[key] = table.header.index(header)
        return run_import(
            kind=kind,
            header=table.header,
            rows=table.rows,
            mapping=columns,
            options=options,
            dry_run=dry_run,
            progress=progress,
            total=table.estimated_rows,
            actor=actor,
        )
    finally:
        table.close()


def batch_create(*, owner: User, kind: str, stream: IO[bytes], name: str) -> ImportBatch:
    """Reads an upload into a batch awaiting its owner's mapping (the file is not kept).

    Raises FileProblem when the file is too large or cannot be read.
    """
    if kind not in IMPORTERS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    table = open_table(stream, name)
    try:
        rows = list(table.rows)
    finally:
        table.close()
    ImportBatch.objects.filter(created_at__lt=timezone.now() - BATCH_LIFETIME).delete()
    return ImportBatch.objects.create(
        owner=owner,
        kind=kind,
        file_name=name[-200:],
        file_format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        header=table.header,
        rows=rows,
        mapping=suggest_mapping(kind, table.header),
    )


def batch_check(
    *, batch: ImportBatch, mapping: dict[str, int], options: dict[str, Any]
) -> ImportResult:
    """Stores the chosen mapping and the dry run's result on the batch."""
    result = run_import(
        kind=batch.kind,
        header=batch.header,
        rows=batch.rows,
        mapping=mapping,
        options=options,
        dry_run=True,
        actor=batch.owner,
    )
    batch.mapping = mapping
    batch.options = options
    batch.result = result.as_dict()
    batch.save(update_fields=["mapping", "options", "result"])
    return result


def batch_confirm(*, batch: ImportBatch) -> ImportResult:
    """Imports the batch for real, by its owner, with the mapping its dry run used; on
    success the batch is deleted, otherwise its result shows the problems found now."""
    if batch.result is None:
        raise ValidationError(BATCH_CHANGED)
    result = run_import(
        kind=batch.kind,
        header=batch.header,
        rows=batch.rows,
        mapping={key: int(index) for key, index in batch.mapping.items()},
        options=batch.options,
        dry_run=False,
        actor=batch.owner,
    )
    if result.written:
        batch.delete()
    else:
        batch.result = result.as_dict()
        batch.save(update_fields=["result"])
    return result


def batch_cancel(*, batch: ImportBatch) -> None:
    batch.delete()


@transaction.atomic
def role_mapping_save(
    *, mapping: SalesforceRoleMapping | None, team_role: str, role: Role | None, degree: str
) -> SalesforceRoleMapping:
    """Adds a team role's mapping, or changes one."""
    name = " ".join(team_role.split())
    if not name:
        raise ValidationError({"team_role": TEAM_ROLE_REQUIRED})
    clash = SalesforceRoleMapping.objects.filter(team_role__iexact=name)
    if mapping is not None:
        clash = clash.exclude(pk=mapping.pk)
    if clash.exists():
        raise ValidationError({"team_role": TEAM_ROLE_TAKEN % {"name": name}})
    item = mapping or SalesforceRoleMapping()
    item.team_role = name
    item.role = role
    item.degree = degree
    item.full_clean()
    item.save()
    return item


def role_mapping_delete(*, mapping: SalesforceRoleMapping) -> None:
    mapping.delete()
