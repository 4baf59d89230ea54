"""Run a writer (the report: its charts, maps and HTML) in other processes while the caller goes on, so the
solving process never imports matplotlib or plotly and the drawing overlaps the rest of the run: a forked
child (``in_child``, ``forked``), jobs shared by two processes (``share``, ``Claims``), and a report begun
before the summary exists and finished once it does (``Staged``: in the ``ReportWorker`` started with the
run, or in a child forked with the Results, ``begin_in_child``). A forked child inherits the results
(nothing is pickled); every process reports success or the error's traceback through a pipe. Without
``fork`` the writer runs in this process.
"""
from __future__ import annotations

import logging
import os
from typing import Callable

from energymodel.forking import fork_available, start_forked, stop

log = logging.getLogger(__name__)


def _child(conn, fn: Callable[[], None]) -> None:
    import traceback
    try:
        fn()
        conn.send(None)
    except BaseException:  # noqa: BLE001 - reported to the parent
        conn.send(traceback.format_exc())
    finally:
        conn.close()
        os._exit(0)  # skip the inherited interpreter's clean-up (the parent owns it)


def in_child(fn: Callable[[], None]) -> Callable[[], None]:
    """Start ``fn()`` in a forked child; the returned function waits for it (RuntimeError with the child's
    traceback if it failed)."""
    if not fork_available():
        fn()
        return lambda: None
    parent, proc = start_forked(_child, fn, duplex=False)

    def wait() -> None:
        try:
            error = parent.recv()
        except EOFError:
            error = f"the report process stopped (exit code {proc.exitcode})"
        finally:
            parent.close()
            proc.join()
        if error:
            raise RuntimeError(f"writing the report failed:\n{error}")

    return wait


def forked(fn: Callable[[], None]) -> Callable[[], None]:
    """Start ``fn()`` in a child made by ``os.fork`` (usable inside a worker process, which
    ``multiprocessing`` would not let have children); the returned function waits for it (RuntimeError with
    the child's traceback if it failed). Without ``fork``, ``fn()`` runs here at once."""
    if not hasattr(os, "fork"):
        fn()
        return lambda: None
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, and leave without the inherited interpreter's clean-up
        os.close(read_fd)
        message = b""
        try:
            fn()
        except BaseException:  # noqa: BLE001 - reported to the parent
            import traceback
            message = traceback.format_exc().encode()
        finally:
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(message)
            os._exit(0)
    os.close(write_fd)

    def wait() -> None:
        with os.fdopen(read_fd, "rb") as pipe:
            message = pipe.read()
        _, status = os.waitpid(pid, 0)
        if message or status:
            raise RuntimeError("drawing charts failed:\n" + (message.decode() or f"exit status {status}"))

    return wait


class Claims:
    """Jobs that this process and any child forked after it claim one at a time, each job run once, by the
    process that claimed it: a pipe holds one byte per job (at most 255), and a read of one byte claims one
    job atomically. A claim after the last job finds nothing (every copy of the write end is closed)."""

    def __init__(self, jobs: list[Callable[[], None]]) -> None:
        if len(jobs) > 255:
            raise ValueError(f"at most 255 jobs, got {len(jobs)}")
        self.jobs = jobs
        read_fd, write_fd = os.pipe()
        os.write(write_fd, bytes(range(len(jobs))))  # under PIPE_BUF: written whole, at once
        os.close(write_fd)
        self._fd = read_fd

    def run_one(self) -> bool:
        """Claim the next job and run it; False when none was left."""
        claimed = os.read(self._fd, 1)
        if claimed:
            self.jobs[claimed[0]]()
        return bool(claimed)

    def run_all(self) -> None:
        """Claim and run jobs until none is left."""
        while self.run_one():
            pass

    def drop(self) -> None:
        """Claim every job left without running it (a process running one finishes that one)."""
        while os.read(self._fd, 256):
            pass

    def close(self) -> None:
        os.close(self._fd)


def share(jobs: list[Callable[[], None]]) -> None:
    """Run ``jobs`` in this process and in a child made by :func:`forked`, each process taking the next job
    not yet taken (:class:`Claims`, in the order given: the largest first) until none is left, so that both
    finish at about the same time whatever each job costs. Returns when both are done; RuntimeError with the
    child's traceback if a job failed there. Without ``fork``, or with fewer than two jobs, all run here."""
    if len(jobs) < 2 or len(jobs) > 255 or not hasattr(os, "fork"):
        for job in jobs:
            job()
        return
    claims = Claims(jobs)
    try:
        wait = forked(claims.run_all)
        try:
            claims.run_all()
        finally:
            wait()
    finally:
        claims.close()


def _warm_imports() -> None:
    """What the report imports: matplotlib (charts, maps) and, when installed, plotly (report.html)."""
    import io

    import energymodel.outputs.maps  # noqa: F401
    import energymodel.outputs.report  # noqa: F401
    from energymodel.outputs import plots

    plots.draw_at_png_resolution()  # this process only draws the report
    plt = plots._plt()
    fig, ax = plt.subplots()  # a first figure loads fonts and the Agg machinery
    ax.bar([0], [1])
    ax.set_title("warm-up")
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    try:
        import energymodel.outputs.html  # noqa: F401
        import plotly.graph_objects as go
    except ImportError:  # no plotly: the report has no HTML page
        return
    # plotly imports its validators on first use: a tiny figure of the kinds the report draws
    go.Figure([go.Bar(x=[0], y=[1]), go.Scatter(x=[0], y=[1])]).to_html(full_html=False, include_plotlyjs=False)


def _run_staged(conn, begin: Callable, args: tuple, note: str = "") -> None:
    """A staged report in this process: ``draft = begin(*args)``, then ``draft.step()`` until nothing is left
    or the parent's next message has come (the arguments of ``draft.finish``); then ``draft.finish(*message)``
    and the reply: None, or the traceback of what failed (in ``begin``, a step or ``finish``) followed by
    ``note``; after a failure, ``draft.abandon()`` first (nothing more is written once the parent hears of
    it). When the parent closes its end instead (the run failed), ``draft.abandon()`` and return."""
    import traceback
    error, steps, draft = None, 0, None
    try:
        draft = begin(*args)
        while not conn.poll() and draft.step():
            steps += 1
    except BaseException:  # noqa: BLE001 - reported to the parent once it asks for the rest
        error = traceback.format_exc()
    try:
        more = conn.recv()
    except EOFError:  # the parent gave up the report
        log.debug("report given up after %d early steps", steps)
        more = None
    if more is not None and error is None:
        log.debug("report: the rest after %d early steps", steps)
        try:
            draft.finish(*more)
        except BaseException:  # noqa: BLE001 - reported to the parent
            error = traceback.format_exc()
    elif draft is not None:
        draft.abandon()  # nothing more is written once the parent hears of the failure (or has gone)
    if more is not None:
        conn.send(error and error + note)


class Staged:
    """The caller's side of a report begun in another process (:meth:`ReportWorker.start`,
    :func:`begin_in_child`): :meth:`finish` sends what the rest needs and returns the wait, :meth:`abandon`
    gives the report up."""

    def __init__(self, conn, proc, *, join: bool, first: bytes | None = None) -> None:
        """``first``: a message already pickled, sent from a thread (the process reads it only once it is
        ready, and a message larger than the pipe's buffer would hold the caller until then)."""
        self._conn, self._proc, self._join = conn, proc, join
        self._finishing = False
        self._sending = None
        if first is not None:
            import threading
            outcome: list[BaseException] = []

            def send() -> None:
                try:
                    conn.send_bytes(first)
                except BaseException as exc:  # noqa: BLE001 - raised by finish()
                    outcome.append(exc)

            thread = threading.Thread(target=send, daemon=True, name="send the report's results")
            thread.start()
            self._sending = (thread, outcome)

    def _sent(self) -> None:
        """Wait until the first message is written; RuntimeError if it could not be (the process is gone)."""
        if self._sending is None:
            return
        (thread, outcome), self._sending = self._sending, None
        thread.join()
        if outcome:
            self._proc.join(timeout=1)
            raise RuntimeError(f"the report process had stopped (exit code {self._proc.exitcode}): {outcome[0]}")

    def finish(self, *args) -> Callable[[], None]:
        """Send ``args`` (picklable) for ``draft.finish(*args)``; the returned function waits for the report
        (RuntimeError with the report process's traceback if it failed, or if the process stopped)."""
        self._finishing = True
        try:
            self._sent()
            self._conn.send(args)
        except OSError as exc:  # BrokenPipeError: the process is gone
            self._end()
            raise RuntimeError(f"the report process had stopped (exit code {self._proc.exitcode}): {exc}") from None
        except RuntimeError:
            self._end()
            raise

        def wait() -> None:
            try:
                error = self._conn.recv()
            except EOFError:
                self._end()
                error = f"the report process stopped (exit code {self._proc.exitcode})"
            else:
                self._end()
            if error:
                raise RuntimeError(f"writing the report failed:\n{error}")

        return wait

    def abandon(self) -> None:
        """Give the report up (the run failed): the process stops after the chart it is drawing, or finishes
        the report it was sent; returns once it writes nothing more."""
        try:
            self._sent()  # the pipe is closed only once no thread writes to it
        except RuntimeError:
            pass
        if self._finishing and not self._conn.closed:
            try:
                self._conn.recv()
            except (EOFError, OSError):
                pass
        self._end(join=True)

    def _end(self, join: bool | None = None) -> None:
        if not self._conn.closed:
            self._conn.close()
        if self._join if join is None else join:
            self._proc.join()


def _staged_child(conn, begin: Callable, args: tuple) -> None:
    try:
        _run_staged(conn, begin, args)
    except BaseException:  # noqa: BLE001 - the parent sees EOF
        pass
    finally:
        conn.close()
        os._exit(0)  # skip the inherited interpreter's clean-up (the parent owns it)


def begin_in_child(begin: Callable, *args) -> Staged:
    """Begin a staged report (see :class:`ReportWorker`) in a child forked now: it inherits ``args`` (nothing
    pickled). Fork only while no other thread of this process may hold a lock the child needs (an import's);
    RuntimeError without ``fork``."""
    if not fork_available():
        raise RuntimeError("no fork on this platform")
    conn, proc = start_forked(_staged_child, begin, args)
    return Staged(conn, proc, join=True)


def _serve(conn) -> None:
    """Report process started early: import the plotting libraries, then run the staged report it is sent."""
    import signal
    import traceback
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        warm_error = ""
        try:
            _warm_imports()
        except Exception:  # noqa: BLE001 - kept for the reply: the job may still run, or says why it cannot
            warm_error = traceback.format_exc()
        log.debug("report worker ready")
        try:
            begin, args = conn.recv()
        except EOFError:  # the parent finished or failed without a report
            return
        _run_staged(conn, begin, args, note=(f"\n(the report process's start-up had failed:\n{warm_error})"
                                             if warm_error else ""))
    except BaseException:  # noqa: BLE001
        pass
    finally:
        conn.close()
        os._exit(0)


class ReportWorker:
    """A process forked at the start of a run: it imports matplotlib and plotly while the run loads and
    solves, then runs one staged report sent to it with its (pickled) arguments: ``draft = begin(*args)``
    draws what it can (``draft.step()``, one chart at a time) until ``draft.finish(*more)`` is sent. For a
    short run the imports, not the drawing, are most of the report's time; this takes them off the critical
    path, and the charts that need only the results are drawn while the run's summary is computed."""

    def __init__(self) -> None:
        self._conn, self._proc = start_forked(_serve)
        self._sent = False

    def start(self, begin: Callable, *args) -> Staged:
        """Send ``begin(*args)`` (a module-level function and picklable arguments; it returns the draft);
        returns the caller's side at once: the arguments are pickled here and written from a thread, since the
        process reads them only when its imports are done. When the process has stopped (killed, or out of
        memory) before it could take the job, the ``Staged``'s ``finish`` raises RuntimeError."""
        from multiprocessing.reduction import ForkingPickler

        self._sent = True
        return Staged(self._conn, self._proc, join=False, first=bytes(ForkingPickler.dumps((begin, args))))

    def close(self) -> None:
        """End the process: at once if it was never sent a job, else after it finished (5 s at most)."""
        if not self._conn.closed:
            self._conn.close()
        if self._sent:
            self._proc.join(timeout=5)
        stop(self._proc)
