#!/bin/sh
# browser.sh - the map page of `vpostcode serve` in a real browser: the
# server is started as a process on a free loopback port, tests/browser.py
# drives headless Chromium over it (a click, a search, the hash, an
# address, the sea), then the server is stopped with SIGTERM and must exit
# 0. Screenshots of every step go to $VPC_BROWSER_ARTEFACTS (default
# $VPC_BUILDDIR/tests/browser). Skipped (77) without Chromium, chromedriver
# or Selenium.
set -u
b=${VPC_BUILDDIR:?} s=${VPC_SRCDIR:?}
vpc=$b/tools/vpostcode
py=/usr/bin/python3
art=${VPC_BROWSER_ARTEFACTS:-$b/tests/browser}
[ -x /usr/bin/chromium ] || { echo "SKIP: /usr/bin/chromium not installed"; exit 77; }
[ -x /usr/bin/chromedriver ] || { echo "SKIP: /usr/bin/chromedriver not installed"; exit 77; }
{ [ -x "$py" ] && "$py" -c 'import selenium' 2> /dev/null; } || {
    echo "SKIP: Selenium for $py not installed (Debian package python3-selenium)"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkdir -p "$art" || exit 1
rm -f "$art"/map-*.png

# ---- the server, a real process on a port of its choice
"$vpc" serve --port 0 --port-file "$tmp/port" --quiet > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
i=0
while [ ! -s "$tmp/port" ]; do
    if ! kill -0 "$pid" 2> /dev/null; then
        wait "$pid"
        echo "FAIL: the server exited with status $? before listening"
        cat "$tmp/serve.err"
        pid=
        exit 1
    fi
    i=$((i + 1))
    if [ "$i" -gt 200 ]; then
        echo "FAIL: no port file after 20 s"
        cat "$tmp/serve.err"
        exit 1
    fi
    sleep 0.1 2> /dev/null || sleep 1
done
sleep 0.1 2> /dev/null || sleep 1 # the whole number written
port=$(cat "$tmp/port")
case $port in
'' | *[!0-9]*) echo "FAIL: the port file holds '$port', not a port number"; exit 1 ;;
esac
url=http://127.0.0.1:$port/
echo "server: $url (pid $pid)"

# ---- the browser
"$py" "$s/tests/browser.py" "$url" "$art"
rc=$?
echo "screenshots: $art"

# ---- a graceful stop: SIGTERM, exit status 0 within 20 s
kill -TERM "$pid"
(sleep 20; kill -KILL "$pid" 2> /dev/null) > /dev/null 2>&1 &
dog=$!
wait "$pid"
st=$?
pid=
kill "$dog" 2> /dev/null
if [ "$st" -ne 0 ]; then
    echo "FAIL: the server exited with status $st after SIGTERM (137: killed after 20 s)"
    cat "$tmp/serve.err"
    exit 1
fi
echo "ok   the server stopped on SIGTERM with status 0"
if [ -s "$tmp/serve.err" ]; then
    echo "server's stderr:"
    sed 's/^/  /' "$tmp/serve.err"
fi
exit "$rc"
