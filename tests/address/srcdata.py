"""srcdata.py - the units of the source data, for the address test sets.

Reads only the files of the source directory ($VPOSTCODE_GEODATA_SRC, else
../shared/geodata-src next to the repository's top directory, as
geodata/build-db does):

  current provinces and wards  thanglequoc-vietnamese-provinces-database/
                               full_json_generated_data_vn_units_*.json.gz,
                               ward_postal_codes_QD2334.tsv
  pre-2025 units (01/03/2025)  daohoangson-dvhcvn/dvhcvn.json.gz
  old commune -> current wards dvhcvn-20250701/splits.json.gz
  former names of old codes    daohoangson-dvhcvn-history/commune_code_spans_2019_2025.tsv.gz

Python 3 standard library only.
"""

import csv
import gzip
import io
import json
import os
import re
import unicodedata

# Two ward codes that GSO changed after the old -> new mapping was made
# (the source directory's README, section 3).
CODE_DRIFT = {"06970": "06978", "23737": "23938"}

# Type words, longest first.
CURRENT_TYPES = ("Đặc khu", "Phường", "Xã")
OLD_COMMUNE_TYPES = ("Thị trấn", "Phường", "Xã")
OLD_DISTRICT_TYPES = ("Thành phố", "Thị xã", "Quận", "Huyện")
PROVINCE_TYPES = ("Thành phố", "Tỉnh")


def source_dir():
    env = os.environ.get("VPOSTCODE_GEODATA_SRC")
    if env:
        return env
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(os.path.dirname(top), "shared", "geodata-src")


def fold(text):
    """Lowercase ASCII letters and digits, one space between words."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def key(text):
    """fold() without spaces; a number loses its leading zeros ("05" -> "5")."""
    return "".join(w.lstrip("0") or "0" if w.isdigit() else w for w in fold(text).split())


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def dkey(text):
    """key() that keeps the letters' marks, with each word's tone mark put after
    it, so that "Hoà" and "Hòa" are one key but "Lang" and "Lăng" are two."""
    text = unicodedata.normalize("NFD", text.lower())
    words = []
    for w in re.split(r"[^\w\u0300-\u036f]+", text):
        if not w:
            continue
        if w.isdigit():
            words.append(w.lstrip("0") or "0")
            continue
        tones = "".join(sorted(c for c in w if c in TONES))
        words.append("".join(c for c in w if c not in TONES) + tones)
    return unicodedata.normalize("NFC", "".join(words))


def strip_type(name, types):
    """("Phường", "Hoàn Kiếm") from "Phường Hoàn Kiếm" (case of the type word ignored)."""
    for t in types:
        if name.lower().startswith(t.lower() + " "):
            return t, name[len(t) + 1:].strip()
    return "", name


class Unit:
    __slots__ = ("level", "code", "name", "type", "short", "name_en", "parent", "children",
                 "successors", "former", "province")

    def __init__(self, level, code, name, utype, short, parent=None):
        self.level, self.code, self.name, self.type, self.short = level, code, name, utype, short
        self.parent, self.children, self.successors, self.former = parent, [], [], []
        self.name_en = ""
        self.province = None

    def __repr__(self):
        return "%s %s" % (self.code, self.name)


class Sources:
    def __init__(self, path=None):
        self.dir = path or source_dir()
        self.provinces = []        # current provinces (Unit level 1, children = wards)
        self.wards = {}            # code -> current ward
        self.postal = {}           # ward code -> postal code
        self.old_provinces = []    # pre-2025 (Unit level 3, children = districts)
        self.old_districts = {}    # code -> Unit level 4
        self.communes = {}         # code -> Unit level 5 (successors = current ward codes)
        self.old_to_new_province = {}
        self._load_current()
        self._load_old()
        self._load_splits()
        self._load_history()
        self.abolished = []        # communes gone by 01/03/2025 (successor = a commune code)
        self.abolished_districts = []
        self._load_abolished()

    def _open(self, rel):
        return gzip.open(os.path.join(self.dir, rel), "rt", encoding="utf-8")

    def _load_current(self):
        base = "thanglequoc-vietnamese-provinces-database/"
        names = sorted(n for n in os.listdir(os.path.join(self.dir, base))
                       if n.startswith("full_json_generated_data_vn_units"))
        with self._open(base + names[0]) as f:
            data = json.load(f)
        for p in data:
            prov = Unit(1, p["Code"], p["FullName"], p["AdministrativeUnitShortName"], p["Name"])
            prov.name_en = p["NameEn"]
            self.provinces.append(prov)
            for w in p["Wards"]:
                t, short = strip_type(w["FullName"], CURRENT_TYPES)
                ward = Unit(2, w["Code"], w["FullName"], t or w["AdministrativeUnitShortName"],
                            short, prov)
                ward.name_en = w["NameEn"]
                ward.province = prov
                prov.children.append(ward)
                self.wards[ward.code] = ward
        with open(os.path.join(self.dir, base, "ward_postal_codes_QD2334.tsv"),
                  encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                self.postal[row["ward_code"]] = row["postal_code"]

    def _load_old(self):
        with self._open("daohoangson-dvhcvn/dvhcvn.json.gz") as f:
            data = json.load(f)["data"]
        for p in data:
            t, short = strip_type(p["name"], PROVINCE_TYPES)
            prov = Unit(3, p["level1_id"], p["name"], t, short)
            self.old_provinces.append(prov)
            for d in p["level2s"]:
                t, short = strip_type(d["name"], OLD_DISTRICT_TYPES)
                dist = Unit(4, d["level2_id"], d["name"], t or d["type"], short, prov)
                dist.province = prov
                prov.children.append(dist)
                self.old_districts[dist.code] = dist
                for c in d["level3s"]:
                    t, short = strip_type(c["name"], OLD_COMMUNE_TYPES)
                    com = Unit(5, c["level3_id"], c["name"], t or c["type"], short, dist)
                    com.province = prov
                    dist.children.append(com)
                    self.communes[com.code] = com

    def _load_splits(self):
        with self._open("dvhcvn-20250701/splits.json.gz") as f:
            data = json.load(f)["data"]
        for p in data:
            self.old_to_new_province[p["level1_id"]] = [s["new_id"] for s in p["splits"]]
            for c in p["level3s"]:
                com = self.communes.get(c["level3_id"])
                if com is None:
                    continue
                for s in c["splits"]:
                    code = CODE_DRIFT.get(s["new_id"], s["new_id"])
                    if code in self.wards and code not in com.successors:
                        com.successors.append(code)

    def _load_history(self):
        rel = "daohoangson-dvhcvn-history/commune_code_spans_2019_2025.tsv.gz"
        if not os.path.exists(os.path.join(self.dir, rel)):
            return
        with self._open(rel) as f:
            for row in csv.DictReader(f, delimiter="\t"):
                com = self.communes.get(row["code"])
                if com is None or row["name"] == com.name:
                    continue
                if row["district_code"] != com.parent.code:
                    continue
                if row["name"] not in com.former:
                    com.former.append(row["name"])

    def _load_abolished(self):
        base = os.path.join(self.dir, "daohoangson-dvhcvn-history")
        path = os.path.join(base, "abolished_communes_2019_2025.tsv")
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                succ = self.communes.get(row["successor_code"])
                if succ is None:
                    continue
                t, short = strip_type(row["old_name"], OLD_COMMUNE_TYPES)
                u = Unit(5, row["old_code"], row["old_name"], t or row["old_type"], short)
                u.parent = row["old_district_code"]
                u.successors = list(succ.successors)
                u.former = [n for n in row["other_names"].split("|") if n]
                self.abolished.append(u)
        with open(os.path.join(base, "abolished_districts_2019_2025.tsv"), encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                t, short = strip_type(row["old_name"], OLD_DISTRICT_TYPES)
                u = Unit(4, row["old_code"], row["old_name"], t or row["old_type"], short)
                u.parent = row["province_code"]
                u.successors = row["successor_district_codes"].split("|")
                self.abolished_districts.append(u)

    def province(self, code):
        for p in self.provinces:
            if p.code == code:
                return p
        return None

    def old_province(self, code):
        for p in self.old_provinces:
            if p.code == code:
                return p
        return None


_SOURCES = None


def load(path=None):
    global _SOURCES
    if _SOURCES is None or path is not None:
        _SOURCES = Sources(path)
    return _SOURCES


def read_tsv(text):
    """Rows of a test-set TSV (comment lines '#' and the header skipped)."""
    rows = []
    for line in io.StringIO(text):
        line = line.rstrip("\n")
        if not line or line.startswith("#") or line.startswith("id\t"):
            continue
        rows.append(line.split("\t"))
    return rows
