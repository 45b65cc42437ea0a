#!/usr/bin/env python3
"""lookup.py - find current wards and pre-2025 communes by name in the source data.

    lookup.py new PROVINCE WARD               current wards of that name
    lookup.py old PROVINCE DISTRICT COMMUNE   a pre-2025 commune and its current wards
    lookup.py --fill FILE.tsv                 fill the expected and class columns of a set
    lookup.py --check FILE.tsv                recompute them and report differences

Names match without diacritics, case or spaces ("hoankiem" = "Hoàn Kiếm");
a leading type word ("Phường 5", "Quận 1", "Huyện Cai Lậy") narrows the
match. PROVINCE is a name or a code, of the current provinces for `new`, of
the 63 pre-2025 provinces for `old`.

In a set file the source column (the 6th) holds the unit the row means,
one spec or several joined by ";" (the text fits each of them):
    new:PROVINCE:WARD
    old:PROVINCE:DISTRICT:COMMUNE
--fill writes the expected wards (the union of the specs' wards) and the
class: ok for one ward; split for one old commune now in several wards;
ambiguous for several specs leading to several wards.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srcdata  # noqa: E402
from srcdata import key  # noqa: E402

ALL_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Quận", "Huyện", "Tỉnh",
             "Xã")


class LookupError_(Exception):
    pass


def split_type(name):
    t, short = srcdata.strip_type(name.strip(), ALL_TYPES)
    return t, key(short)


def match(units, name):
    t, k = split_type(name)
    out = [u for u in units if key(u.short) == k and (not t or u.type == t)]
    if not out:
        out = [u for u in units if key(u.name) == key(name)]
    return out


def one(units, name, what):
    found = match(units, name)
    if len(found) != 1:
        raise LookupError_("%s %r: %d matches %s" % (what, name, len(found), found[:6]))
    return found[0]


def province(src, name, old):
    provs = src.old_provinces if old else src.provinces
    for p in provs:
        if p.code == name:
            return p
    return one(provs, name, "province")


def resolve(src, spec):
    """(ward codes, one old commune divided?) of a spec."""
    parts = spec.split(":")
    if parts[0] == "new" and len(parts) == 3:
        w = one(province(src, parts[1], False).children, parts[2], "ward")
        return [w.code], False, w.name
    if parts[0] == "old" and len(parts) == 4:
        prov = province(src, parts[1], True)
        dists = match(prov.children, parts[2])
        if not dists:
            # a district abolished before 01/03/2025: its communes are in its successors
            gone = match([d for d in src.abolished_districts if d.parent == prov.code], parts[2])
            dists = [src.old_districts[c] for g in gone for c in g.successors]
        if len(dists) != 1:
            dists = [d for d in dists if match(d.children, parts[3])] or dists
        if len(dists) != 1:
            raise LookupError_("district %r: %d matches %s" % (parts[2], len(dists), dists[:6]))
        d = dists[0]
        found = match(d.children, parts[3])
        if not found:
            # a former name of a commune, or a commune abolished before 01/03/2025
            t, k = split_type(parts[3])
            found = [c for c in d.children for n in c.former
                     if split_type(n)[1] == k and (not t or n.startswith(t))]
            found = found or match([a for a in src.abolished if a.parent == d.code], parts[3])
        if len(found) != 1:
            raise LookupError_("commune %r: %d matches %s" % (parts[3], len(found), found[:6]))
        c = found[0]
        return sorted(c.successors), len(c.successors) > 1, "%s %s, %s" % (c.code, c.name, d.name)
    raise LookupError_("bad spec %r" % spec)


def expected(src, source):
    specs = [s for s in source.split(";") if s]
    codes, divided = set(), False
    for s in specs:
        c, d, _ = resolve(src, s)
        codes.update(c)
        divided = divided or d
    codes = sorted(codes)
    if len(codes) == 1:
        klass = "ok"
    elif len(specs) == 1 and divided:
        klass = "split"
    else:
        klass = "ambiguous"
    return codes, klass


def fill(src, path, check):
    out, bad = [], 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#") or line.startswith("id\t"):
            out.append(line)
            continue
        cols = line.split("\t")
        if len(cols) < 6:
            print("%s:%d: fewer than 6 columns" % (path, n), file=sys.stderr)
            bad += 1
            out.append(line)
            continue
        try:
            codes, klass = expected(src, cols[5])
        except LookupError_ as e:
            print("%s:%d: %s" % (path, n, e), file=sys.stderr)
            bad += 1
            out.append(line)
            continue
        labels = [l for l in cols[1].split(",") if l and l not in ("split", "ambiguous")]
        if klass != "ok":
            labels.append(klass)
        new = cols[:1] + [",".join(labels), cols[2], "|".join(codes), klass] + cols[5:]
        if check and (cols[3] != new[3] or cols[4] != new[4]):
            print("%s:%d: %s: stored %s %s, sources give %s %s" % (
                path, n, cols[0], cols[3], cols[4], new[3], new[4]), file=sys.stderr)
            bad += 1
        out.append("\t".join(new))
    if not check:
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        os.replace(path + ".tmp", path)
    return 1 if bad else 0


def main():
    a = sys.argv[1:]
    src = srcdata.load()
    if len(a) == 2 and a[0] in ("--fill", "--check"):
        return fill(src, a[1], a[0] == "--check")
    try:
        if len(a) == 3 and a[0] == "new":
            p = province(src, a[1], False)
            for w in match(p.children, a[2]) or [w for w in p.children
                                                 if key(a[2]) in key(w.short)]:
                print(w.code, src.postal.get(w.code, ""), w.name)
            return 0
        if len(a) == 4 and a[0] == "old":
            p = province(src, a[1], True)
            for d in match(p.children, a[2]):
                for c in match(d.children, a[3]) or [c for c in d.children
                                                     if key(a[3]) in key(c.short)]:
                    print(c.code, c.name, d.name, "->", ", ".join(
                        "%s %s" % (w, src.wards[w].name) for w in c.successors))
            return 0
    except LookupError_ as e:
        print(e, file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
