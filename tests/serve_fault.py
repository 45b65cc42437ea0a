#!/usr/bin/env python3
"""serve_fault.py - `vpostcode serve` under load through faults.

A real server process (--port 0 --port-file, --quiet) on the database
WORKDIR/vpostcode.vpc, and eight client threads, each with its own
keep-alive connection, sending GET /v1/encode for points inside Vietnam
in a loop and checking every answer: status 200 and the code the server
gave for that point before the load (one request a point, the points being
the reference points of wards taken from /v1/wards and /v1/ward).

A request that could not be sent (the connection refused: no server
listening) is tried again and is no failure. A request sent that got no
complete answer is "lost"; an answer that is not a 200 or has another code
is "wrong". Which lost requests were in flight at a fault is decided by
the times seen here: the signal sent at S, the old server's process gone
(reaped) at E, and when each connection was begun (connect() called). A
request lost on the connection a thread had before S is the thread's
request in flight at the fault (at most one a thread: a thread has one
request out at a time, and drops the connection when it fails). One lost
on a connection begun between S and E was taken by the kernel for a
server already going away (its listening socket not yet closed): in
flight at the fault too, and listed. One lost on a connection begun at or
after E, when the old server was gone, is a failure.

  A  five times: a fresh copy of SOURCE_DB to PATH.new, renamed over PATH,
     then SIGHUP, and /v1/info "reloads" awaited: no request lost or wrong,
     reloads grown by exactly 5.
  B  SIGKILL, then a new server on the port of the first (--port N): no
     answer wrong, no request lost but those in flight at the kill, and
     every thread's requests go on with the new server.
  C  SIGTERM: the server exits with status 0 (within 30 s), no answer wrong,
     no request lost at all: those in flight are answered (closing their
     connections), new connections are refused and tried again.

Usage: serve_fault.py VPOSTCODE SOURCE_DB WORKDIR
Prints the figures of each phase and PASS or FAIL; exit 1 if any failed.
"""
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

VPC, SOURCE_DB, WORK = sys.argv[1:4]
DB = os.path.join(WORK, "vpostcode.vpc")
THREADS = 8
TIMEOUT = 10  # seconds for a socket operation: a hung request is lost
T0 = time.monotonic()
failed_phases = []


def at(t):
    """A monotonic time as seconds since the start, for the output."""
    return "%.3f s" % (t - T0)


def say(msg):
    print("%7s  %s" % ("%.2f" % (time.monotonic() - T0), msg), flush=True)


class Server:
    """A `vpostcode serve` process on a loopback port."""

    count = 0

    def __init__(self, port=0):
        Server.count += 1
        n = Server.count
        self.portfile = os.path.join(WORK, "port-%d" % n)
        self.logname = os.path.join(WORK, "server-%d.log" % n)
        self.log = open(self.logname, "wb")
        cmd = [VPC, "serve", "--db", DB, "--port", str(port), "--port-file", self.portfile,
               "--quiet"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.log)
        deadline = time.monotonic() + 30
        self.port = None
        while self.port is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                if self.proc.poll() is None:
                    self.proc.kill()
                    self.proc.wait()
                raise SystemExit("FAIL: the server did not start (%s): %s"
                                 % (" ".join(cmd), self.log_text()))
            try:
                with open(self.portfile) as f:
                    text = f.read()
                if text.endswith("\n"):
                    self.port = int(text)
            except (OSError, ValueError):
                pass
            if self.port is None:
                time.sleep(0.02)

    def log_text(self):
        self.log.flush()
        with open(self.logname, encoding="utf-8", errors="replace") as f:
            return f.read().strip()

    def get(self, target):
        """One request on a connection of its own: (status, JSON object)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            c.request("GET", target)
            r = c.getresponse()
            body = r.read()
            try:
                obj = json.loads(body.decode("utf-8"))
            except ValueError:
                obj = None
            return r.status, obj
        finally:
            c.close()

    def wait(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def reloads(server, notes):
    """/v1/info "reloads"; None (and a note) if the server did not say."""
    try:
        status, info = server.get("/v1/info")
    except (http.client.HTTPException, OSError) as e:
        notes.append("failure: /v1/info: %s: %s" % (type(e).__name__, e))
        return None
    if status != 200 or not isinstance(info, dict) or "reloads" not in info:
        notes.append("failure: /v1/info answered %s without \"reloads\": %r" % (status, info))
        return None
    return int(info["reloads"])


# ---- the points and their codes ---------------------------------------------

def make_points(server):
    """Reference points of wards across the country, and their codes."""
    status, provs = server.get("/v1/provinces")
    if status != 200:
        raise SystemExit("FAIL: /v1/provinces answered %d" % status)
    wards = []
    for p in provs["provinces"]:
        status, obj = server.get("/v1/wards?province=" + p["code"])
        if status != 200:
            raise SystemExit("FAIL: /v1/wards?province=%s answered %d" % (p["code"], status))
        wards += [w["ward_code"] for w in obj["wards"]]
    points = []
    for code in wards[::25]:
        status, w = server.get("/v1/ward/%s?gso=1" % code)
        if status == 200:
            points.append((w["ref_lat"], w["ref_lon"]))
    expected = []
    for lat, lon in points:
        status, obj = server.get("/v1/encode?lat=%s&lon=%s" % (lat, lon))
        if status == 200:
            expected.append(("/v1/encode?lat=%s&lon=%s" % (lat, lon), obj["code"]))
    if len(expected) < 20:
        raise SystemExit("FAIL: only %d points encoded (of %d wards)" % (len(expected), len(wards)))
    return expected, len(wards)


# ---- the load ---------------------------------------------------------------

class Load:
    """Client threads. Per phase and thread the counts of answers right
    (done), wrong answers and refused connections; per phase the list of
    lost requests: (thread, connection begun at, request sent at, detail)."""

    def __init__(self, port, requests):
        self.port = port
        self.requests = requests
        self.phase = "-"
        self.stop = threading.Event()
        self.stats = {}
        self.lost = {}
        self.wrong = {}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True)
                        for n in range(THREADS)]

    def count(self, phase, n, what):
        with self.lock:
            st = self.stats.setdefault(phase, [dict(done=0, wrong=0, refused=0)
                                               for _ in range(THREADS)])
            st[n][what] += 1

    def totals(self, phase):
        with self.lock:
            st = self.stats.get(phase, [dict(done=0, wrong=0, refused=0)
                                        for _ in range(THREADS)])
            return [dict(s) for s in st]

    def client(self, n):
        rng = random.Random(n)
        conn = None
        used = 0
        t_conn = 0.0
        while not self.stop.is_set():
            phase = self.phase
            target, code = self.requests[rng.randrange(len(self.requests))]
            if conn is None or conn.sock is None:
                if conn is not None:
                    conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                used = 0
                t_conn = time.monotonic()
                try:
                    conn.connect()
                except OSError:
                    # Not sent: no server listening (refused), or connecting
                    # timed out: tried again.
                    conn.close()
                    conn = None
                    self.count(phase, n, "refused")
                    time.sleep(0.005)
                    continue
            t_sent = time.monotonic()
            try:
                conn.request("GET", target)
                r = conn.getresponse()
                body = r.read()
            except (http.client.HTTPException, OSError) as e:
                conn.close()
                conn = None
                with self.lock:
                    self.lost.setdefault(phase, []).append(
                        (n, t_conn, t_sent, "request %d of its connection: %s: %s"
                         % (used + 1, type(e).__name__, e)))
                continue
            used += 1
            got = None
            if r.status == 200:
                try:
                    got = json.loads(body.decode("utf-8")).get("code")
                except (ValueError, AttributeError):
                    got = None
            if r.status == 200 and got == code:
                self.count(phase, n, "done")
            else:
                self.count(phase, n, "wrong")
                with self.lock:
                    errs = self.wrong.setdefault(phase, [])
                    if len(errs) < 20:
                        errs.append("thread %d, at %s: %s: HTTP %d, %r (expected code %s)"
                                    % (n, at(time.monotonic()), target, r.status, body[:200],
                                       code))
            if r.will_close:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    def start(self):
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(TIMEOUT + 5)
        return not any(t.is_alive() for t in self.threads)


def judge(load, phase, title, ok, notes, fault=None):
    """Prints the phase's figures and verdict. fault: (S, E), the times
    the signal was sent and the old server was gone; None: no request may
    be lost."""
    st = load.totals(phase)
    done = sum(s["done"] for s in st)
    wrong = sum(s["wrong"] for s in st)
    refused = sum(s["refused"] for s in st)
    with load.lock:
        lost = list(load.lost.get(phase, []))
    in_flight = [0] * THREADS  # on the connection begun before the signal
    accepted = []              # on a connection begun while the server went away
    late = []                  # on one begun after the server was gone, or no fault
    for ev in lost:
        n, t_conn, t_sent, _ = ev
        if fault is None or t_conn >= fault[1]:
            late.append(ev)
        elif t_conn < fault[0]:
            in_flight[n] += 1
        else:
            accepted.append(ev)
    too_many = [n for n in range(THREADS) if in_flight[n] > 1]
    ok = ok and done > 0 and wrong == 0 and not late and not too_many
    print("phase %s  %s" % (phase, title))
    print("         %d requests answered right; %d failed: %d wrong answers, %d lost"
          % (done, wrong + len(lost), wrong, len(lost)))
    if fault is not None:
        print("         lost in flight at the fault, a thread's request out then (at most 1 a "
              "thread): %s" % " ".join(map(str, in_flight)))
        print("         lost on connections begun between the signal (%s) and the end of the old "
              "server (%s), never accepted by it: %d" % (at(fault[0]), at(fault[1]), len(accepted)))
        print("         lost on connections begun after the old server was gone: %d" % len(late))
    print("         %d connections refused and tried again" % refused)
    for note in notes:
        print("         " + note)
    for n in too_many:
        print("         failure: thread %d lost %d requests on its connection" % (n, in_flight[n]))
    for n, t_conn, t_sent, detail in sorted(lost, key=lambda ev: ev[2])[:24]:
        print("         lost: thread %d, sent at %s on a connection begun at %s, %s"
              % (n, at(t_sent), at(t_conn), detail))
    for e in load.wrong.get(phase, []):
        print("         wrong: " + e)
    print("         %s" % ("PASS" if ok else "FAIL"), flush=True)
    if not ok:
        failed_phases.append(phase)


def main():
    server = Server()
    servers = [server]
    load = None
    try:
        port = server.port
        say("server on port %d, database %s" % (port, DB))
        requests, nwards = make_points(server)
        say("%d points (reference points of one ward in 25, of %d), their codes asked once each"
            % (len(requests), nwards))
        load = Load(port, requests)
        # ---- A: SIGHUP five times, a new file each time ------------------
        load.phase = "A"
        load.start()
        time.sleep(0.5)
        notes = []
        base = reloads(server, notes)
        ok = base is not None
        for i in range(1, 6):
            if not ok:
                break
            shutil.copyfile(SOURCE_DB, DB + ".new")
            os.replace(DB + ".new", DB)
            server.proc.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 10
            got = None
            while time.monotonic() < deadline:
                got = reloads(server, [])
                if got is not None and got >= base + i:
                    break
                time.sleep(0.02)
            say("SIGHUP %d (a new file moved over %s): reloads %s"
                % (i, os.path.basename(DB), got))
            if got != base + i:
                ok = False
                notes.append("failure: after SIGHUP %d /v1/info reloads is %s, not %d"
                             % (i, got, base + i))
            time.sleep(0.3)
        time.sleep(0.5)
        final = reloads(server, notes)
        notes.insert(0, "/v1/info reloads %s -> %s (expected +5)" % (base, final))
        if base is None or final != base + 5:
            ok = False
        if server.proc.poll() is not None:
            ok = False
            notes.append("the server exited (status %s): %s" % (server.proc.returncode,
                                                               server.log_text()))
        try:
            with open("/proc/%d/maps" % server.proc.pid) as f:
                stale = sum(1 for line in f if "vpostcode.vpc" in line and "(deleted)" in line)
            notes.append("mappings of replaced database files still in the server: %d" % stale)
        except OSError:
            pass
        judge(load, "A", "SIGHUP x5, a new database file moved over the old one before each",
              ok, notes)

        # ---- B: kill -9 and a new server on the same port ----------------
        load.phase = "B"
        time.sleep(1.0)
        say("SIGKILL to the server (pid %d)" % server.proc.pid)
        t_signal = time.monotonic()
        server.kill()
        t_end = time.monotonic()
        say("the killed server is gone (status %s)" % server.proc.returncode)
        notes = []
        ok = True
        try:
            server = Server(port)
        except SystemExit as e:
            server = None
            ok = False
            notes.append(str(e))
        if server is not None:
            servers.append(server)
            say("new server (pid %d) on port %d, %.2f s after the kill"
                % (server.proc.pid, server.port, time.monotonic() - t_signal))
            before = [s["done"] for s in load.totals("B")]
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                now = [s["done"] for s in load.totals("B")]
                if all(a >= b + 20 for a, b in zip(now, before)):
                    break
                time.sleep(0.05)
            time.sleep(0.5)
            now = [s["done"] for s in load.totals("B")]
            stuck = [n for n in range(THREADS) if now[n] <= before[n]]
            if stuck:
                ok = False
                notes.append("failure: threads with no answer from the new server: %s" % stuck)
            notes.append("answered by the new server: %d" % (sum(now) - sum(before)))
        judge(load, "B", "SIGKILL under load, a new server on the same port", ok, notes,
              (t_signal, t_end))
        if server is None:
            return

        # ---- C: SIGTERM --------------------------------------------------
        load.phase = "C"
        time.sleep(1.0)
        say("SIGTERM to the server (pid %d)" % server.proc.pid)
        t_signal = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        rc = server.wait(30)
        t_end = time.monotonic()
        notes = []
        ok = True
        if rc is None:
            ok = False
            notes.append("failure: still running 30 s after SIGTERM: killed")
            server.kill()
        else:
            say("the server exited, status %d" % rc)
            notes.append("exit status %d" % rc)
            if rc != 0:
                ok = False
                notes.append("failure: exit status not 0; server log: " + server.log_text())
        time.sleep(0.3)
        load.phase = "-"
        if not load.finish():
            ok = False
            notes.append("failure: client threads still hung %d s after the end" % (TIMEOUT + 5))
        # A graceful stop loses nothing: the requests in flight are
        # answered (with Connection: close), new connections are refused.
        notes.append("the signal at %s, the server gone at %s" % (at(t_signal), at(t_end)))
        judge(load, "C", "SIGTERM under load: no request lost", ok, notes)
    finally:
        if load is not None:
            load.stop.set()
        for s in servers:
            s.kill()
            s.log.close()


if __name__ == "__main__":
    main()
    print("serve-fault: %s (%.1f s)" % ("FAIL: phase " + ", ".join(failed_phases)
                                        if failed_phases else "PASS", time.monotonic() - T0))
    sys.exit(1 if failed_phases else 0)
