"""Helpers for the import tests."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hexad.transfer.engine import ImportResult
from hexad.transfer.services import import_file

FILES = Path(__file__).parent / "files"
SALESFORCE = FILES / "salesforce"


def run(kind: str, path: Path | str, *, dry_run: bool = False, **kwargs: Any) -> ImportResult:
    path = Path(path)
    with path.open("rb") as stream:
        return import_file(kind=kind, stream=stream, name=path.name, dry_run=dry_run, **kwargs)


def run_text(kind: str, text: str, *, name: str = "file.csv", encoding: str = "utf-8",
             **kwargs: Any) -> ImportResult:  # fmt: skip
    kwargs.setdefault("dry_run", False)
    return import_file(kind=kind, stream=io.BytesIO(text.encode(encoding)), name=name, **kwargs)


def problems(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in result.problems]


def counts(result: ImportResult) -> tuple[int, int, int]:
    return (result.created, result.updated, result.unchanged)
