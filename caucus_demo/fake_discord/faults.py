"""Injected failures: the next matching requests get a 429 or a server error instead."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass

PathCheck = Callable[[str], bool]


@dataclass
class Fault:
    method: str
    path_pattern: str  # fnmatch pattern on the path after /api/v10, e.g. "/channels/*/messages"
    status: int
    remaining: int
    retry_after: float | None = None
    skip: int = 0  # matching requests to let through before failing
    where: PathCheck | None = None  # a further condition on the path

    def matches(self, method: str, path: str) -> bool:
        return (
            self.method in ("*", method.upper())
            and fnmatch.fnmatchcase(path, self.path_pattern)
            and (self.where is None or self.where(path))
        )


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        method: str,
        path_pattern: str,
        status: int,
        count: int,
        retry_after: float | None,
        after: int = 0,
        where: PathCheck | None = None,
    ) -> None:
        if status == 429 and retry_after is None:
            retry_after = 0.01
        self._faults.append(
            Fault(method.upper(), path_pattern, status, count, retry_after, after, where)
        )

    def take(self, method: str, path: str) -> Fault | None:
        """The first pending fault for this request, used up by one."""
        for fault in self._faults:
            if fault.remaining > 0 and fault.matches(method, path):
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.remaining -= 1
                return fault
        return None

    @property
    def pending(self) -> int:
        return sum(f.remaining for f in self._faults)
