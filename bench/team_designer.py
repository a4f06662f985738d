"""Prints the team designer's figures on the seeded instances of QUALITY.md Q17.

    .venv/bin/python bench/team_designer.py [--sizes 1000x300,5000x1500] [--time-limit 60]

For 1,000 accounts × 6 roles × 300 people and 5,000 × 6 × 1,500 (fits 0–5, ~10 %
forbidden person–account pairs, 70 % of slots with a current holder, 22 slots per person):
with slot capacities only, and again with role hours (8, 5, 4, 3, 1, 1), 77 hours per
person and at most 2 roles per person per account. Each case runs in a fresh process (as
`hexad worker` runs a solve), which reports its time, objective, proven bound and gap, peak
memory (the process's maximum resident set), and the greedy baseline's objective.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def case(accounts: int, people: int, hours: bool, time_limit: float, out) -> None:  # type: ignore[no-untyped-def]
    from hexad.staffing.solver import Options, solve
    from hexad.staffing.solver.instances import q17

    problem = q17(accounts, people, with_hours=hours, per_account_limit=2 if hours else None)
    started = time.perf_counter()
    proposal = solve(problem, Options(time_limit=time_limit))
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB
    out.put(
        {
            "seconds": took,
            "objective": proposal.objective,
            "bound": proposal.bound,
            "gap": proposal.gap,
            "filled": proposal.filled,
            "slots": len(problem.slots),
            "greedy": proposal.greedy_objective,
            "peak_mib": peak,
            "method": proposal.method,
            "kept": proposal.candidates_kept,
            "total": proposal.candidates_total,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000x300,5000x1500")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print(
        f"{'instance':<26} {'time':>8} {'objective':>11} {'bound':>11} {'gap':>9} "
        f"{'filled':>13} {'peak MiB':>9} {'greedy':>11}  method (pairs kept / allowed)"
    )
    for size in args.sizes.split(","):
        accounts, people = (int(x) for x in size.split("x"))
        for hours in (False, True):
            out = context.Queue()
            child = context.Process(
                target=case, args=(accounts, people, hours, args.time_limit, out)
            )
            child.start()
            r = out.get()
            child.join()
            label = f"{accounts}x6x{people} {'hours+limit' if hours else 'slots only'}"
            print(
                f"{label:<26} {r['seconds']:>7.1f}s {r['objective']:>11,} {r['bound']:>11,} "
                f"{r['gap']:>9.4%} {r['filled']:>6,}/{r['slots']:<6,} {r['peak_mib']:>9,.0f} "
                f"{r['greedy']:>11,}  {r['method']} ({r['kept']:,} / {r['total']:,})",
                flush=True,
            )


if __name__ == "__main__":
    main()
