"""Database upkeep shared by the commands that write many rows at once."""

from __future__ import annotations

from django.db import connections, transaction


def refresh_statistics(using: str = "default") -> bool:
    """Has PostgreSQL gather fresh planner statistics (`ANALYZE`) after a bulk load.

    Autovacuum analyses a table only some time after it changed; until then the planner
    still believes the tables are as small as before the load, and picks plans that made
    a page of the large portfolio 3–4 times slower. SQLite plans well without statistics,
    so nothing is done there. Runs only outside a transaction (the load's rows must be
    committed to be counted); returns whether it ran.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or transaction.get_connection(using).in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
