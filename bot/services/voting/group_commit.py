"""Group commit: submissions that arrive while a write is in progress share the next one.

A writer per key (a vote) takes everything queued for that key, writes it in one transaction
and resolves each submitter with its own outcome; whatever arrived meanwhile is the next
batch. Nothing waits on a timer: a lone submission is written at once, as before, and only a
busy writer makes a batch. What the write function promises, this module keeps:

- ``write(key, items)`` returns one outcome per item (a result, or a ``UserError`` that
  refused that item alone) only once the transaction holding the results has committed; it
  raises when nothing was committed.
- A submitter hears its result only after ``write`` has returned, so no acknowledgement
  precedes the commit, and no committed item is reported as lost by this module.
- When ``write`` raises a ``UserError`` (a refusal of the whole batch: the vote closed), every
  item gets it. Any other exception (a database error, a bug tripped by one item) rolls the
  batch back, and each item is then written alone, so one poisoned item fails only itself.
- A submitter that is cancelled before its batch is taken is left out of it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.errors import UserError

log = logging.getLogger(__name__)

K = TypeVar("K")
I = TypeVar("I")  # noqa: E741 - the item type, beside K and R
R = TypeVar("R")

MAX_BATCH = 64  # items in one transaction: bounds how long a batch holds the write lock

WriteBatch = Callable[[K, Sequence[I]], Awaitable[Sequence[R | UserError]]]


@dataclass
class _Pending(Generic[I, R]):
    item: I
    done: asyncio.Future[R]


class GroupCommit(Generic[K, I, R]):
    def __init__(self, write: WriteBatch[K, I, R], *, max_batch: int = MAX_BATCH) -> None:
        self._write = write
        self._max_batch = max_batch
        self._queues: dict[K, list[_Pending[I, R]]] = {}
        self._writers: dict[K, asyncio.Task[None]] = {}
        self.batches = 0  # transactions attempted (batches and one-by-one retries), for tests

    async def submit(self, key: K, item: I) -> R:
        """Queue ``item`` for ``key`` and wait until it is committed (or refused)."""
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(key, []).append(_Pending(item, done))
        if key not in self._writers:
            self._writers[key] = asyncio.create_task(self._drain(key), name=f"group-commit {key}")
        return await done

    async def _drain(self, key: K) -> None:
        try:
            while queue := self._queues.pop(key, None):
                batch = [p for p in queue[: self._max_batch] if not p.done.done()]
                if rest := queue[self._max_batch :]:
                    self._queues[key] = rest + self._queues.pop(key, [])
                if batch:
                    await self._write_batch(key, batch)
        except asyncio.CancelledError:  # shutting down: nobody will write what is queued
            for pending in self._queues.pop(key, []):
                pending.done.cancel()
            raise
        finally:
            self._writers.pop(key, None)

    async def _write_batch(self, key: K, batch: list[_Pending[I, R]]) -> None:
        self.batches += 1
        outcomes: Sequence[R | BaseException]
        try:
            outcomes = await self._write(key, [p.item for p in batch])
        except UserError as refusal:  # the whole batch refused (the vote closed, say)
            for pending in batch:
                _settle(pending, refusal)
            return
        except asyncio.CancelledError:
            for pending in batch:
                pending.done.cancel()
            raise
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0], error)
                return
            log.warning(
                "a batch of %d writes failed (%s); writing them one by one",
                len(batch),
                type(error).__name__,
            )
            for pending in batch:
                await self._write_batch(key, [pending])
            return
        if len(outcomes) != len(batch):  # a bug in the writer; what it committed stands
            outcomes = [RuntimeError("a batch write lost track of its outcomes")] * len(batch)
        for pending, outcome in zip(batch, outcomes, strict=True):
            _settle(pending, outcome)


def _settle(pending: _Pending[I, R], outcome: R | BaseException) -> None:
    if pending.done.done():  # its submitter was cancelled meanwhile
        return
    if isinstance(outcome, BaseException):
        pending.done.set_exception(outcome)
    else:
        pending.done.set_result(outcome)
