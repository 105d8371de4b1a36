"""The ``pcxl`` command's quick exit (``processes.leave``): its status and every written byte
kept, and the ordinary exit whenever something still runs."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest


def run(body: str) -> subprocess.CompletedProcess:
    script = "import sys, threading, time\nfrom pcxl.processes import leave\n" + \
        textwrap.dedent(body)
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as in a shell
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env=buffered)


@pytest.mark.parametrize("code", [0, 1, 2])
def test_a_command_that_ends_leaves_with_its_status_and_its_output_flushed(code):
    done = run(f"""
        sys.stdout.write("all written")  # no newline: still in the buffer
        sys.stderr.write("and warned")
        leave({code})
        print("never reached")
    """)
    assert (done.returncode, done.stdout, done.stderr) == (code, "all written", "and warned")


def test_no_status_is_success():
    assert run("leave(None)").returncode == 0


def test_a_thread_still_running_is_waited_for_by_the_ordinary_exit():
    done = run("""
        def finish():
            time.sleep(0.3)
            print("thread finished", flush=True)
        threading.Thread(target=finish).start()
        leave(1)
    """)
    assert (done.returncode, done.stdout) == (1, "thread finished\n")


def test_a_message_as_status_is_printed_by_the_ordinary_exit():
    done = run("leave('stopped: no returns')")
    assert (done.returncode, done.stderr.strip()) == (1, "stopped: no returns")


def test_the_pcxl_command_keeps_its_exit_status(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pcxl", "consolidate", str(tmp_path / "none"),
                           "-o", str(tmp_path / "c.xlsx")], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 2
    assert "none" in done.stderr


def _sleep_as_worker() -> None:
    from pcxl.processes import end_on_signal

    end_on_signal()
    time.sleep(60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_a_worker_forked_while_signals_are_held_still_ends_when_terminated():
    import multiprocessing

    from pcxl.processes import signals_held, stop_on_hangup

    stop_on_hangup()
    try:
        with signals_held():  # the worker inherits the held signals and the parent's handlers
            worker = multiprocessing.get_context("fork").Process(target=_sleep_as_worker)
            worker.start()
        time.sleep(0.5)
        worker.terminate()
        worker.join(timeout=10)
        assert not worker.is_alive()
        assert worker.exitcode == -signal.SIGTERM
    finally:
        for name in ("SIGHUP", "SIGTERM"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _send_held_signals(pipe) -> None:
    pipe.send(signal.pthread_sigmask(signal.SIG_BLOCK, []))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_a_forked_worker_starts_with_the_terminals_signals_held_and_pcxl_gets_them_back():
    import multiprocessing

    from pcxl.processes import start_forked

    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    worker = context.Process(target=_send_held_signals, args=(there,))
    start_forked(worker)
    held = here.recv()
    worker.join(timeout=10)

    assert {signal.SIGHUP, signal.SIGTERM, signal.SIGINT} <= held
    assert not {signal.SIGHUP, signal.SIGTERM, signal.SIGINT} & signal.pthread_sigmask(
        signal.SIG_BLOCK, [])
