-- Checks on the staged sources, before anything is derived from them.
--
-- Every finding here is fatal (validation_kinds.fatal = 1): these are the
-- properties that the contract tables' constraints and the library rely on.
-- They are checked on the sources rather than left to the constraints so
-- that the report names every offending ward instead of stopping at the
-- first constraint error. build-db stops after this stage if any were found.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;

BEGIN;

-- The expected counts are those of Decision 2334/QĐ-BKHCN and the GSO list
-- in force since 1 July 2025.
CREATE TEMP TABLE expected AS SELECT 34 AS provinces, 3321 AS wards;

-- Provinces -----------------------------------------------------------------

INSERT INTO validation_issues(kind, detail)
SELECT 'province_count', printf('%s has %d provinces, expected %d', what, n, expected.provinces)
FROM (SELECT 'the unit list' AS what, count(DISTINCT code) AS n FROM src.unit_province
      UNION ALL
      SELECT 'the postal prefix list', count(DISTINCT province_code) FROM src.province_prefix),
     expected
WHERE n <> expected.provinces;

-- The postal prefixes must cover exactly the provinces of the unit list, or
-- some province would have no prefixes to check its postal codes against.
INSERT INTO validation_issues(kind, detail)
SELECT 'province_list', printf('province %s is in the unit list but has no postal prefixes', code)
FROM src.unit_province WHERE code NOT IN (SELECT province_code FROM src.province_prefix)
UNION ALL
SELECT 'province_list', printf('province %s has postal prefixes but is not in the unit list', province_code)
FROM src.province_prefix WHERE province_code NOT IN (SELECT code FROM src.unit_province)
UNION ALL
SELECT 'province_list', printf('province code %s appears %d times in %s', code, n, what)
FROM (SELECT 'the unit list' AS what, code, count(*) AS n FROM src.unit_province GROUP BY code
      UNION ALL
      SELECT 'the postal prefix list', province_code, count(*) FROM src.province_prefix GROUP BY province_code)
WHERE n > 1
UNION ALL
SELECT 'province_list', printf('province code %s is not 2 digits', quote(code))
FROM src.unit_province WHERE code IS NULL OR code NOT GLOB '[0-9][0-9]';

INSERT INTO validation_issues(kind, detail)
SELECT 'unknown_unit_type', printf('province %s has unit type %s', code, quote(unit_label))
FROM src.unit_province
WHERE unit_label IS NULL OR unit_label NOT IN ('Thành phố', 'Tỉnh');

-- Ward codes ------------------------------------------------------------------

INSERT INTO validation_issues(kind, detail)
SELECT 'ward_count', printf('%s has %d rows, expected %d', what, n, expected.wards)
FROM (SELECT 'the ward GeoJSON' AS what, count(*) AS n FROM src.ward_feature
      UNION ALL SELECT 'the unit list', count(*) FROM src.unit_ward
      UNION ALL SELECT 'the postal code list', count(*) FROM src.ward_postal),
     expected
WHERE n <> expected.wards;

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'bad_ward_code', code, printf('feature #%d has code %s', feature_index, quote(code))
FROM src.ward_feature
WHERE code IS NULL OR typeof(code) <> 'text' OR code NOT GLOB '[0-9][0-9][0-9][0-9][0-9]';

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'duplicate_ward_code', code, printf('%s appears %d times in %s', code, n, what)
FROM (SELECT 'the ward GeoJSON' AS what, code, count(*) AS n FROM src.ward_feature GROUP BY code
      UNION ALL SELECT 'the unit list', code, count(*) FROM src.unit_ward GROUP BY code
      UNION ALL SELECT 'the postal code list', ward_code, count(*) FROM src.ward_postal GROUP BY ward_code)
WHERE n > 1;

-- Names and unit types come from the unit list (see derive.sql).
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'missing_unit_record', f.code, printf('%s (%s) is not in the unit list', f.code, f.full_name)
FROM src.ward_feature AS f
WHERE f.code NOT IN (SELECT code FROM src.unit_ward WHERE code IS NOT NULL);

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'unknown_unit_type', u.code, printf('%s has unit type %s', u.code, quote(u.unit_label))
FROM src.unit_ward AS u
WHERE u.unit_label IS NULL OR u.unit_label NOT IN ('Phường', 'Xã', 'Đặc khu');

-- Provinces of wards ------------------------------------------------------------

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'unknown_province', f.code,
       printf('%s (%s) has province code %s', f.code, f.full_name, quote(f.province_code))
FROM src.ward_feature AS f
WHERE f.province_code IS NULL
   OR f.province_code NOT IN (SELECT code FROM src.unit_province WHERE code IS NOT NULL);

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'province_mismatch', f.code,
       printf('%s: GeoJSON province %s, %s province %s', f.code, f.province_code, what, other)
FROM src.ward_feature AS f
JOIN (SELECT 'unit list' AS what, code, province_code AS other FROM src.unit_ward
      UNION ALL
      SELECT 'postal code list', ward_code, province_code FROM src.ward_postal) AS o
  ON o.code = f.code
WHERE o.other IS NOT f.province_code;

-- Postal codes ------------------------------------------------------------------

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'missing_postal_code', f.code, printf('%s (%s) has no postal code', f.code, f.full_name)
FROM src.ward_feature AS f
LEFT JOIN src.ward_postal AS p ON p.ward_code = f.code
WHERE p.postal_code IS NULL OR p.postal_code = '';

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'bad_postal_code', ward_code, printf('%s has postal code %s', ward_code, quote(postal_code))
FROM src.ward_postal
WHERE postal_code <> '' AND postal_code NOT GLOB '[0-9][0-9][0-9][0-9][0-9]';

INSERT INTO validation_issues(kind, ward_a, ward_b, detail)
SELECT 'duplicate_postal_code', min(ward_code), max(ward_code),
       printf('%s is the postal code of %d wards: %s', postal_code, count(*), group_concat(ward_code, ' '))
FROM src.ward_postal
WHERE postal_code <> ''
GROUP BY postal_code
HAVING count(*) > 1;

INSERT INTO validation_issues(kind, detail)
SELECT 'postal_code_count', printf('%d unique postal codes for the wards, expected %d', n, expected.wards)
FROM (SELECT count(DISTINCT p.postal_code) AS n
      FROM src.ward_feature AS f JOIN src.ward_postal AS p ON p.ward_code = f.code
      WHERE p.postal_code <> ''),
     expected
WHERE n <> expected.wards;

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'postal_code_orphan', ward_code,
       printf('postal code %s is given to ward %s (%s), which has no feature', postal_code, ward_code, ward_full_name)
FROM src.ward_postal
WHERE ward_code NOT IN (SELECT code FROM src.ward_feature WHERE code IS NOT NULL);

-- The first two digits of a postal code identify the province, so a code
-- under another province's prefix would send mail to the wrong province.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'postal_prefix_mismatch', f.code,
       printf('%s (%s): postal code %s, province %s has prefixes %s',
              f.code, f.full_name, p.postal_code, f.province_code, coalesce(x.postal_prefixes, '(none)'))
FROM src.ward_feature AS f
JOIN src.ward_postal AS p ON p.ward_code = f.code
LEFT JOIN src.province_prefix AS x ON x.province_code = f.province_code
WHERE p.postal_code GLOB '[0-9][0-9][0-9][0-9][0-9]'
  AND instr(' ' || coalesce(x.postal_prefixes, '') || ' ', ' ' || substr(p.postal_code, 1, 2) || ' ') = 0;

-- Geometry ------------------------------------------------------------------------

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'null_geometry', code, printf('%s (%s) has no (Multi)Polygon geometry', code, full_name)
FROM src.ward_feature
WHERE geom IS NULL;

-- ST_IsValid gives -1 when GEOS cannot decide, which counts as invalid too.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'invalid_geometry', code, printf('%s (%s): %s', code, full_name, ST_IsValidReason(geom))
FROM src.ward_feature
WHERE geom IS NOT NULL AND ST_IsValid(geom) IS NOT 1;

-- Vietnam, islands included, lies within this box; a coordinate outside it
-- means swapped or corrupted coordinates.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'out_of_extent', code,
       printf('%s (%s): bbox %.6f..%.6f E, %.6f..%.6f N', code, full_name,
              MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom))
FROM src.ward_feature
WHERE geom IS NOT NULL
  AND (MbrMinX(geom) < 102 OR MbrMaxX(geom) > 118 OR MbrMinY(geom) < 6 OR MbrMaxY(geom) > 24);

COMMIT;
