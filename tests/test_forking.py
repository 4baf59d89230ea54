"""Pool workers and Ctrl-C (``forking.quiet_worker``, ``forking.run_busy``): a worker at a task stops it with
KeyboardInterrupt, handed back to the command; an idle worker ends quietly, without a traceback."""
import multiprocessing as mp
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from energymodel.forking import fork_available, quiet_worker, run_busy

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork")


def _interrupt_myself():
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
    return "not interrupted"


def _pid():
    return os.getpid()


def test_a_busy_worker_hands_the_interrupt_back_and_an_idle_one_ends_quietly(capfd):
    with ProcessPoolExecutor(1, mp_context=mp.get_context("fork"), initializer=quiet_worker) as pool:
        with pytest.raises(KeyboardInterrupt):
            pool.submit(run_busy, _interrupt_myself).result(timeout=30)
        pid = pool.submit(run_busy, _pid).result(timeout=30)     # the same worker, idle again after this
        time.sleep(0.2)
        os.kill(pid, signal.SIGINT)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the idle worker did not end on SIGINT")
    assert "Traceback" not in capfd.readouterr().err
