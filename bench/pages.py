"""Prints server time per request for the main pages at the "large" shape (QUALITY.md Q15).

    .venv/bin/python bench/pages.py [--data-dir DIR] [--requests N]

Uses the same database as bench/coverage.py (building the large demo portfolio the first
time), signs in as the demo programme leader and as the demo member, and requests each
page N times through Django's test client (no network): median and p95 in milliseconds,
and the number of queries of one request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="/tmp/hexad-bench-large")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    args = parser.parse_args()
    os.environ.setdefault("HEXAD_DATA_DIR", args.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexad.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from hexad.accounts.models import Account
    from hexad.people.models import User

    call_command("migrate", verbosity=0)
    if not Account.objects.exists():
        print("Building the large demo portfolio (once)...", flush=True)
        call_command("demo", size="large", quiet=True)

    member = User.objects.get(username="member")
    some_account = Account.objects.filter(memberships__person__user=member).first()
    assert some_account is not None
    person_pk = member.person.pk
    pages = [
        ("portfolio list", "leader", reverse("accounts:portfolio"), {}),
        ("portfolio, filtered and sorted", "leader",
         reverse("accounts:portfolio") + "?industry=energy&sort=-lead", {}),
        ("portfolio partial (HTMX search)", "leader", reverse("accounts:portfolio") + "?q=sp",
         {"HX-Request": "true", "HX-Target": "portfolio-results"}),
        ("account detail", "member", reverse("accounts:detail", args=[some_account.pk]), {}),
        ("people list", "leader", reverse("people:list"), {}),
        ("person detail", "leader", reverse("people:detail", args=[person_pk]), {}),
        ("coverage heatmap (portfolio-wide)", "leader", reverse("coverage:heatmap"), {}),
        ("coverage trend (portfolio-wide)", "leader", reverse("coverage:trend"), {}),
        ("role guide", "member", reverse("roles:guide"), {}),
        *planning_and_growth_pages(some_account),
    ]  # fmt: skip
    pages = [page for page in pages if args.only in page[0]]
    clients = {}
    for username in ("leader", "member"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get("/")
        clients[username] = client

    print(f"database: {connection.vendor}, accounts: {Account.objects.count():,}")
    print(f"{'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, username, url, headers in pages:
        client = clients[username]
        client.get(url, headers=headers)  # warm up
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, headers=headers)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{label:<36} {statistics.median(times):>10.1f} {p95:>8.1f} {len(queries):>8}")


def planning_and_growth_pages(account: Any) -> list[tuple[str, str, str, dict[str, str]]]:
    """The account's plan, reviews, report and growth pages, and the portfolio-wide ones."""
    from django.urls import reverse

    from hexad.planning.models import AccountPlan, Review

    pages = []
    plan = AccountPlan.objects.filter(account=account).order_by("-period_start").first()
    review = Review.objects.filter(account=account).order_by("-held_on").first()
    on_account = {"account_pk": account.pk}
    if plan is not None:
        pages.append(("plan page", "member", reverse("planning:plan-detail",
                      kwargs={**on_account, "pk": plan.pk}), {}))  # fmt: skip
    if review is not None:
        pages.append(("review detail", "member", reverse("planning:review-detail",
                      kwargs={**on_account, "pk": review.pk}), {}))  # fmt: skip
        pages.append(("review form (edit)", "member", reverse("planning:review-edit",
                      kwargs={**on_account, "pk": review.pk}), {}))  # fmt: skip
    return [
        *pages,
        ("reviews of an account", "member", reverse("planning:reviews", args=[account.pk]), {}),
        ("review form (new)", "member", reverse("planning:review-add", args=[account.pk]), {}),
        ("progress report", "member", reverse("planning:report", args=[account.pk]), {}),
        ("blockers of an account", "member", reverse("planning:blockers", args=[account.pk]), {}),
        ("planning portfolio", "leader", reverse("planning:portfolio"), {}),
        ("my work", "member", reverse("planning:my-work"), {}),
        ("growth of an account", "member", reverse("growth:account", args=[account.pk]), {}),
        ("whitespace of an account", "member", reverse("growth:whitespace", args=[account.pk]), {}),
        ("opportunities of an account", "member",
         reverse("growth:opportunities", args=[account.pk]), {}),
        ("initiatives of an account", "member",
         reverse("growth:initiatives", args=[account.pk]), {}),
        ("growth portfolio", "leader", reverse("growth:portfolio"), {}),
        ("adoption of new offerings", "leader", reverse("growth:adoption"), {}),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
