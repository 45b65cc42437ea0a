"""Addresses: Database.parse_address, address_many, search_wards and
address_frame. Expected wards are facts of the source data: the GSO codes of
thanglequoc's ward list and the old-to-new mapping of dvhcvn/20250701."""
import unittest

import vpostcode
from support import database

HOAN_KIEM = "00070"       # Phường Hoàn Kiếm, postal code 11024
HANG_TRONG_WARDS = ("00070", "00082")   # Phường Hàng Trống went into Hoàn Kiếm and Cửa Nam
DICH_VONG_WARDS = ("00160", "00166")    # Phường Dịch Vọng: Nghĩa Đô and Cầu Giấy
CAU_GIAY_POINT = (21.0365, 105.7935)    # in Phường Cầu Giấy (00166)


class TestParseAddress(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        if cls.db.has_lexicon == 0:
            raise unittest.SkipTest("the database has no address lexicon")

    def test_current_form(self):
        text = "40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội"
        a = self.db.parse_address(text)
        self.assertEqual(a.status, "ok")
        self.assertEqual((a.ward.code, a.ward.postal_code), (HOAN_KIEM, "11024"))
        self.assertEqual(a.province.code, "01")
        self.assertEqual(a.scheme, vpostcode.Scheme.CURRENT)
        self.assertEqual(a.street, "40 Nhà Chung")
        self.assertEqual(text[a.ward_span[0]:a.ward_span[1]], "Phường Hoàn Kiếm")
        self.assertEqual(a.formatted, "40 Nhà Chung, Phường Hoàn Kiếm, Thành phố Hà Nội")
        self.assertEqual(a.formatted_ascii, "40 Nha Chung, Phuong Hoan Kiem, Thanh pho Ha Noi")

    def test_forms_agree(self):
        for text in ("phuong hoan kiem, ha noi", "P. Hoàn Kiếm HN", "HOAN KIEM WARD, HANOI",
                     "Phường Hoàn Kiếm | Thành phố Hà Nội | Việt Nam"):
            with self.subTest(text=text):
                self.assertEqual(self.db.parse_address(text).ward.code, HOAN_KIEM)

    def test_divided_commune_gives_every_ward(self):
        a = self.db.parse_address("Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội")
        if self.db.has_lexicon < 2:
            self.skipTest("the database has no pre-2025 names")
        self.assertEqual(a.status, "VPC_E_ADDRESS_SPLIT")
        self.assertIsNone(a.ward)
        self.assertTrue(a.split)
        self.assertEqual(sorted(a.candidates), sorted(HANG_TRONG_WARDS))
        self.assertEqual(a.scheme, vpostcode.Scheme.LEGACY)
        self.assertEqual(a.legacy.commune_name, "Phường Hàng Trống")

    def test_point_decides(self):
        if self.db.has_lexicon < 2:
            self.skipTest("the database has no pre-2025 names")
        text = "Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội"
        a = self.db.parse_address(text, *CAU_GIAY_POINT)
        self.assertEqual((a.status, a.ward.code, a.point_used), ("ok", "00166", True))
        code = self.db.encode(*CAU_GIAY_POINT).code.text
        self.assertEqual(self.db.parse_address(text, code=code).ward.code, "00166")
        d = self.db.parse_address(text, default=True)
        self.assertEqual(d.status, "VPC_W_ADDRESS_DEFAULT")
        self.assertTrue(d.defaulted)
        self.assertIn(d.ward.code, DICH_VONG_WARDS)

    def test_errors(self):
        with self.assertRaises(vpostcode.AddressError) as e:
            self.db.parse_address(" ,;")
        self.assertEqual(e.exception.name, "VPC_E_ADDRESS_EMPTY")
        with self.assertRaises(vpostcode.AddressError) as e:
            self.db.parse_address("x" * 4097)
        self.assertEqual(e.exception.name, "VPC_E_ADDRESS_TOO_LONG")
        with self.assertRaises(vpostcode.NotFoundError) as e:
            self.db.parse_address("221B Baker Street, London")
        self.assertEqual(e.exception.name, "VPC_E_ADDRESS_NOT_FOUND")
        a = self.db.parse_address("Hà Nội")
        self.assertEqual((a.status, a.ward, a.province.code), ("VPC_E_ADDRESS_INCOMPLETE", None, "01"))
        with self.assertRaises(TypeError):
            self.db.parse_address(b"Ha Noi")

    def test_many_equals_single(self):
        texts = ["40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội", None, "Hà Nội", "P.06 Q4 TPHCM", ""]
        many = self.db.address_many(texts)
        self.assertEqual(len(many), len(texts))
        self.assertEqual(many[1].status, "VPC_E_NULL_ARGUMENT")
        self.assertEqual(many[4].status, "VPC_E_ADDRESS_EMPTY")
        for t, a in zip(texts, many):
            if t:
                self.assertEqual(a, self.db.parse_address(t))

    def test_search(self):
        hits = self.db.search_wards("hoan kiem", limit=3)
        self.assertEqual((hits[0].kind, hits[0].code, hits[0].postal_code), ("ward", HOAN_KIEM, "11024"))
        self.assertEqual(self.db.search_wards("hoàn ki", province="01")[0].code, HOAN_KIEM)
        self.assertEqual(self.db.search_wards("hoan kiem", province="79"), [])
        with self.assertRaises(vpostcode.NotFoundError):
            self.db.search_wards("hoan kiem", province="00")
        self.assertEqual(self.db.search_wards("hoan kiem", ascii=True)[0].name, "Phuong Hoan Kiem")


class TestAddressFrame(unittest.TestCase):
    def test_frame(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas is not installed")
        db = database()
        if db.has_lexicon < 2:
            self.skipTest("the database has no pre-2025 names")
        df = pd.DataFrame({"Dia_Chi": ["Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội", "",
                                       "40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội"],
                           "lat": [CAU_GIAY_POINT[0], None, None],
                           "lon": [CAU_GIAY_POINT[1], None, None]}, index=[7, 8, 9])
        out = vpostcode.address_frame(df, lat="lat", lon="lon", database=db)
        self.assertEqual(list(out.index), [7, 8, 9])
        self.assertEqual(list(out["ward_code"]), ["00166", "", HOAN_KIEM])
        self.assertEqual(list(out["status"]), ["ok", "MISSING_FIELD", "ok"])
        self.assertEqual(out["candidates"][7], "00160|00166")
        self.assertEqual((out["scheme"][7], out["split"][7], out["point"][7]),
                         ("before 2025", "yes", "decided"))
        self.assertEqual(out["before_2025"][7],
                         "Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội")
        self.assertEqual(out["scheme"][9], "current")
        self.assertEqual(list(out.columns[:6]),
                         ["ward_code", "postal_code", "ward", "province_code", "province", "scheme"])


if __name__ == "__main__":
    unittest.main()
