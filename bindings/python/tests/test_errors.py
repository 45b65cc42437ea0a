"""Every vpc_status has a deliberate place among the exception classes."""
import pickle
import unittest

import vpostcode
from vpostcode import errors


def expected_family(name):
    """The family a status belongs to, judged from its C name alone."""
    rules = [
        (("VPC_E_NULL_ARGUMENT", "VPC_E_INVALID_ARGUMENT", "VPC_E_BUFFER_TOO_SMALL"),
         vpostcode.InvalidArgumentError),
        (("VPC_E_NOT_FINITE", "VPC_E_LATITUDE_RANGE", "VPC_E_LONGITUDE_RANGE"),
         vpostcode.CoordinateError),
        (("VPC_E_EMPTY", "VPC_E_BAD_CHARACTER", "VPC_E_CODE_LENGTH", "VPC_E_CHECK_CHARACTER",
          "VPC_E_LOCATION_RANGE", "VPC_E_POSTAL_CODE", "VPC_E_NEEDS_LONG_FORM"),
         vpostcode.CodeFormatError),
        (("VPC_E_OUTSIDE_VIETNAM", "VPC_E_NO_WARD", "VPC_E_UNKNOWN_POSTAL_CODE",
          "VPC_E_UNKNOWN_WARD", "VPC_E_UNKNOWN_LEGACY_CODE", "VPC_E_UNKNOWN_PROVINCE"),
         vpostcode.NotFoundError),
        (("VPC_E_NO_MEMORY",), vpostcode.OutOfMemoryError),
        (("VPC_E_CRS", "VPC_E_TRANSFORM"), vpostcode.CRSError),
        (("VPC_E_NO_LEGACY_DATA",), vpostcode.NoLegacyDataError),
        (("VPC_E_AMBIGUOUS_SCHEME",), vpostcode.AmbiguousSchemeError),
        (("VPC_E_ADDRESS_EMPTY", "VPC_E_ADDRESS_TOO_LONG", "VPC_E_ADDRESS_ENCODING"),
         vpostcode.AddressError),
        (("VPC_E_ADDRESS_NOT_FOUND", "VPC_E_ADDRESS_INCOMPLETE", "VPC_E_ADDRESS_AMBIGUOUS",
          "VPC_E_ADDRESS_SPLIT"), vpostcode.NotFoundError),
        (("VPC_E_NO_LEXICON",), vpostcode.NoLexiconError),
    ]
    if name.startswith("VPC_E_OLC_"):
        return vpostcode.CodeFormatError
    if name.startswith("VPC_E_DB_"):
        return vpostcode.DatabaseError
    for names, cls in rules:
        if name in names:
            return cls
    raise AssertionError(f"{name}: a status this test does not know")


class TestStatusMapping(unittest.TestCase):
    def test_the_library_has_no_status_beyond_the_binding(self):
        self.assertEqual(vpostcode.status_name(vpostcode.STATUS_COUNT), "VPC_E_UNKNOWN")
        self.assertNotEqual(vpostcode.status_name(vpostcode.STATUS_COUNT - 1), "VPC_E_UNKNOWN")

    def test_mapping_is_total(self):
        seen = set()
        for status in range(vpostcode.STATUS_COUNT):
            name = vpostcode.status_name(status)
            with self.subTest(status=status, name=name):
                self.assertTrue(name.startswith("VPC_"))
                self.assertNotIn(name, seen)
                seen.add(name)
                cls = vpostcode.error_class(status)
                if status == 0:
                    self.assertEqual(name, "VPC_OK")
                    self.assertIsNone(cls)
                elif vpostcode.is_warning(status):
                    self.assertIn(name, ("VPC_W_OUTSIDE_WARD", "VPC_W_NEAREST_WARD",
                                         "VPC_W_ADDRESS_DEFAULT"))
                    self.assertIsNone(cls)
                else:
                    self.assertTrue(name.startswith("VPC_E_"))
                    self.assertIs(cls, expected_family(name))
                    self.assertIn(name, errors.FAMILIES)
                    e = errors.make_error(status)
                    self.assertIsInstance(e, vpostcode.Error)
                    self.assertEqual((e.status, e.name), (status, name))
                    self.assertEqual(e.message, vpostcode.strerror(status))
                    self.assertTrue(e.message and e.message != "unknown status")
                    self.assertIn(name, str(e))
        self.assertEqual(len(seen), vpostcode.STATUS_COUNT)
        self.assertEqual(set(errors.FAMILIES),
                         seen - {"VPC_OK", "VPC_W_OUTSIDE_WARD", "VPC_W_NEAREST_WARD",
                                 "VPC_W_ADDRESS_DEFAULT"})

    def test_python_bases(self):
        self.assertTrue(issubclass(vpostcode.CoordinateError, ValueError))
        self.assertTrue(issubclass(vpostcode.CodeFormatError, ValueError))
        self.assertTrue(issubclass(vpostcode.NotFoundError, LookupError))
        self.assertTrue(issubclass(vpostcode.DatabaseError, OSError))
        self.assertTrue(issubclass(vpostcode.OutOfMemoryError, MemoryError))
        self.assertTrue(issubclass(vpostcode.DatabaseClosedError, vpostcode.InvalidArgumentError))

    def test_not_an_error(self):
        with self.assertRaises(ValueError):
            errors.make_error(0)
        with self.assertRaises(ValueError):
            errors.make_error(29)
        with self.assertRaises(ValueError):
            errors.make_error(33)

    def test_pickle(self):
        e = errors.make_error(14, offset=14, byte_position=15, index=3, detail="'x'")
        back = pickle.loads(pickle.dumps(e))
        self.assertIs(type(back), vpostcode.CodeFormatError)
        self.assertEqual((back.status, back.name, back.position, back.offset,
                          back.byte_position, back.index),
                         (14, "VPC_E_CHECK_CHARACTER", 15, 14, 15, 3))
        self.assertEqual(str(back), str(e))


if __name__ == "__main__":
    unittest.main()
