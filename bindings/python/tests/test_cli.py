"""The binding and the command-line tool ($VPC_CLI, run as a process) agree
on one set of 200 points and the codes made from them: same code, same
ward, same status name."""
import csv
import io
import json
import os
import subprocess
import tempfile
import unittest

import vpostcode
from support import around_vietnam, database, env, ward_points


def status_of(fn, *args, **kw):
    """(status text, result) of a binding call: "ok" for success, as the CLI writes."""
    try:
        out = fn(*args, **kw)
    except vpostcode.Error as e:
        return e.name, None
    if getattr(out, "outside_ward", False):
        return "VPC_W_OUTSIDE_WARD", out
    return "ok", out


def mistype(code, i):
    """The code with one character replaced: a typist's error."""
    k = 5 + i % (len(code) - 5)
    alphabet = "23456789CFGHJMPQRVWX"
    c = alphabet[(alphabet.index(code[k]) + 1 + i % 7) % 20] if code[k] in alphabet else "2"
    return code[:k] + c + code[k + 1:]


class TestCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cli = env("VPC_CLI")
        if cls.cli is None:
            raise unittest.SkipTest("VPC_CLI is not set")
        cls.db = database()
        cls.points = ward_points(cls.db, 170, seed=2025) + around_vietnam(30, seed=2026)
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_cli(self, *args):
        r = subprocess.run([self.cli, *args, "--db", self.db.path], capture_output=True,
                           text=True, timeout=120)
        self.assertNotIn("Segmentation", r.stderr)
        self.assertIn(r.returncode, (0, 1), f"{args}: {r.stderr}")
        return r

    def batch(self, command, header, rows, *options):
        path = os.path.join(self.tmp.name, f"{command}.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        r = self.run_cli(command, "--input", path, *options)
        out = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual(len(out), len(rows), r.stderr)
        self.assertIn(f"{len(rows)} rows", r.stderr)
        failed = [row for row in out if row["status"] not in ("ok", "VPC_W_OUTSIDE_WARD")]
        self.assertEqual(r.returncode, 1 if failed else 0)
        return out

    def json_cli(self, *args):
        r = self.run_cli(*args, "--json")
        return r.returncode, json.loads(r.stdout)

    def point_rows(self):
        return [(i, repr(lat), repr(lon)) for i, (lat, lon) in enumerate(self.points)]

    def test_encode(self):
        for options in ((), ("--check-char",), ("--long", "--check-char")):
            flags = dict(check_char="--check-char" in options, long_form="--long" in options)
            out = self.batch("encode", ("id", "lat", "lon"), self.point_rows(), *options)
            statuses = []
            for row, (lat, lon) in zip(out, self.points):
                status, e = status_of(self.db.encode, lat, lon, **flags)
                statuses.append(status)
                with self.subTest(options=options, lat=lat, lon=lon):
                    self.assertEqual(row["status"], status)
                    self.assertEqual(row["code"], e.code.text if e else "")
                    self.assertEqual(row["display"], e.code.display if e else "")
                    self.assertEqual(row["ward_code"], e.ward.code if e else "")
                    self.assertEqual(row["postal_code"], e.ward.postal_code if e else "")
                    self.assertEqual(row["ward"], e.ward.name if e else "")
                    self.assertEqual(row["province_code"], e.ward.province.code if e else "")
            self.assertGreater(statuses.count("ok"), 150)
            self.assertGreater(len(set(statuses)), 1)  # some points are at sea or abroad
            b = self.db.encode_many([p[0] for p in self.points], [p[1] for p in self.points],
                                    errors="ignore", **flags)
            self.assertEqual([r["code"] for r in out], [c or "" for c in b.codes])

    def test_lookup(self):
        out = self.batch("lookup", ("id", "lat", "lon"), self.point_rows())
        compared = 0
        for row, (lat, lon) in zip(out, self.points):
            status, w = status_of(self.db.lookup, lat, lon)
            with self.subTest(lat=lat, lon=lon):
                self.assertEqual(row["status"], status)
                self.assertEqual(row["ward_code"], w.code if w else "")
                self.assertEqual(row["province"], w.province.name if w else "")
                if w and self.db.has_legacy and " more" not in row["before_2025"]:
                    units = self.db.legacy_lookup(lat, lon)
                    text = "; ".join(f"{u.commune_name}, {u.district_name}, {u.province_name}"
                                     + (f" ({u.postal_code})" if u.postal_code else "")
                                     for u in units)
                    self.assertEqual(row["before_2025"], text)
                    compared += 1
        if self.db.has_legacy:
            self.assertGreater(compared, 100)

    def codes(self):
        out = []
        for i, (lat, lon) in enumerate(self.points):
            try:
                e = self.db.encode(lat, lon, check_char=i % 3 == 0)
            except vpostcode.NotFoundError:
                continue
            out.append([e.code.text, e.code.display, e.code.display.lower()][i % 3])
            out.append(mistype(e.code.text, i))
        hanoi = self.db.encode(21.0288, 105.8525).code
        saigon = self.db.encode(10.7725, 106.6980).code
        out += [saigon.postal_code + hanoi.location, "11006 2RHX+FJJ", "00000 2VH3+CM4",
                "11024 2VH3+CM", "11024 2VH3+CM4-Q", "1102A 2VH3+CM4", "11024X2222222222"]
        return out

    def test_decode(self):
        codes = self.codes()
        out = self.batch("decode", ("code",), [(c,) for c in codes])
        seen = set()
        for row, text in zip(out, codes):
            status, r = status_of(self.db.read, text)
            seen.add(status)
            with self.subTest(code=text):
                self.assertEqual(row["code"], text)
                self.assertEqual(row["status"], status)
                if r is None:
                    self.assertEqual((row["lat"], row["ward_code"]), ("", ""))
                    continue
                for name in ("lat", "lon", "south", "west", "north", "east"):
                    self.assertEqual(row[name], f"{getattr(r.cell, name):.9f}")
                self.assertEqual(row["olc"], vpostcode.olc_encode(r.cell.lat, r.cell.lon, 11))
                self.assertEqual(row["scheme"], "current" if r.scheme == "current" else "before 2025")
                self.assertEqual(row["ward_code"], r.ward.code)
                self.assertEqual(row["postal_code"], r.ward.postal_code)
                self.assertEqual(row["current_code"], r.current.text if r.current else "")
                d_status, d = status_of(self.db.decode, text)
                if d_status == status:
                    self.assertEqual(row["ward_code"], d.ward.code)
        self.assertIn("ok", seen)
        self.assertIn("VPC_W_OUTSIDE_WARD", seen)
        self.assertIn("VPC_E_CHECK_CHARACTER", seen)

    def test_single_commands(self):
        code, j = self.json_cli("encode", "21.0287", "105.8490", "--check-char")
        e = self.db.encode(21.0287, 105.8490, check_char=True)
        self.assertEqual((code, j["code"], j["display"], j["ward_code"], j["status"]),
                         (0, e.code.text, e.code.display, e.ward.code, "ok"))
        code, j = self.json_cli("decode", e.code.display)
        d = self.db.decode(e.code.display)
        self.assertEqual((j["lat"], j["ward_code"]), (f"{d.cell.lat:.9f}", d.ward.code))
        code, j = self.json_cli("lookup", "18.5", "107.5")
        self.assertEqual((code, j["status"]), (1, status_of(self.db.lookup, 18.5, 107.5)[0]))
        code, j = self.json_cli("decode", "")
        self.assertEqual((code, j["status"]), (1, status_of(self.db.decode, "")[0]))
        for bad in ("1102A 2RHX+FJJ", "11024 2RHX+FJ", "11024 2RHX+FJJ-9", "  "):
            code, j = self.json_cli("validate", bad)
            with self.assertRaises(vpostcode.CodeFormatError) as cm:
                vpostcode.parse(bad)
            self.assertEqual((code, j["status"], j["position"]),
                             (1, cm.exception.name, str(cm.exception.position)))
        code, j = self.json_cli("normalize", "11024 2rhx+fjj", "--check-char")
        self.assertEqual((j["code"], j["display"]),
                         (vpostcode.normalize("11024 2rhx+fjj", check_char=True),
                          vpostcode.normalize("11024 2rhx+fjj", check_char=True, display=True)))
        code, j = self.json_cli("olc-encode", "21.0285", "105.8542", "--length", "11")
        self.assertEqual(j["olc"], vpostcode.olc_encode(21.0285, 105.8542, 11))
        code, j = self.json_cli("olc-decode", "7PH72VH3+CM4")
        c = vpostcode.olc_decode("7PH72VH3+CM4")
        self.assertEqual((j["south"], j["east"], j["length"]),
                         (f"{c.south:.9f}", f"{c.east:.9f}", str(c.length)))
        code, j = self.json_cli("ward", "11024")
        w = self.db.ward_by_postal_code("11024")
        self.assertEqual((j["ward_code"], j["ward"], j["ref_lat"], j["south"]),
                         (w.code, w.name, f"{w.ref_lat:.6f}", f"{w.south:.6f}"))


if __name__ == "__main__":
    unittest.main()
