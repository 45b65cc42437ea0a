# outmatch.sh - sourced by the tests that compare a block of output shown in
# README.md with real output (readme.sh, quickstart.sh).
#
# outmatch WANT GOT: 0 when file GOT matches file WANT line by line, else 1
# and a report on stdout. A line of WANT that is exactly "..." stands for
# any number of lines (none included); every other line must equal its line
# of GOT exactly (trailing spaces too). So a block ending in "..." must
# match the beginning of the output, and one with "..." in the middle its
# beginning and its end.
outmatch() {
    awk '
    FNR == NR { w[++nw] = $0; next }
    { g[++ng] = $0 }
    function seg_at(s, p,    i) { # does segment s match GOT at line p?
        if (p < 1 || p + len[s] - 1 > ng) return 0
        for (i = 0; i < len[s]; i++)
            if (w[start[s] + i] != g[p + i]) return 0
        return 1
    }
    function show(s, p,    i) { # the first difference of segment s at line p
        for (i = 0; i < len[s]; i++)
            if (p + i > ng || w[start[s] + i] != g[p + i]) {
                printf "    README line %d of the block: %s\n", start[s] + i, w[start[s] + i]
                printf "    output line %d:              %s\n", p + i, (p + i > ng ? "(end of output)" : g[p + i])
                return
            }
    }
    END {
        # Segments: the runs of lines between the "..." lines.
        k = 1; start[1] = 1; len[1] = 0
        for (i = 1; i <= nw; i++) {
            if (w[i] == "...") { k++; start[k] = i + 1; len[k] = 0 }
            else len[k]++
        }
        if (k == 1) { # no "...": the whole output
            if (nw == ng && seg_at(1, 1)) exit 0
            show(1, 1)
            if (nw != ng) printf "    (%d lines shown, %d printed)\n", nw, ng
            exit 1
        }
        if (!seg_at(1, 1)) { print "  the beginning differs:"; show(1, 1); exit 1 }
        last = ng - len[k] + 1
        if (last < 1 + len[1] || !seg_at(k, last)) {
            print "  the end differs:"; show(k, last < 1 ? 1 : last); exit 1
        }
        p = 1 + len[1]
        for (s = 2; s < k; s++) {
            for (q = p; q + len[s] <= last; q++)
                if (seg_at(s, q)) break
            if (q + len[s] > last) {
                printf "  lines %d-%d of the block are not in the output (in that order)\n", \
                    start[s], start[s] + len[s] - 1
                exit 1
            }
            p = q + len[s]
        }
        exit 0
    }' "$1" "$2"
}
