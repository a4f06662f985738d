"""Derived-data hooks: how domain writes tell insight apps that something changed.

Domain apps (accounts, people) must not import the insight apps built on them (coverage,
health, …), yet those keep derived tables in step with every write. An insight app
registers a refresher here in its AppConfig.ready(); a domain service calls
`accounts_changed(ids)` inside its transaction, so derived rows commit or roll back with
the change that caused them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

AccountsRefresher = Callable[[set[int]], None]
_refreshers: list[AccountsRefresher] = []


def register_accounts_refresher(refresher: AccountsRefresher) -> None:
    if refresher not in _refreshers:
        _refreshers.append(refresher)


def accounts_changed(account_ids: Iterable[int]) -> None:
    ids = {int(pk) for pk in account_ids}
    if not ids:
        return
    for refresher in _refreshers:
        refresher(ids)


PeopleRefresher = Callable[[set[int]], None]
_people_refreshers: list[PeopleRefresher] = []


def register_people_refresher(refresher: PeopleRefresher) -> None:
    if refresher not in _people_refreshers:
        _people_refreshers.append(refresher)


def people_changed(person_ids: Iterable[int]) -> None:
    """A person's ratings or capacity changed: every account they are on may change."""
    ids = {int(pk) for pk in person_ids}
    if not ids:
        return
    for refresher in _people_refreshers:
        refresher(ids)
