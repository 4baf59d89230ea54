"""Run tasks on a local process pool or on Dask distributed behind one interface, with a progress bar
and incremental storage.

``open_backend(workers=…, scheduler=…, dask_local=…)`` gives a backend with ``submit(fn, arg)`` and
``as_completed(futures)``; :func:`run_tasks` submits every task in order (cases of one LP structure next
to each other, so each worker re-solves them warm), hands each finished result to ``on_result`` (the
store) as it arrives, and shows cases done / failed / remaining, the rate and the time left (tqdm, on a
terminal only). A task that dies with its worker is recorded as failed and retried by the next run.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

from energymodel.forking import fork_available, quiet_worker, run_busy
from energymodel.errors import InputError

log = logging.getLogger(__name__)


class InlineBackend:
    """One worker: the main process itself (``--workers 1``)."""

    name = "main process"
    workers = 1

    def submit(self, fn, arg) -> Future:
        fut: Future = Future()
        fut.set_running_or_notify_cancel()
        fut._energymodel_call = (fn, arg)  # run lazily, one at a time, in as_completed
        return fut

    def as_completed(self, futures: list) -> Iterator:
        for fut in futures:
            fn, arg = fut._energymodel_call
            try:
                fut.set_result(fn(arg))
            except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt is re-raised below
                if isinstance(exc, KeyboardInterrupt):
                    raise
                fut.set_exception(exc)
            yield fut

    def close(self, cancel: bool = False) -> None:
        pass


class PoolBackend:
    """A local pool of worker processes, each keeping its own HiGHS instance between tasks.

    Tasks run in submission order (``runner`` orders cases so that neighbours differ least), split into
    one contiguous block per worker: each worker works through its own run of cases, so consecutive cases
    on a worker differ in as few numbers as possible and re-solve warm (a shared queue would deal
    neighbours out to different workers). A worker whose block is done takes the later half of the
    largest block left (work stealing). Each worker is a one-process executor; one that dies (killed, out
    of memory) fails only its own case and is replaced by a fresh process."""

    def __init__(self, workers: int):
        import multiprocessing as mp

        self.workers = workers
        self.name = f"{workers} local processes"
        self._ctx = mp.get_context("fork") if fork_available() else None
        self._executors: list[ProcessPoolExecutor | None] = [None] * workers
        self._calls: dict[Future, tuple] = {}

    def _executor(self, i: int) -> ProcessPoolExecutor:
        if self._executors[i] is None:
            self._executors[i] = ProcessPoolExecutor(max_workers=1, mp_context=self._ctx, initializer=quiet_worker,
                                                     initargs=(_fresh_worker,))
        return self._executors[i]

    def submit(self, fn, arg) -> Future:
        """A future that runs when :meth:`as_completed` hands its task to a worker (pending until then)."""
        fut: Future = Future()
        self._calls[fut] = (fn, arg)
        return fut

    def as_completed(self, futures: list) -> Iterator:
        from collections import deque

        n = self.workers
        size = -(-len(futures) // n)
        blocks = [deque(futures[i * size:(i + 1) * size]) for i in range(n)]
        running: dict[Future, tuple[Future, int]] = {}

        def dispatch(i: int) -> None:
            while True:
                if not blocks[i]:
                    donor = max(blocks, key=len)
                    if not donor:
                        return
                    keep = (len(donor) + 1) // 2
                    while len(donor) > keep:  # the later half, in order
                        blocks[i].appendleft(donor.pop())
                    if not blocks[i]:
                        blocks[i].append(donor.pop())
                outer = blocks[i].popleft()
                if outer.set_running_or_notify_cancel():  # False: cancelled before it started
                    fn, arg = self._calls.pop(outer)
                    running[self._executor(i).submit(run_busy, fn, arg)] = (outer, i)
                    return

        for i in range(n):
            dispatch(i)
        while running:
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for inner in done:
                outer, i = running.pop(inner)
                exc = inner.exception()
                if exc is None:
                    outer.set_result(inner.result())
                else:
                    outer.set_exception(exc)
                    if isinstance(exc, BrokenProcessPool):  # the worker died: a fresh one for the rest
                        self._executors[i].shutdown(wait=False)
                        self._executors[i] = None
                dispatch(i)
                yield outer

    def close(self, cancel: bool = False) -> None:
        """Shut the workers down; ``cancel`` (an interrupt) kills them: a worker inside a HiGHS solve would
        not see a signal before the solve ends. Finished cases are already stored."""
        for fut in list(self._calls):
            fut.cancel()
        self._calls.clear()
        for ex in self._executors:
            if ex is None:
                continue
            if cancel:
                for proc in list((getattr(ex, "_processes", None) or {}).values()):
                    proc.kill()
            ex.shutdown(wait=not cancel, cancel_futures=cancel)
        self._executors = [None] * self.workers


def _fresh_worker() -> None:
    """A forked worker drops the live HiGHS instances it inherited (from an earlier inline run in the same
    process): it starts with its own."""
    from energymodel.analysis import links
    from energymodel.analysis.sweep import worker

    worker.reset()
    links._WORKER.clear()


class DaskBackend:
    """Dask distributed: an existing scheduler (``tcp://host:8786``) or a LocalCluster of N processes."""

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("Dask distributed is not installed: pip install 'energymodel[sweep]'",
                             key="--scheduler" if scheduler else "--dask-local") from None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})", key="--scheduler") from None
            self.name = f"Dask scheduler {scheduler}"
        else:
            self.cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
            self.name = f"Dask LocalCluster of {local_workers} processes"
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, fn, arg):
        return self.client.submit(fn, arg, pure=False)

    def submit_many(self, fn, args: list) -> list:
        """Submit ``args`` in order, one contiguous block per worker (as :class:`PoolBackend` does): each
        block is asked of one worker (others may still take it) and runs in order (Dask priorities)."""
        workers = sorted(self.client.scheduler_info().get("workers", {}))
        if len(workers) < 2:
            return [self.submit(fn, a) for a in args]
        size = -(-len(args) // len(workers))
        return [self.client.submit(fn, a, pure=False, workers=[workers[i // size]], allow_other_workers=True,
                                   priority=-(i % size)) for i, a in enumerate(args)]

    def as_completed(self, futures: list) -> Iterator:
        from distributed import as_completed

        yield from as_completed(futures)

    def close(self, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_backend(workers: int | None = None, scheduler: str | None = None, dask_local: int | None = None):
    """The backend for ``--workers``, ``--scheduler`` or ``--dask-local`` (at most one of the last two)."""
    if scheduler and dask_local:
        raise InputError("give either --scheduler or --dask-local, not both", key="--scheduler")
    if dask_local is not None and dask_local < 1:
        raise InputError(f"expected --dask-local ≥ 1, got {dask_local}", key="--dask-local")
    if workers is not None and workers < 1:
        raise InputError(f"expected --workers ≥ 1, got {workers}", key="--workers")
    if scheduler or dask_local:
        return DaskBackend(scheduler, dask_local)
    workers = workers or os.cpu_count() or 1
    return InlineBackend() if workers == 1 else PoolBackend(workers)


@contextmanager
def backend_for(workers: int | None = None, scheduler: str | None = None, dask_local: int | None = None):
    """:func:`open_backend` as a context: closed at the end; on an interrupt, pending work is cancelled and
    local workers are killed (finished results are already stored)."""
    backend = open_backend(workers, scheduler, dask_local)
    try:
        yield backend
    except KeyboardInterrupt:
        backend.close(cancel=True)
        raise
    backend.close()


def _progress(total: int, label: str):
    from tqdm import tqdm

    quiet = not sys.stderr.isatty() or logging.getLogger("energymodel").level > logging.INFO
    return tqdm(total=total, desc=label, unit="case", disable=quiet, dynamic_ncols=True, file=sys.stderr)


def run_tasks(backend, fn: Callable[[dict], dict], tasks: Iterable[dict[str, Any]],
              on_result: Callable[[dict], None], *, label: str = "cases") -> dict[str, int]:
    """Submit every task (``task["case_id"]`` names it), store each result as it arrives, and return the
    counts {done, failed, warm}. Ctrl-C cancels what has not started; what finished is kept."""
    tasks = list(tasks)
    counts = {"done": 0, "failed": 0, "warm": 0}
    if not tasks:
        return counts
    from tqdm.contrib.logging import logging_redirect_tqdm

    t0 = time.perf_counter()
    bar = _progress(len(tasks), label)
    futures = {}
    with logging_redirect_tqdm(loggers=[logging.getLogger("energymodel")]):  # log lines above the bar
        _loop(backend, fn, tasks, on_result, futures, counts, bar)
    seconds = time.perf_counter() - t0
    log.info("%d %s in %.1f s on %s (%.2f per minute); %d failed; %d re-solved warm",
             counts["done"], label, seconds, backend.name, 60 * counts["done"] / max(seconds, 1e-9),
             counts["failed"], counts["warm"])
    return counts


def _loop(backend, fn, tasks, on_result, futures, counts, bar) -> None:
    try:
        if hasattr(backend, "submit_many"):
            futures.update(zip(backend.submit_many(fn, tasks), tasks))
        else:
            for task in tasks:
                futures[backend.submit(fn, task)] = task
        for fut in backend.as_completed(list(futures)):
            task = futures[fut]
            try:
                record = fut.result()
            except Exception as exc:  # noqa: BLE001 - the worker died or the cluster lost it
                record = {"case_id": task["case_id"], "status": "failed", "warm": False, "rows": [],
                          "error": f"{type(exc).__name__}: {exc} (the worker running it stopped)", "timings": {}}
            on_result(record)
            counts["done"] += 1
            counts["failed"] += record["status"] != "ok"
            counts["warm"] += bool(record.get("warm"))
            bar.update(1)
            bar.set_postfix(failed=counts["failed"], warm=counts["warm"], refresh=False)
            if record["status"] != "ok":
                log.warning("case %s failed: %s", task["case_id"], record["error"].splitlines()[0])
    finally:
        bar.close()
        if counts["done"] < len(tasks):
            for fut in futures:
                fut.cancel()
