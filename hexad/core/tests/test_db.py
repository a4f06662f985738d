import pytest
from django.db import connection, transaction

from hexad.core.db import refresh_statistics


@pytest.mark.django_db(transaction=True)
def test_statistics_are_refreshed_on_postgresql_only() -> None:
    assert refresh_statistics() is (connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
def test_nothing_is_done_inside_a_transaction() -> None:
    with transaction.atomic():
        assert refresh_statistics() is False
