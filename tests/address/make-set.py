#!/usr/bin/env python3
"""make-set.py - the generated evaluation set of the address resolver.

    make-set.py [--quick] [--seed N] [--src DIR] OUTPUT.tsv

Writes systematic variants of the address of every current ward (3,321)
and of a seeded sample of the pre-2025 communes (every commune divided
between several wards, and a share of the others), as people write them:
with and without diacritics, upper case, NFD, abbreviated type words (P.,
F., Q., TP., TX., TT., H., X.), numbered wards and districts (P5, P.05,
Q.10), province shorthands (HCM, TPHCM, SG, HN, ĐN, BRVT, TPCT), other
separators (" - ", "|", a newline, spaces only), in English, after a
street part, followed by "Việt Nam", and with one typing error in a long
name. --quick writes a small subset (a few hundred rows) for the test
suite.

The expected wards come from the source data only (srcdata.py): a current
ward is its own answer; an old commune's answer is its successors in
dvhcvn-20250701/splits.json (all of them when it was divided: status
class `split`). When the text fits several units (a name without its type
word shared by a Phường and a Xã), the answer is every ward they lead to:
class `ambiguous` if those are several, `ok` if one.

Columns (tab-separated; in text, \\n is a newline, \\t a tab, \\\\ a
backslash): id, labels (comma list), text, expected ward codes
(|-joined), class (ok / split / ambiguous), source (the unit the row was
made from).
"""

import argparse
import os
import random
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srcdata  # noqa: E402
from srcdata import key, dkey  # noqa: E402

# Shorthands people use for provinces (common usage, not a data source).
CURRENT_SHORT = {
    "01": ["HN", "Hà Nội", "TP HN", "Ha Noi"],
    "79": ["HCM", "TPHCM", "TP.HCM", "TP HCM", "Sài Gòn", "SG", "Tp.HCM", "HCMC"],
    "48": ["ĐN", "Đà Nẵng", "TP Đà Nẵng", "Da Nang"],
    "92": ["TPCT", "Cần Thơ", "TP Cần Thơ"],
    "31": ["HP", "TP Hải Phòng", "Hai Phong"],
    "46": ["Huế", "TP Huế", "TT Huế"],
}
OLD_SHORT = dict(CURRENT_SHORT)
OLD_SHORT.update({
    "77": ["BRVT", "BR-VT", "Bà Rịa Vũng Tàu", "Vũng Tàu"],
    "46": ["TT Huế", "Thừa Thiên Huế", "TT-Huế", "Huế"],
})
ENGLISH_PROVINCE = {"79": "Ho Chi Minh City", "01": "Hanoi", "48": "Da Nang City",
                    "31": "Hai Phong City", "92": "Can Tho City", "46": "Hue City"}

ABBREV = {
    "Phường": ["P.", "P. ", "P", "p.", "F.", "Ph."],
    "Xã": ["X.", "X. ", "x.", "xa "],
    "Thị trấn": ["TT.", "TT ", "Tt.", "tt."],
    "Quận": ["Q.", "Q. ", "Q ", "q."],
    "Huyện": ["H.", "H. ", "h."],
    "Thị xã": ["TX.", "TX ", "Tx.", "T.X "],
    "Thành phố": ["TP.", "TP ", "Tp ", "T.P ", "Tp.", "tp."],
    "Tỉnh": ["T.", "tỉnh "],
    "Đặc khu": ["ĐK ", "Đặc khu "],
}
NUMBERED_WARD = ["P{n}", "P.{n:02d}", "P.{n}", "F{n}", "Phường {n:02d}", "P {n}", "F.{n}", "p{n}"]
NUMBERED_DISTRICT = ["Q{n}", "Q.{n}", "Q.{n:02d}", "Quận {n:02d}", "Q {n}", "q{n}"]
ENGLISH_TYPE = {"Phường": "Ward", "Xã": "Commune", "Thị trấn": "Town", "Đặc khu": "Special Zone",
                "Quận": "District", "Huyện": "District", "Thị xã": "Town",
                "Thành phố": "City", "Tỉnh": "Province"}

STREETS = ["Trần Phú", "Lê Lợi", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Nguyễn Huệ",
           "Lê Duẩn", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Nguyễn Văn Cừ", "Phan Đình Phùng",
           "Bà Triệu", "Nguyễn Thị Minh Khai", "Võ Văn Kiệt", "Tôn Đức Thắng", "Phạm Văn Đồng",
           "Nguyễn Chí Thanh", "Lê Hồng Phong", "Hoàng Diệu", "Trường Chinh", "Nguyễn Du",
           "Quốc lộ 1A", "Tỉnh lộ 10", "Hùng Vương", "Quang Trung", "Lạc Long Quân"]
HAMLETS = ["Thôn {n}", "Ấp {n}", "Tổ {n}", "Khu phố {n}", "Xóm {n}", "Bản Na Hang", "Ấp Mỹ Thuận",
           "Thôn Đông", "Tổ dân phố {n}", "KP{n}", "ấp Tân Hiệp"]
BUILDINGS = ["Tòa nhà Sunrise", "Chung cư Hoàng Anh", "Block B", "Tầng 3", "KCN Tân Bình",
             "Lô B2 KCN", "Tòa A2"]


def ascii_text(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def letters(text):
    return sum(1 for c in text if c.isalpha())


def edit_distance(a, b, cap=3):
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def typo(rng, name):
    """name with one edit (substitution, deletion, doubling or swap) on a letter."""
    idx = [i for i, c in enumerate(name) if c.isalpha() and i > 0]
    for _ in range(20):
        i = rng.choice(idx)
        kind = rng.randrange(4)
        if kind == 0:
            c = rng.choice("aeiounhtcgmlr")
            out = name[:i] + c + name[i + 1:]
        elif kind == 1:
            out = name[:i] + name[i + 1:]
        elif kind == 2:
            out = name[:i] + name[i] + name[i:]
        else:
            if i + 1 >= len(name) or not name[i + 1].isalpha():
                continue
            out = name[:i] + name[i + 1] + name[i] + name[i + 2:]
        if key(out) != key(name):
            return out
    return None


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def pick(rng, weighted):
    r = rng.random() * sum(w for _, w in weighted)
    for v, w in weighted:
        r -= w
        if r < 0:
            return v
    return weighted[-1][0]


def number_of(short):
    return int(short) if short.isdigit() else None


class Maker:
    def __init__(self, src, seed):
        self.src = src
        self.rng = random.Random(seed)
        self.rows = []
        # current: province code -> key -> wards
        self.cur_keys = {}
        for p in src.provinces:
            m = self.cur_keys.setdefault(p.code, {})
            for w in p.children:
                m.setdefault(key(w.short), []).append(w)
        # old: old province code -> commune key -> communes
        self.old_keys = {}
        for p in src.old_provinces:
            m = self.old_keys.setdefault(p.code, {})
            for d in p.children:
                for c in d.children:
                    m.setdefault(key(c.short), []).append(c)

    # -- rendering helpers ---------------------------------------------
    def unit_text(self, utype, short, style, labels, numbered_ok=True, district=False):
        """A unit with its type word: style full / abbrev / none."""
        n = number_of(short)
        if n is not None and numbered_ok and style != "full" or n is not None and style == "none":
            labels.add("numbered")
            pats = NUMBERED_DISTRICT if district else NUMBERED_WARD
            if utype not in ("Quận", "Phường"):
                return "%s %s" % (utype, short)
            return self.rng.choice(pats).format(n=n)
        if n is not None:
            labels.add("numbered")
        if style == "full":
            return "%s %s" % (utype, short)
        if style == "abbrev":
            labels.add("abbrev")
            a = self.rng.choice(ABBREV[utype])
            return a + short if a.endswith((".", " ")) else a + " " + short
        labels.add("notype")
        return short

    def province_text(self, prov, style, labels, shorthands):
        if style == "shorthand" and prov.code in shorthands:
            labels.add("province-short")
            return self.rng.choice(shorthands[prov.code])
        if style == "full":
            return prov.name
        if style == "abbrev":
            labels.add("abbrev")
            a = self.rng.choice(ABBREV[prov.type])
            return a + prov.short if a.endswith((".", " ")) else a + " " + prov.short
        return prov.short

    def street(self, labels, avoid):
        labels.add("street")
        rng = self.rng
        n = rng.randint(1, 250)
        st = rng.choice([s for s in STREETS if key(s) not in avoid])
        form = rng.randrange(9)
        if form == 0:
            return "%d %s" % (n, st)
        if form == 1:
            return "Số %d đường %s" % (n, st)
        if form == 2:
            return "%d/%d %s" % (n, rng.randint(1, 40), st)
        if form == 3:
            return "Số %d ngõ %d %s" % (rng.randint(1, 60), n, st)
        if form == 4:
            return "%d Hẻm %d/%d %s" % (rng.randint(1, 30), n, rng.randint(1, 20), st)
        if form == 5:
            h = rng.choice(HAMLETS).format(n=rng.randint(1, 12))
            return h if key(h) not in avoid else "Thôn %d" % rng.randint(1, 12)
        if form == 6:
            return "P%d %s, %d %s" % (rng.randint(2, 30) * 100 + rng.randint(1, 20),
                                      rng.choice(BUILDINGS), n, st)
        if form == 7:
            return "%d%s %s" % (n, rng.choice("ABC"), st)
        return "Kiệt %d %s" % (n, st)

    def add(self, labels, parts, sep, expected_units, source, dia, typo_done):
        text = sep.join(parts)
        if dia == "ascii":
            text = ascii_text(text)
        elif dia == "upper":
            text = text.upper()
            labels.add("upper")
        elif dia == "nfd":
            text = unicodedata.normalize("NFD", text)
            labels.add("nfd")
        labels.add("nodiacritics" if dia == "ascii" else "diacritics")
        labels.add("commas" if "," in sep else "nocommas")
        if sep.strip() and sep.strip() != ",":
            labels.add("separator")
        if sep == " ":
            labels.add("spaces")
        codes, klass = expected_units
        if klass != "ok":
            labels.add(klass)
        self.rows.append((sorted(labels, key=label_order), escape(text), "|".join(codes), klass,
                          source))

    # -- current form ----------------------------------------------------
    def current_expected(self, ward, typed, exact):
        cands = self.cur_keys[ward.province.code][key(ward.short)]
        if exact:
            cands = [w for w in cands if dkey(w.short) == dkey(ward.short)]
        if typed:
            cands = [w for w in cands if w.type == ward.type]
        codes = sorted({w.code for w in cands})
        return codes, ("ok" if len(codes) == 1 else "ambiguous")

    def typo_safe(self, ward):
        k = key(ward.short)
        return letters(ward.short) >= 7 and all(
            kk == k or edit_distance(kk, k) > 2 for kk in self.cur_keys[ward.province.code])

    def current_clean(self, ward, short_province):
        labels = {"new", "clean"}
        prov = ward.province
        parts = [ward.name, prov.short if short_province else prov.name]
        self.add(labels, parts, ", ", self.current_expected(ward, True, True), ward.name, "dia", False)

    def current_variant(self, ward):
        rng = self.rng
        prov = ward.province
        labels = {"new"}
        if rng.random() < 0.08:
            return self.current_english(ward)
        dia = pick(rng, [("dia", 50), ("ascii", 35), ("upper", 7), ("nfd", 8)])
        sep = pick(rng, [(", ", 55), (",", 10), (" - ", 10), (" | ", 5), ("\n", 5), (" ", 15)])
        wstyle = pick(rng, [("full", 45), ("abbrev", 35), ("none", 20)])
        pstyle = pick(rng, [("full", 30), ("short", 40), ("abbrev", 15), ("shorthand", 15)])
        name = ward.short
        if rng.random() < 0.12 and self.typo_safe(ward):
            t = typo(rng, name)
            if t:
                name, _ = t, labels.add("typo")
        wtext = self.unit_text(ward.type, name, wstyle, labels, numbered_ok=False)
        parts = [wtext, self.province_text(prov, pstyle, labels, CURRENT_SHORT)]
        if rng.random() < 0.35:
            avoid = set(self.cur_keys[prov.code])
            parts.insert(0, self.street(labels, avoid))
        if rng.random() < 0.15:
            labels.add("country")
            parts.append(rng.choice(["Việt Nam", "Vietnam", "VN", "Viet Nam"]))
        self.add(labels, parts, sep, self.current_expected(ward, wstyle != "none", dia != "ascii" and "typo" not in labels), ward.name,
                 dia, "typo" in labels)

    def current_english(self, ward):
        rng = self.rng
        prov = ward.province
        labels = {"new", "english"}
        wname = "%s %s" % (ward.name_en or ascii_text(ward.short), ENGLISH_TYPE[ward.type])
        pname = ENGLISH_PROVINCE.get(prov.code) or "%s %s" % (
            prov.name_en, rng.choice(["Province", ""])) if prov.type == "Tỉnh" else \
            ENGLISH_PROVINCE.get(prov.code, prov.name_en)
        parts = [wname, pname.strip()]
        if rng.random() < 0.3:
            parts.insert(0, "%d %s Street" % (rng.randint(1, 200), ascii_text(rng.choice(STREETS))))
            labels.add("street")
        if rng.random() < 0.5:
            parts.append("Vietnam")
            labels.add("country")
        self.add(labels, parts, ", ", self.current_expected(ward, True, False), ward.name, "ascii", False)

    # -- pre-2025 form ---------------------------------------------------
    def old_expected(self, com, ctyped, dist_typed, exact):
        """Every commune of the old province the text fits: same commune key (and type
        when written), in a district of the same key (and type when written)."""
        dist = com.parent
        out = []
        for c in self.old_keys[com.province.code][key(com.short)]:
            if ctyped and c.type != com.type:
                continue
            if exact and dkey(c.short) != dkey(com.short):
                continue
            d = c.parent
            if key(d.short) != key(dist.short) or (dist_typed and d.type != dist.type):
                continue
            if exact and dkey(d.short) != dkey(dist.short):
                continue
            out.append(c)
        codes = sorted({w for c in out for w in c.successors})
        if len(out) > 1 and len(codes) > 1:
            return codes, "ambiguous"
        if len(codes) > 1:
            return codes, "split"
        return codes, "ok"

    def old_clean(self, com):
        labels = {"old", "clean"}
        parts = [com.name, com.parent.name, com.province.name]
        self.add(labels, parts, ", ", self.old_expected(com, True, True, True), "%s / %s / %s" % (
            com.code, com.name, com.parent.name), "dia", False)

    def old_variant(self, com):
        rng = self.rng
        dist, prov = com.parent, com.province
        labels = {"old"}
        if rng.random() < 0.08:
            return self.old_english(com)
        dia = pick(rng, [("dia", 50), ("ascii", 35), ("upper", 7), ("nfd", 8)])
        sep = pick(rng, [(", ", 55), (",", 10), (" - ", 10), (" | ", 5), ("\n", 5), (" ", 15)])
        cstyle = pick(rng, [("full", 45), ("abbrev", 40), ("none", 15)])
        dstyle = pick(rng, [("full", 40), ("abbrev", 40), ("none", 20)])
        pstyle = pick(rng, [("full", 30), ("short", 40), ("abbrev", 15), ("shorthand", 15)])
        if number_of(com.short) is not None and cstyle == "none":
            cstyle = "abbrev"
        if number_of(dist.short) is not None and dstyle == "none":
            dstyle = "abbrev"
        name = com.short
        k = key(name)
        if rng.random() < 0.12 and letters(name) >= 7 and all(
                kk == k or edit_distance(kk, k) > 2 for kk in self.old_keys[prov.code]):
            t = typo(rng, name)
            if t:
                name, _ = t, labels.add("typo")
        parts = [self.unit_text(com.type, name, cstyle, labels),
                 self.unit_text(dist.type, dist.short, dstyle, labels, district=True),
                 self.province_text(prov, pstyle, labels, OLD_SHORT)]
        if rng.random() < 0.35:
            avoid = set(self.old_keys[prov.code]) | {key(d.short) for d in prov.children}
            parts.insert(0, self.street(labels, avoid))
        if rng.random() < 0.12:
            labels.add("country")
            parts.append(rng.choice(["Việt Nam", "Vietnam", "VN"]))
        self.add(labels, parts, sep, self.old_expected(com, cstyle != "none", dstyle != "none",
                                                    dia != "ascii" and "typo" not in labels),
                 "%s / %s / %s" % (com.code, com.name, dist.name), dia, "typo" in labels)

    def old_english(self, com):
        rng = self.rng
        dist, prov = com.parent, com.province
        labels = {"old", "english"}

        def en(utype, short):
            n = number_of(short)
            if n is not None and utype in ("Phường", "Quận"):
                labels.add("numbered")
                return "%s %d" % (ENGLISH_TYPE[utype], n)
            return "%s %s" % (ascii_text(short), ENGLISH_TYPE[utype])
        pname = ENGLISH_PROVINCE.get(prov.code) or "%s Province" % ascii_text(prov.short)
        parts = [en(com.type, com.short), en(dist.type, dist.short), pname]
        if rng.random() < 0.4:
            parts.append("Vietnam")
            labels.add("country")
        self.add(labels, parts, ", ", self.old_expected(com, True, True, False), "%s / %s / %s" % (
            com.code, com.name, dist.name), "ascii", False)


LABEL_ORDER = ["new", "old", "clean", "diacritics", "nodiacritics", "upper", "nfd", "commas",
               "nocommas", "separator", "spaces", "abbrev", "notype", "numbered",
               "province-short", "english", "street", "country", "typo", "split", "ambiguous"]


def label_order(label):
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("output")
    ap.add_argument("--quick", action="store_true", help="a small subset, for the test suite")
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument("--src", help="the source directory (default: as geodata/build-db finds it)")
    ap.add_argument("--variants", type=int, default=5, help="variants per current ward")
    ap.add_argument("--old-sample", type=int, default=2500,
                    help="undivided old communes sampled (the divided ones are all taken)")
    args = ap.parse_args()
    src = srcdata.load(args.src)
    mk = Maker(src, args.seed)

    wards = [w for p in src.provinces for w in p.children]
    communes = [src.communes[c] for c in sorted(src.communes)]
    divided = [c for c in communes if len(c.successors) > 1]
    whole = [c for c in communes if len(c.successors) == 1]
    sample_rng = random.Random(args.seed + 1)
    if args.quick:
        wards = wards[::12]
        divided = sample_rng.sample(divided, 40)
        whole = sample_rng.sample(whole, 150)
        variants, old_variants = 1, 1
    else:
        whole = sample_rng.sample(whole, min(args.old_sample, len(whole)))
        variants, old_variants = args.variants, 3
    for i, w in enumerate(wards):
        mk.current_clean(w, i % 2 == 1)
        for _ in range(variants):
            mk.current_variant(w)
    for c in sorted(divided + whole, key=lambda c: c.code):
        mk.old_clean(c)
        for _ in range(old_variants):
            mk.old_variant(c)

    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# generated by tests/address/make-set.py%s --seed %d from %s\n" % (
            " --quick" if args.quick else "", args.seed, os.path.abspath(src.dir)))
        f.write("id\tlabels\ttext\texpected\tclass\tsource\n")
        for i, (labels, text, codes, klass, source) in enumerate(mk.rows, 1):
            f.write("g%05d\t%s\t%s\t%s\t%s\t%s\n" % (i, ",".join(labels), text, codes, klass,
                                                     source))
    os.replace(tmp, args.output)
    print("make-set.py: %d rows -> %s" % (len(mk.rows), args.output))


if __name__ == "__main__":
    main()
