"""Runs a solve in a child process with hard limits: address space (RLIMIT_AS) and wall
time. A solve that runs out of either is stopped and reported, never the web server or
the task worker."""

from __future__ import annotations

import multiprocessing
import queue
import resource
import time
from collections.abc import Callable
from typing import Any

from hexad.staffing.solver.model import Options, Problem, Proposal
from hexad.staffing.solver.solve import solve


class SolveFailed(RuntimeError):
    """The child ran out of memory or time, or failed."""


def _child(problem: Problem, options: Options, memory_bytes: int, out: Any) -> None:
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        proposal = solve(problem, options, progress=lambda stage, share: out.put(("p", share)))
        out.put(("ok", proposal))
    except MemoryError:
        out.put(("error", "memory"))
    except Exception as exc:  # the parent reports it; the child ends either way
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def solve_in_child(
    problem: Problem,
    options: Options,
    *,
    memory_bytes: int,
    wall_seconds: float,
    progress: Callable[[float], None] | None = None,
) -> Proposal:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_child, args=(problem, options, memory_bytes, out))
    child.start()
    deadline = time.monotonic() + wall_seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SolveFailed("time")
            try:
                kind, payload = out.get(timeout=min(1.0, left))
            except queue.Empty:
                if not child.is_alive():
                    raise SolveFailed("memory" if child.exitcode else "ended") from None
                continue
            if kind == "p":
                if progress:
                    progress(float(payload))
            elif kind == "ok":
                return payload
            else:
                raise SolveFailed(str(payload))
    finally:
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
