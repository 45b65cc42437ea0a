"""README.md's "On a cluster of machines", done as it says, with real
processes talking TCP on 127.0.0.1:

    python -m dask scheduler --host 127.0.0.1 --port 0 --scheduler-file FILE
    VPOSTCODE_DB=... python -m dask worker tcp://127.0.0.1:PORT --nworkers 1 --nthreads 1   (twice)
    python examples/dask_encode.py --scheduler tcp://127.0.0.1:PORT --csv 'DIR/points-*.csv' --output ...
    Client("tcp://127.0.0.1:PORT") and the README's map_partitions

(`python -m dask scheduler` is `dask scheduler` run by this interpreter, the
one the package under test is installed for; PORT is the one the scheduler
chose, read from FILE; for a test's sake, no dashboards, a temporary
--local-directory, a scheduler that ends when idle.) Each worker command
stands for a machine: only the workers have VPOSTCODE_DB in their
environment, neither the scheduler nor the example; the scheduler has no
VPOSTCODE_LIBRARY either. 200,000 points in 4 CSV files: the
example's output and the Client's result both equal one process's
encode_frame, and both worker processes encoded part of them.

Every process started here is in a process group of its own, and every group
is ended (SIGTERM, then SIGKILL) however the test ends. A watchdog ends them
after DEADLINE seconds, so that a hang fails instead of blocking; should the
test still not return, faulthandler ends the whole run a minute later.

Skipped when dask, distributed, pandas or numpy cannot be imported (unless
VPC_REQUIRE_DASK=1: then that is a failure), and without VPC_SRCDIR (the
example is not installed with the package)."""
import faulthandler
import glob
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import vpostcode
from support import database, env, require_dask, source_file

POINTS = 200_000
FILES = 4
WORKERS = 2
DEADLINE = 120       # seconds for the whole test; it takes about 10
START_TIMEOUT = 60   # seconds for the scheduler to listen and the workers to register

try:
    import numpy
    import pandas
    import dask.dataframe as dd
    from dask.distributed import Client
    from test_dask import make_points
    MISSING = None
except ImportError as e:  # reported below
    MISSING = e


def dask_command(role):
    """`dask scheduler` / `dask worker` for this interpreter: python -m dask
    ROLE (dask 2022.10 and later), else the module behind dask-ROLE."""
    if importlib.util.find_spec("dask.__main__") is not None:
        return [sys.executable, "-m", "dask", role]
    return [sys.executable, "-m", f"distributed.cli.dask_{role}"]


def without(environ, *names):
    return {k: v for k, v in environ.items() if k not in names}


class Processes:
    """Processes each in a session (and process group) of its own, output to
    a log file; stop() ends every group, from any thread, any number of times."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.procs = []          # (name, Popen)
        self.lock = threading.Lock()
        self.stopped = False

    def start(self, name, argv, environ, cwd):
        with self.lock:
            if self.stopped:
                raise AssertionError(f"not starting {name}: the processes were stopped")
            with open(self.log_path(name), "wb") as log:
                p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT, env=environ, cwd=cwd,
                                     start_new_session=True)
            self.procs.append((name, p))
            return p

    def log_path(self, name):
        return os.path.join(self.logdir, name + ".log")

    def logs(self, lines=25):
        out = []
        for name, _ in self.procs:
            try:
                with open(self.log_path(name), encoding="utf-8", errors="replace") as f:
                    tail = f.read().splitlines()[-lines:]
            except OSError:
                continue
            out.append(f"--- {name}.log (last {lines} lines)\n" + "\n".join(tail))
        return "\n".join(out)

    @staticmethod
    def exited(p):
        """Whether p has exited, without reaping it: while it is unreaped its
        pid, and so its process group's id, cannot be reused."""
        if p.returncode is not None:
            return True
        try:
            return os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True

    def stop(self, grace=15):
        with self.lock:
            self.stopped = True
            live = [p for _, p in self.procs if p.returncode is None]
            for p in live:
                self._signal(p, signal.SIGTERM)
            end = time.monotonic() + grace
            while time.monotonic() < end and not all(self.exited(p) for p in live):
                time.sleep(0.05)
            # What is left of each group (a nanny's worker, a resource tracker,
            # a leader that ignored SIGTERM) is killed before the leader is reaped.
            for p in live:
                self._signal(p, signal.SIGKILL)
            for p in live:
                p.wait()

    @staticmethod
    def _signal(p, sig):
        try:
            os.killpg(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


class TestDaskCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_dask(MISSING)
        cls.example = source_file("bindings", "python", "examples", "dask_encode.py")
        if not os.path.isfile(cls.example):
            raise AssertionError(f"no example at {cls.example}")

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="vpc-dask-cluster-")
        self.addCleanup(self._remove_dir)
        self.procs = Processes(self.dir)
        self.addCleanup(self.procs.stop)
        self.expired = False
        self.addCleanup(self._check_expired)
        watchdog = threading.Timer(DEADLINE, self._expire)
        watchdog.daemon = True
        watchdog.start()
        self.addCleanup(watchdog.cancel)
        faulthandler.dump_traceback_later(DEADLINE + 60, exit=True)
        self.addCleanup(faulthandler.cancel_dump_traceback_later)
        self.deadline = time.monotonic() + DEADLINE

    def _expire(self):
        self.expired = True
        self.procs.stop(grace=5)

    def _check_expired(self):
        if self.expired:
            raise AssertionError(f"over {DEADLINE} s: every process was ended\n{self.procs.logs()}")

    def _remove_dir(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def left(self, at_most):
        left = min(at_most, self.deadline - time.monotonic())
        if left <= 0 or self.expired:
            self.fail(f"over {DEADLINE} s\n{self.procs.logs()}")
        return left

    def start_scheduler(self, environ):
        """`dask scheduler` on a port of its choosing (--port 0, race-free):
        its address, read from the file it writes once it listens."""
        info = os.path.join(self.dir, "scheduler.json")
        p = self.procs.start("scheduler", dask_command("scheduler") + [
            "--host", "127.0.0.1", "--port", "0", "--scheduler-file", info,
            "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
            "--idle-timeout", "300",   # should this test be killed, it does not stay
        ], environ, self.dir)
        end = time.monotonic() + self.left(START_TIMEOUT)
        while p.poll() is None and time.monotonic() < end:
            try:
                with open(info, encoding="utf-8") as f:
                    return json.load(f)["address"]
            except (OSError, ValueError, KeyError):  # not yet, or half written
                time.sleep(0.1)
        self.fail(f"the scheduler did not start in {START_TIMEOUT} s\n{self.procs.logs()}")

    def test_documented_commands(self):
        db = database()
        t0 = time.perf_counter()

        # The points, in FILES CSV files "on the shared file system".
        points = make_points(db, POINTS, seed=20250702)
        size = -(-POINTS // FILES)
        for i in range(FILES):
            points.iloc[i * size:(i + 1) * size].to_csv(
                os.path.join(self.dir, f"points-{i}.csv"), index=False)
        pattern = os.path.join(self.dir, "points-*.csv")
        inputs = sorted(glob.glob(pattern))
        self.assertEqual(len(inputs), FILES)
        # What every worker reads, read the same way, encoded in this process.
        # (The example reads the cells as text and encode_frame reads each number
        # exactly, as float() does: round_trip here gives the same floats.)
        read = pandas.concat([pandas.read_csv(f, dtype={"lat": "float64", "lon": "float64"},
                                              float_precision="round_trip")
                              for f in inputs], ignore_index=True)
        self.assertEqual(len(read), POINTS)
        expected = vpostcode.encode_frame(read, database=db)
        ok = (expected["status"] == "ok").mean()
        self.assertGreater(ok, 0.9)  # most points are on land
        self.assertLess(ok, 1.0)     # and some are not

        # The cluster: only the workers are told where the database is.
        t1 = time.perf_counter()
        base = without(os.environ, "VPOSTCODE_DB")
        address = self.start_scheduler(without(base, "VPOSTCODE_LIBRARY"))
        worker_env = dict(base, VPOSTCODE_DB=db.path)
        workers = []
        for i in range(WORKERS):
            local = os.path.join(self.dir, f"worker-{i}")
            os.mkdir(local)
            workers.append(self.procs.start(f"worker-{i}", dask_command("worker") + [
                address, "--nworkers", "1", "--nthreads", "1",
                "--no-dashboard", "--local-directory", local,
            ], worker_env, local))

        client = Client(address, timeout=self.left(30))
        self.addCleanup(client.close)
        try:
            client.wait_for_workers(WORKERS, timeout=self.left(START_TIMEOUT))
        except Exception as e:
            self.fail(f"{WORKERS} workers not registered: {e!r}\n{self.procs.logs()}")
        t2 = time.perf_counter()
        self.assertEqual(len(client.scheduler_info()["workers"]), WORKERS)

        # Run on the workers by Client.run: made here, to travel by value (the
        # workers cannot import this module).
        def executed_count(dask_worker):
            """How many tasks this worker has run."""
            return getattr(dask_worker, "state", dask_worker).executed_count

        def environ(name):
            """The worker's own variable. (os.environ.get itself would not do:
            pickled, a bound method takes its os.environ along, this process's.)"""
            return os.environ.get(name)

        def opened_databases():
            """The paths of this process's shared databases: opened by encode_frame."""
            from vpostcode import frames
            return sorted(frames._shared)

        # Two processes, one under each worker command, none of them this one.
        pids = client.run(os.getpid)
        self.assertEqual(len(set(pids.values())), WORKERS, pids)
        self.assertNotIn(os.getpid(), pids.values())
        self.assertEqual({os.getpgid(pid) for pid in pids.values()},
                         {p.pid for p in workers}, pids)
        self.assertEqual(set(client.run(environ, "VPOSTCODE_DB").values()), {db.path})
        self.assertIsNone(client.run_on_scheduler(environ, "VPOSTCODE_DB"))
        self.assertIsNone(client.run_on_scheduler(environ, "VPOSTCODE_LIBRARY"))
        self.assertEqual(set(client.run(vpostcode.library_path).values()),
                         {vpostcode.library_path()})
        self.assertEqual(set(map(tuple, client.run(opened_databases).values())), {()})
        before = client.run(executed_count)

        # The example, a process of its own, without VPOSTCODE_DB.
        output = os.path.join(self.dir, "out-*.csv")
        argv = [sys.executable, self.example, "--scheduler", address, "--csv", pattern,
                "--output", output]
        p = self.procs.start("example", argv, base, self.dir)
        try:
            p.wait(timeout=self.left(DEADLINE))
        except subprocess.TimeoutExpired:
            self.fail(f"the example did not end\n{self.procs.logs()}")
        with open(self.procs.log_path("example"), encoding="utf-8") as f:
            said = f.read()
        self.assertEqual(p.returncode, 0, f"{' '.join(argv)}\n{said}\n{self.procs.logs()}")
        self.assertIn(f"workers: {WORKERS}, library {{'{vpostcode.library_version()}'}}", said)
        self.assertIn(f"{POINTS:,} points in ", said)
        t3 = time.perf_counter()

        # Both worker processes took part: each ran tasks and opened the database.
        after = client.run(executed_count)
        for worker in pids:
            self.assertGreater(after[worker], before[worker], (before, after))
        self.assertEqual(set(map(tuple, client.run(opened_databases).values())), {(db.path,)})

        # Its output, file for file, is the points and the codes one process gives.
        outputs = sorted(glob.glob(output))
        self.assertEqual(len(outputs), FILES, outputs)
        text = {c: str for c in expected.columns}
        got = pandas.concat([pandas.read_csv(f, dtype=dict(text, lat="float64", lon="float64"),
                                             keep_default_na=False, float_precision="round_trip")
                             for f in outputs], ignore_index=True)
        self.assertEqual(list(got.columns), ["lat", "lon"] + list(expected.columns))
        self.assertEqual(len(got), POINTS)
        for column in ("lat", "lon"):
            self.assertTrue(got[column].equals(read[column]), column)
        for column in expected.columns:
            self.assertTrue(got[column].equals(expected[column].astype(str)), column)

        # The README's Client and map_partitions, from this process.
        coded = dd.read_csv(pattern).map_partitions(vpostcode.encode_frame, lat="lat", lon="lon",
                                                    meta=vpostcode.encode_frame_meta())
        self.assertEqual(coded.npartitions, FILES)
        result = client.compute(coded)
        got = result.result(timeout=self.left(DEADLINE)).reset_index(drop=True)
        t4 = time.perf_counter()
        pandas.testing.assert_frame_equal(got, expected)

        print(f"\n    dask cluster: {POINTS} points in {FILES} files, made and encoded here "
              f"{t1 - t0:.2f} s, scheduler and {WORKERS} workers up {t2 - t1:.2f} s, "
              f"example {t3 - t2:.2f} s, Client {t4 - t3:.2f} s", flush=True)


if __name__ == "__main__":
    unittest.main()
