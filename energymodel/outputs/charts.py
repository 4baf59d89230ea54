"""Run a writer (the report: its charts, maps and HTML) in a forked child process while the caller writes
other files, so the solving process never imports matplotlib or plotly and the drawing overlaps the rest
of the writing. The child inherits the results by ``fork`` (nothing is pickled) and reports success or the
error's traceback through a pipe. Without ``fork`` the writer runs in this process.
"""
from __future__ import annotations

import os
from typing import Callable

from energymodel.forking import fork_available, start_forked, stop


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


def share(jobs: list[Callable[[], None]]) -> None:
    """Run ``jobs`` in this process and in a child made by :func:`forked`, each process taking the next job
    not yet taken (in the order given: the largest first) until none is left, so that both finish at about
    the same time whatever each job costs. Returns when both are done; RuntimeError with the child's
    traceback if a job failed there. The jobs are claimed through a pipe holding one byte per job (a read of
    one byte takes one job, atomically). Without ``fork``, or with fewer than two jobs, all run here."""
    if len(jobs) < 2 or len(jobs) > 255 or not hasattr(os, "fork"):
        for job in jobs:
            job()
        return
    read_fd, write_fd = os.pipe()
    os.write(write_fd, bytes(range(len(jobs))))  # under PIPE_BUF: written whole, at once
    os.close(write_fd)

    def take_jobs() -> None:
        while claimed := os.read(read_fd, 1):
            jobs[claimed[0]]()

    try:
        wait = forked(take_jobs)
        try:
            take_jobs()
        finally:
            wait()
    finally:
        os.close(read_fd)


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


def _serve(conn) -> None:
    """Report process started early: import the plotting libraries, then run the one job it is sent."""
    import signal
    import traceback
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        warm_error = ""
        try:
            _warm_imports()
        except Exception:  # noqa: BLE001 - kept for the reply: the job may still run, or says why it cannot
            warm_error = traceback.format_exc()
        try:
            fn, args = conn.recv()
        except EOFError:  # the parent finished or failed without a report
            return
        try:
            fn(*args)
            conn.send(None)
        except BaseException:  # noqa: BLE001 - reported to the parent
            conn.send(traceback.format_exc() + (f"\n(the report process's start-up had failed:\n{warm_error})"
                                                if warm_error else ""))
    except BaseException:  # noqa: BLE001
        pass
    finally:
        conn.close()
        os._exit(0)


class ReportWorker:
    """A process forked at the start of a run: it imports matplotlib and plotly while the run loads and
    solves, then runs one writer sent to it with its (pickled) arguments. For a short run the imports, not
    the drawing, are most of the report's time; this takes them off the critical path."""

    def __init__(self) -> None:
        self._conn, self._proc = start_forked(_serve)
        self._sent = False

    def start(self, fn: Callable, *args) -> Callable[[], None]:
        """Send ``fn(*args)`` (a module-level function and picklable arguments); returns the wait. Raises
        RuntimeError when the process has stopped (killed, or out of memory) before it could take the job."""
        self._sent = True
        try:
            self._conn.send((fn, args))
        except OSError as exc:  # BrokenPipeError: the process is gone
            self._proc.join(timeout=1)
            raise RuntimeError(f"the report process had stopped (exit code {self._proc.exitcode}): {exc}") from None

        def wait() -> None:
            try:
                error = self._conn.recv()
            except EOFError:
                error = f"the report process stopped (exit code {self._proc.exitcode})"
            if error:
                raise RuntimeError(f"writing the report failed:\n{error}")

        return wait

    def close(self) -> None:
        """End the process: at once if it was never sent a job, else after it finished (5 s at most)."""
        if not self._conn.closed:
            self._conn.close()
        if self._sent:
            self._proc.join(timeout=5)
        stop(self._proc)
