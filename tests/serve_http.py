#!/usr/bin/env python3
"""serve_http.py - `vpostcode serve` over HTTP, as a client sees it.

A real server process on a loopback port (started here, --port 0), asked
by real sockets: every endpoint, every error path, malformed requests (bad
percent-encoding, bad UTF-8, a huge URL, too many headers, a huge body, a
wrong method, a slow client, paths out of the page's files), batches,
the access log, CORS, SIGHUP and SIGTERM.

The answers are checked three ways:
  - the golden cases of tests/serve/golden.txt: the status, the chosen
    headers and the body of each request of tests/serve/cases.txt (the
    request id masked); --update rewrites them;
  - against the tool itself: each JSON object equals what
    `vpostcode CMD --json` prints for the same input, and a batch's output
    is byte for byte the tool's batch output for the same file;
  - properties: statuses, headers, the log lines, GeoJSON shapes.

Usage: serve_http.py VPOSTCODE SRCDIR [--update]
Prints one line per check; exit 1 if any failed.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

VPC = sys.argv[1]
SRC = sys.argv[2]
UPDATE = "--update" in sys.argv[3:]
GOLDEN_DIR = os.path.join(SRC, "tests", "serve")
TMP = tempfile.mkdtemp(prefix="vpc-serve-")
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok    " + name)
    else:
        failed += 1
        print("FAIL  " + name + (": " + detail if detail else ""))


class Server:
    """A `vpostcode serve` process on a free loopback port."""

    last_info = None  # /v1/info of the first server (no --tiles)
    started = []      # every process, killed at the end whatever happened

    def __init__(self, *args, db=None):
        self.portfile = os.path.join(TMP, "port-%d" % time.monotonic_ns())
        self.log = os.path.join(TMP, "log-%d" % time.monotonic_ns())
        cmd = [VPC, "serve", "--port", "0", "--port-file", self.portfile]
        if db:
            cmd += ["--db", db]
        cmd += list(args)
        self.logf = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.logf)
        Server.started.append(self.proc)
        deadline = time.monotonic() + 60
        while not os.path.exists(self.portfile):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start: " + open(self.log).read())
            time.sleep(0.05)
        self.port = int(open(self.portfile).read())

    def request(self, method, target, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.putrequest(method, target, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        if body is not None:
            c.putheader("Content-Length", str(len(body)))
        c.endheaders(body)
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def raw(self, data, timeout=10, wait_close=True):
        """Send raw bytes; everything the server answers until it closes."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.sendall(data)
        out = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
                if not wait_close and b"\r\n\r\n" in out:
                    break
        except socket.timeout:
            pass
        s.close()
        return out

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "timeout"
        self.logf.close()
        return rc

    def log_lines(self):
        return open(self.log, encoding="utf-8", errors="replace").read().splitlines()


def cli_json(*args):
    r = subprocess.run([VPC] + list(args) + ["--json"], capture_output=True)
    return json.loads(r.stdout.decode("utf-8")) if r.stdout.strip() else None


def status_line(raw):
    line = raw.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


# ---- golden cases ------------------------------------------------------------

SHOWN = ("content-type", "allow", "x-vpostcode-rows", "x-vpostcode-failed")


def golden_text(srv):
    """The golden text of every case of tests/serve/cases.txt."""
    out = []
    for line in open(os.path.join(GOLDEN_DIR, "cases.txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        method, target = line.split(" ", 1)
        body = None
        if " <<< " in target:
            target, text = target.split(" <<< ", 1)
            body = text.replace("\\n", "\n").encode("utf-8")
        st, hdrs, data = srv.request(method, target, body,
                                     {"Content-Type": "text/csv"} if body is not None else None)
        rid = hdrs.get("x-request-id", "")
        text = data.decode("utf-8", errors="replace")
        if rid:
            text = text.replace(rid, "RID")
        text = text.replace(DB_PATH, "DATABASE")
        out.append("=== %s %s%s" % (method, target, " (body)" if body is not None else ""))
        out.append("%d" % st)
        for h in SHOWN:
            if h in hdrs:
                out.append("%s: %s" % (h, hdrs[h]))
        if not rid:
            out.append("(no X-Request-Id)")
        out.append(text.rstrip("\n"))
    return "\n".join(out) + "\n"


DB_PATH = ""


def main():
    global DB_PATH
    srv = Server("--timeout", "3", "--max-body", "1M", "--max-url", "4096", "--max-headers", "40")

    # Golden cases (the database's path, which depends on the build, masked).
    DB_PATH = json.loads(srv.request("GET", "/healthz")[2])["database"]
    text = golden_text(srv)
    golden = os.path.join(GOLDEN_DIR, "golden.txt")
    if UPDATE:
        open(golden, "w", encoding="utf-8").write(text)
        print("wrote " + golden)
    else:
        want = open(golden, encoding="utf-8").read()
        if text == want:
            check("golden cases (tests/serve/golden.txt)", True)
        else:
            got = os.path.join(TMP, "golden.got")
            open(got, "w", encoding="utf-8").write(text)
            diff = subprocess.run(["diff", "-u", golden, got], capture_output=True, text=True)
            check("golden cases (tests/serve/golden.txt)", False, "\n" + diff.stdout[:6000])

    # The same objects as the tool's --json.
    points = [(21.0288, 105.8525), (10.7725, 106.698), (16.4698, 107.5786), (10.0339, 105.7884),
              (20.858, 106.683), (11.9429, 108.437), (15.0, 112.0), (21.02, 100.0)]
    for lat, lon in points:
        for cmd in ("encode", "lookup"):
            st, hdrs, data = srv.request("GET", "/v1/%s?lat=%s&lon=%s" % (cmd, lat, lon))
            got = json.loads(data)
            want = cli_json(cmd, str(lat), str(lon))
            rid = got.pop("request_id", None)
            got.pop("message", None)
            check("%s %s %s = the tool's" % (cmd, lat, lon), got == want, "%r != %r" % (got, want))
            if want["status"] == "ok":
                check("%s %s %s: 200" % (cmd, lat, lon), st == 200, str(st))
            else:
                check("%s %s %s: 422 with its request id" % (cmd, lat, lon),
                      st == 422 and rid == hdrs.get("x-request-id"), "%s %s" % (st, rid))
    codes = ["11024 2RHX+FJJ", "110242RHXFJJ", "71009 MQFW+X5V", "100000 2RHX+FJJ",
             "11024 2RHX+FJQ", "1102", "99999 2RHX+FJJ", "11024 2RHX+FJJ-7"]
    for code in codes:
        enc = code.replace("%", "%25").replace(" ", "%20").replace("+", "%2B")
        for cmd in ("decode", "convert", "validate"):
            st, hdrs, data = srv.request("GET", "/v1/%s?code=%s" % (cmd, enc))
            got = json.loads(data)
            got.pop("request_id", None)
            want = cli_json(cmd, code)
            if "message" not in want:
                got.pop("message", None)
            check("%s %r = the tool's" % (cmd, code), got == want, "%r != %r" % (got, want))
    for number in ("11024", "00070", "100000", "99999"):
        st, hdrs, data = srv.request("GET", "/v1/ward/" + number)
        got = json.loads(data)
        got.pop("request_id", None)
        got.pop("message", None)
        want = cli_json("ward", number)
        check("ward %s = the tool's" % number, got == want, "%r != %r" % (got, want))
    for q in ("12 le loi, p sai gon, tphcm", "Phường Hoàn Kiếm, Hà Nội", "xyz"):
        st, hdrs, data = srv.request("GET", "/v1/address?q=" + urlq(q))
        got = json.loads(data)
        got.pop("request_id", None)
        got.pop("message", None)
        want = cli_json("address", q)
        check("address %r = the tool's" % q, got == want, "%r != %r" % (got, want))
    st, hdrs, data = srv.request("GET", "/v1/wards?province=01")
    got = json.loads(data)
    want = [json.loads(l) for l in subprocess.run([VPC, "wards", "--province", "01", "--json"],
                                                  capture_output=True).stdout.splitlines()]
    for w in want:
        w.pop("status")
    check("wards of 01 = the tool's", got["wards"] == want and got["count"] == len(want))
    st, hdrs, data = srv.request("GET", "/v1/provinces")
    got = json.loads(data)
    want = [json.loads(l) for l in subprocess.run([VPC, "provinces", "--json"],
                                                  capture_output=True).stdout.splitlines()]
    for w in want:
        w.pop("status")
    check("provinces = the tool's (34)", got["provinces"] == want and got["count"] == 34)

    # Every response has a request id; the client's is kept if sane.
    st, hdrs, data = srv.request("GET", "/healthz", headers={"X-Request-Id": "order-42.a_b"})
    check("the client's request id is kept", hdrs.get("x-request-id") == "order-42.a_b")
    st, hdrs, data = srv.request("GET", "/healthz", headers={"X-Request-Id": "bad id\x7f"})
    check("an unusable request id is replaced", len(hdrs.get("x-request-id", "")) == 16)
    ids = set()
    for _ in range(20):
        ids.add(srv.request("GET", "/healthz")[1]["x-request-id"])
    check("request ids are distinct", len(ids) == 20)

    # Malformed requests.
    for target, want_status, name in [
            ("/v1/decode?code=%ZZ", 400, "bad escape"), ("/v1/decode?code=%4", 400, "short escape"),
            ("/v1/decode?code=a%00b", 400, "encoded NUL"), ("/v1/address?q=%C3%28", 400, "bad UTF-8"),
            ("/v1/address?q=%ED%A0%80", 400, "UTF-8 surrogate"),
            ("/v1/%2e%2e/etc/passwd", 400, "encoded dot-dot"), ("/../etc/passwd", 400, "dot-dot"),
            ("/leaflet/../../../etc/passwd", 400, "dot-dot under leaflet"),
            ("/leaflet/leaflet.js%00.png", 400, "NUL in a file name"),
            ("/leaflet/leaflet.js%2F..%2F..%2Fetc%2Fpasswd", 400, "encoded slash"),
            ("/etc/passwd", 404, "a file outside the page"), ("/leaflet/LICENSE", 404, "an unlisted file"),
            ("/map.js/../../etc/passwd", 400, "dot-dot after a file")]:
        raw = srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % target).encode())
        st = status_line(raw)
        check("%s: %s -> %d" % (name, target, want_status),
              st == want_status and b"root:" not in raw, "got %d" % st)
    big = "/v1/encode?lat=21&lon=105&" + "x" * 5000
    st = status_line(srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % big).encode()))
    check("URL over --max-url -> 414", st == 414, str(st))
    huge = "/v1/encode?" + "a=1&" * 40000
    st = status_line(srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % huge).encode()))
    check("a 160 KB URL is refused (414 or 431), the server lives", st in (414, 431), str(st))
    many = "".join("X-H%d: v\r\n" % i for i in range(60))
    st = status_line(srv.raw(("GET /healthz HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n" % many).encode()))
    check("more than --max-headers headers -> 431", st == 431, str(st))
    st, hdrs, data = srv.request("POST", "/v1/encode?lat=21&lon=105", b"")
    check("POST to a GET endpoint -> 405 with Allow", st == 405 and "GET" in hdrs.get("allow", ""),
          "%s %s" % (st, hdrs.get("allow")))
    st, hdrs, data = srv.request("GET", "/v1/batch/encode")
    check("GET to a batch -> 405 with Allow: POST", st == 405 and "POST" in hdrs.get("allow", ""))
    for m in ("PUT", "DELETE", "PATCH"):
        st, hdrs, data = srv.request(m, "/v1/info")
        check("%s -> 405" % m, st == 405, str(st))
    raw = srv.raw(b"GARBAGE\r\n\r\n")
    check("a request line that is not HTTP: refused or closed, never answered 200",
          status_line(raw) in (0, 400, 505), raw[:60].decode("latin-1"))
    st, hdrs, data = srv.request("HEAD", "/v1/encode?lat=21.0288&lon=105.8525")
    check("HEAD: 200, no body", st == 200 and data == b"")
    st, hdrs, data = srv.request("OPTIONS", "/v1/encode")
    check("OPTIONS: 204 with Allow, no CORS headers by default",
          st == 204 and "allow" in hdrs and "access-control-allow-origin" not in hdrs)

    # A huge body: refused by its Content-Length, or when it passes the limit.
    raw = srv.raw(b"POST /v1/batch/encode HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                  b"Content-Length: 2000000\r\n\r\nlat,lon\n")
    check("a body over --max-body (Content-Length) -> 413 before it is sent",
          status_line(raw) == 413 and b"HTTP_BODY_TOO_LARGE" in raw, raw[:80].decode("latin-1"))
    c = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    c.sendall(b"POST /v1/batch/encode HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
              b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    chunk = b"21.0288,105.8525\n" * 4000
    try:
        c.sendall(b"%x\r\nlat,lon\n\r\n" % 8)
        for _ in range(40):
            c.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        c.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    out = b""
    try:
        while True:
            d = c.recv(65536)
            if not d:
                break
            out += d
    except OSError:
        pass
    c.close()
    check("a chunked body passing --max-body -> 413", status_line(out) == 413, out[:80].decode("latin-1"))

    # A slow client is cut off (--timeout 3).
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    t0 = time.monotonic()
    closed = False
    try:
        closed = s.recv(1024) == b""
    except OSError:
        closed = True
    took = time.monotonic() - t0
    s.close()
    check("a client silent in its headers is cut off after --timeout (%.1f s)" % took,
          closed and 2 <= took <= 10)
    st, hdrs, data = srv.request("GET", "/healthz")
    check("the server still answers after the malformed requests", st == 200)

    # Batches: the tool's output, byte for byte.
    csv_path = os.path.join(TMP, "points.csv")
    with open(csv_path, "w", encoding="utf-8") as f:
        f.write("id,lat,lon,note\n")
        for i, (lat, lon) in enumerate(points * 50):
            f.write('%d,%s,%s,"a, b"\n' % (i, lat + i * 1e-5, lon))
        f.write("bad,x,y,\n")
    body = open(csv_path, "rb").read()
    st, hdrs, data = srv.request("POST", "/v1/batch/encode", body, {"Content-Type": "text/csv"})
    run = subprocess.run([VPC, "encode", "--input", csv_path], capture_output=True)
    tool = run.stdout
    check("batch encode (CSV) = the tool's batch output", st == 200 and data == tool,
          "%s, %d vs %d bytes" % (st, len(data), len(tool)))
    summary = "%s rows, %d ok, %s failed" % (hdrs.get("x-vpostcode-rows"),
                                             int(hdrs.get("x-vpostcode-rows", 0)) -
                                             int(hdrs.get("x-vpostcode-failed", 0)),
                                             hdrs.get("x-vpostcode-failed"))
    check("batch headers: rows and failed as the tool counts them (%s)" % summary,
          hdrs.get("x-vpostcode-rows") == "401" and summary.encode() in run.stderr,
          run.stderr.decode()[:200])
    jl = os.path.join(TMP, "codes.jsonl")
    with open(jl, "w", encoding="utf-8") as f:
        for code in codes:
            f.write(json.dumps({"code": code, "k": 1}, ensure_ascii=False) + "\n")
    for cmd in ("decode", "convert", "validate"):
        st, hdrs, data = srv.request("POST", "/v1/batch/" + cmd, open(jl, "rb").read(),
                                     {"Content-Type": "application/x-ndjson"})
        tool = subprocess.run([VPC, cmd, "--input", jl], capture_output=True).stdout
        check("batch %s (JSON Lines) = the tool's" % cmd, st == 200 and data == tool and
              hdrs.get("content-type", "").startswith("application/x-ndjson"), "%s" % st)
    tsv = os.path.join(TMP, "addr.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        f.write("dia_chi\tx\n12 le loi, p sai gon, tphcm\t1\nPhường Hoàn Kiếm, Hà Nội\t2\nzzz\t3\n")
    st, hdrs, data = srv.request("POST", "/v1/batch/address", open(tsv, "rb").read(),
                                 {"Content-Type": "text/tab-separated-values"})
    tool = subprocess.run([VPC, "address", "--input", tsv], capture_output=True).stdout
    check("batch address (TSV) = the tool's", st == 200 and data == tool, str(st))
    st, hdrs, data = srv.request("POST", "/v1/batch/encode?lat-col=2&lon-col=3&no-header=1",
                                 b"a,21.0288,105.8525\n", {"Content-Type": "text/csv"})
    tool = subprocess.run([VPC, "encode", "--input", "-", "--lat-col", "2", "--lon-col", "3",
                           "--no-header"], input=b"a,21.0288,105.8525\n", capture_output=True).stdout
    check("batch parameters are the tool's options", st == 200 and data == tool, str(st))
    for body, name in [(b"", "empty"), (b"foo\n1\n", "no point column"),
                       (b"\x1f\x8b\x08\x00", "gzip"), (b"\xff\xfel\x00a\x00", "UTF-16")]:
        st, hdrs, data = srv.request("POST", "/v1/batch/encode", body, {"Content-Type": "text/csv"})
        j = json.loads(data)
        check("batch with %s body -> 400 HTTP_BAD_BATCH and a reason" % name,
              st == 400 and j["status"] == "HTTP_BAD_BATCH" and len(j["message"]) > 10, data[:200])
    st, hdrs, data = srv.request("POST", "/v1/batch/encode?nope=1", b"lat,lon\n", {})
    check("batch with an unknown parameter -> 400", st == 400, str(st))
    st, hdrs, data = srv.request("POST", "/v1/batch/ward", b"x\n", {})
    check("batch of a command not offered -> 404", st == 404, str(st))

    # GeoJSON.
    st, hdrs, data = srv.request("GET", "/v1/boundaries.geojson?bbox=105.84,21.02,105.86,21.04&zoom=15")
    fc = json.loads(data)
    codes_here = {f["properties"]["code"] for f in fc["features"]}
    check("boundaries around Hoàn Kiếm lake hold ward 00070",
          st == 200 and "00070" in codes_here and hdrs["content-type"].startswith("application/geo+json"))
    st, hdrs, data = srv.request("GET", "/v1/boundaries.geojson?bbox=102,8,110,23.5&zoom=5")
    fc = json.loads(data)
    rings_ok = all(len(r) >= 4 and r[0] == r[-1] for f in fc["features"]
                   for p in f["geometry"]["coordinates"] for r in p)
    check("the whole country at zoom 5: most wards, every ring closed (%d features, %d KB)"
          % (len(fc["features"]), len(data) // 1024),
          st == 200 and len(fc["features"]) > 2000 and rings_ok and len(data) < 3_000_000)
    full = srv.request("GET", "/v1/ward/00070.geojson")[2]
    z12 = srv.request("GET", "/v1/ward/00070.geojson?zoom=12")[2]
    fz = json.loads(full)
    want = subprocess.run([VPC, "geojson", "--ward", "00070"], capture_output=True).stdout
    check("a ward's full boundary has the tool's vertices",
          fz["geometry"] == json.loads(want)["geometry"])
    check("zoom 12 simplifies it (%d -> %d bytes)" % (len(full), len(z12)), len(z12) < len(full) / 2)
    st, hdrs, data = srv.request("GET", "/v1/cell/11024-2RHX-FJJ.geojson")
    cell = json.loads(data)
    check("a cell's GeoJSON: its polygon and display code with check character",
          st == 200 and cell["properties"]["display"].startswith("11024 2RHX+FJJ-") and
          len(cell["geometry"]["coordinates"][0]) == 5)

    # The page's files.
    st, hdrs, data = srv.request("GET", "/")
    check("/ is the map page, with a Content-Security-Policy",
          st == 200 and hdrs["content-type"].startswith("text/html") and
          "default-src 'self'" in hdrs.get("content-security-policy", "") and
          "https:" not in hdrs.get("content-security-policy", "") and b"leaflet" in data)
    for f in ("/map.js", "/map.css", "/leaflet/leaflet.js", "/leaflet/leaflet.css",
              "/leaflet/images/marker-icon.png"):
        st, hdrs, data = srv.request("GET", f)
        check("%s is served (%d bytes)" % (f, len(data)), st == 200 and len(data) > 100, str(st))
    st, hdrs, data = srv.request("GET", "/v1/openapi.json")
    doc = json.loads(data)
    paths = doc.get("paths", {})
    needed = ["/v1/encode", "/v1/decode", "/v1/lookup", "/v1/convert", "/v1/validate",
              "/v1/address", "/v1/search", "/v1/wards", "/v1/provinces", "/v1/info", "/healthz",
              "/v1/boundaries.geojson"]
    check("the OpenAPI document (%s) lists every endpoint" % doc.get("openapi"),
          doc.get("openapi", "").startswith("3.") and all(p in paths for p in needed) and
          any("batch" in p for p in paths) and any("cell" in p for p in paths),
          str([p for p in needed if p not in paths]))

    # The access log: one JSON line per request, with the request's id.
    st, hdrs, data = srv.request("GET", "/v1/encode?lat=21.0288&lon=105.8525",
                                 headers={"X-Request-Id": "log-check-1"})
    time.sleep(0.2)
    lines = [json.loads(l) for l in srv.log_lines() if l.startswith("{")]
    mine = [l for l in lines if l.get("id") == "log-check-1"]
    check("the access log has the request: id, method, path, status, time",
          len(mine) == 1 and mine[0]["status"] == 200 and mine[0]["path"] == "/v1/encode" and
          mine[0]["method"] == "GET" and mine[0]["ms"] >= 0 and "q=" not in json.dumps(mine[0]))

    # SIGHUP: the database opened again, the requests go on.
    Server.last_info = srv.request("GET", "/v1/info")[2]
    info0 = json.loads(Server.last_info)
    srv.proc.send_signal(signal.SIGHUP)
    time.sleep(1.0)
    info1 = json.loads(srv.request("GET", "/v1/info")[2])
    check("SIGHUP opens the database again (reloads %d -> %d)" % (info0["reloads"], info1["reloads"]),
          info1["reloads"] == info0["reloads"] + 1)
    rc = srv.stop()
    check("SIGTERM: exit status 0", rc == 0,
          "%s; the server's log ends:\n%s" % (rc, "\n".join(
              l for l in srv.log_lines() if not l.startswith('{"time"'))[-6000:]))

    # CORS when asked; a database that does not open; a port in use.
    tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    srv2 = Server("--cors", "https://example.com", "--quiet", "--tiles", tiles)
    info = json.loads(srv2.request("GET", "/v1/info")[2])
    st, hdrs, data = srv2.request("GET", "/")
    check("--tiles: the page is told the template, its CSP lets the tiles in",
          info["tiles"] == tiles and "https:" in hdrs.get("content-security-policy", ""))
    check("without --tiles: no template, no outside image allowed",
          json.loads(Server.last_info)["tiles"] is None if Server.last_info else False)
    st, hdrs, data = srv2.request("GET", "/healthz", headers={"Origin": "https://example.com"})
    check("--cors: Access-Control-Allow-Origin", hdrs.get("access-control-allow-origin") == "https://example.com")
    st, hdrs, data = srv2.request("OPTIONS", "/v1/batch/encode",
                                  headers={"Origin": "https://example.com",
                                           "Access-Control-Request-Method": "POST"})
    check("--cors: a preflight is answered", st == 204 and "POST" in
          hdrs.get("access-control-allow-methods", ""))
    busy = subprocess.run([VPC, "serve", "--port", str(srv2.port)], capture_output=True, timeout=60)
    check("a port in use: exit status 2 and a reason", busy.returncode == 2 and
          b"cannot listen" in busy.stderr, busy.stderr.decode()[:200])
    srv2.stop()
    bad = os.path.join(TMP, "bad.vpc")
    open(bad, "wb").write(b"not a database" * 100)
    r = subprocess.run([VPC, "serve", "--port", "0", "--db", bad], capture_output=True, timeout=60)
    check("a corrupt database: exit status 3 and the status name",
          r.returncode == 3 and b"VPC_E_DB_CORRUPT" in r.stderr, r.stderr.decode()[:200])
    r = subprocess.run([VPC, "serve", "--port", "70000"], capture_output=True, timeout=60)
    check("a bad option value: exit status 2", r.returncode == 2)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def urlq(s):
    from urllib.parse import quote
    return quote(s, safe="")


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for p in Server.started:
            if p.poll() is None:
                p.kill()
                p.wait()
        subprocess.run(["rm", "-rf", TMP])
