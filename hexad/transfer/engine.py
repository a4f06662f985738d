"""Running an import: map the columns, check and write every row in one transaction.

`run_import()` is the one entry for pages and the command. It always runs the whole
file inside `transaction.atomic()`; a dry run, or any row with a problem, rolls the whole
transaction back, so the dry run shows exactly what the real run would do (the same
checks, including those that need the rows before them) and a file with one bad row
writes nothing. Every change is recorded in the history with the source "import" and the
importing user (none from the command unless it names one); a dry run records nothing
and skips work that only keeps derived data in step with what it would write. Problems
name the row (as a spreadsheet numbers it: the header is row 1) and the column (the
file's own header).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from hexad.core.db import refresh_statistics
from hexad.history import context
from hexad.transfer.importers import IMPORTERS
from hexad.transfer.importers.base import CREATED, UNCHANGED, UPDATED, Importer, RowInvalid
from hexad.transfer.readers import FileProblem

MAX_PROBLEMS = 500  # listed; all are counted
PREVIEW_ROWS = 10
PROGRESS_EVERY = 1000
# After writing this many rows, PostgreSQL's planner statistics are refreshed at once.
LARGE_IMPORT = 10_000

Progress = Callable[[int, int | None], None]


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        problems = [Problem(**p) for p in data.get("problems", [])]
        return cls(**{**data, "problems": problems})

    def add_problem(self, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, str(message)))


class _Rollback(Exception):
    pass


def suggest_mapping(kind: str, header: list[str]) -> dict[str, int]:
    """Each field of `kind` -> the index of the first file column whose name means it."""
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    for column in IMPORTERS[kind].columns:
        for index, name in enumerate(header):
            if index not in taken and column.matches(name):
                mapping[column.key] = index
                taken.add(index)
                break
    return mapping


def missing_required(kind: str, mapping: dict[str, int]) -> list[str]:
    importer = IMPORTERS[kind]
    missing = [c.key for c in importer.columns if c.required and c.key not in mapping]
    # A name may come as one column or as first and last names.
    if "name" in missing and {"first_name", "last_name"} & set(mapping):
        missing.remove("name")
    if kind in ("people",) and not {"full_name", "first_name", "last_name"} & set(mapping):
        missing.append("full_name")
    return missing


def run_import(
    *,
    kind: str,
    header: list[str],
    rows: Iterable[list[str]],
    mapping: dict[str, int],
    options: dict[str, Any] | None = None,
    dry_run: bool,
    progress: Progress | None = None,
    total: int | None = None,
    actor: Any = None,
) -> ImportResult:
    importer_class = IMPORTERS[kind]
    result = ImportResult(kind=kind, dry_run=dry_run)
    column_names = {key: header[index] for key, index in mapping.items() if index < len(header)}
    for key in missing_required(kind, mapping):
        label = str(importer_class.column(key).label)
        result.add_problem(
            1, label, _("Choose the file's column for “%(field)s”.") % {"field": label}
        )
    if not result.ok:
        return result
    importer = importer_class(options=options or {}, dry_run=dry_run)
    try:
        with (
            context.recording(source=context.IMPORT, actor=actor),
            context.paused() if dry_run else contextlib.nullcontext(),
            transaction.atomic(),
        ):
            importer.prepare()
            _run_rows(importer, result, rows, mapping, column_names, progress, total)
            counts = importer.finish()
            for row, key, message in importer.late_problems:
                result.add_problem(row, column_names.get(key, key), message)
            result.created += counts.get(CREATED, 0)
            result.updated += counts.get(UPDATED, 0)
            result.unchanged += counts.get(UNCHANGED, 0)
            if dry_run or not result.ok:
                raise _Rollback
            result.written = True
    except _Rollback:
        pass
    except FileProblem as problem:
        result.add_problem(0, "", str(problem))
    except DatabaseError as error:
        result.add_problem(
            importer.row_number,
            "",
            _("The database refused the import: %(error)s") % {"error": str(error)[:200]},
        )
    if result.written and result.rows >= LARGE_IMPORT:
        refresh_statistics()
    if progress is not None:
        progress(result.rows, result.rows)
    return result


def _run_rows(
    importer: Importer,
    result: ImportResult,
    rows: Iterable[list[str]],
    mapping: dict[str, int],
    column_names: dict[str, str],
    progress: Progress | None,
    total: int | None,
) -> None:
    items = list(mapping.items())
    for number, cells in _numbered(rows):
        values = {key: (cells[index].strip() if index < len(cells) else "") for key, index in items}
        if not any(values.values()):
            continue
        result.rows += 1
        importer.row_number = number
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append({"row": str(number), **values})
        try:
            if importer.savepoint_per_row:
                with transaction.atomic():
                    outcome = importer.import_row(values)
            else:
                outcome = importer.import_row(values)
        except RowInvalid as invalid:
            for key, message in invalid.problems:
                result.add_problem(number, column_names.get(key, key), message)
        else:
            if outcome:
                setattr(result, outcome, getattr(result, outcome) + 1)
        if progress is not None and result.rows % PROGRESS_EVERY == 0:
            progress(result.rows, total)


def _numbered(rows: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Rows numbered as the spreadsheet shows them: the header is row 1."""
    yield from enumerate(rows, start=2)
