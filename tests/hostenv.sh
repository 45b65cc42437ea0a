# hostenv.sh - sourced by the test scripts that run programs not built here
# (sqlite3, python3, go) on the library.
#
# host PROGRAM ARGS...   runs PROGRAM; in a build with sanitizers
# (configure --enable-sanitizers) the sanitizer's runtime is preloaded so
# that the instrumented library can load, and the program's own leaks at
# exit, which are not the library's, are not reported.
host() {
    if [ -n "${VPC_SANITIZER_RUNTIME:-}" ]; then
        LD_PRELOAD=$VPC_SANITIZER_RUNTIME${LD_PRELOAD:+:$LD_PRELOAD} \
            ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS} "$@"
    else
        "$@"
    fi
}
