-- The legacy tables: the units and postal codes in use before the reform of
-- 1 July 2025 (63 provinces, 696 districts, 10,047 communes), for decoding
-- codes issued with an old postal code. Built only with VPOSTCODE_LEGACY=1.
--
-- The old unit list and the old postal codes (daohoangson/dvhcvn) are
-- GPL-3.0: a database with these tables must be distributed under the GPL.
-- The old-to-new mapping (dvhcvn/20250701) is MIT.
--
-- Runs after metadata.sql, on the finished wards table. Hard findings go to
-- validation_issues under fatal kinds, so that build-db fails the build the
-- same way as for the wards; everything else is reported by legacy-report.sql
-- from the tables below.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;

BEGIN;

-- Staging: the sources as they are ------------------------------------------------

CREATE TABLE src.old_unit AS
SELECT 1 AS level, json_extract(p.value, '$.level1_id') AS code, NULL AS parent_code,
       json_extract(p.value, '$.name') AS name, json_extract(p.value, '$.type') AS type
FROM json_each(readfile('old_units'), '$.data') AS p
UNION ALL
SELECT 2, json_extract(d.value, '$.level2_id'), json_extract(p.value, '$.level1_id'),
       json_extract(d.value, '$.name'), json_extract(d.value, '$.type')
FROM json_each(readfile('old_units'), '$.data') AS p, json_each(p.value, '$.level2s') AS d
UNION ALL
SELECT 3, json_extract(c.value, '$.level3_id'), json_extract(d.value, '$.level2_id'),
       json_extract(c.value, '$.name'), json_extract(c.value, '$.type')
FROM json_each(readfile('old_units'), '$.data') AS p, json_each(p.value, '$.level2s') AS d,
     json_each(d.value, '$.level3s') AS c;

-- Under "data" the file keys provinces (2 digits, a list of postal prefixes),
-- districts (3 digits, a prefix) and communes (5 digits, the postal code, or
-- an empty string). Only the communes are used.
CREATE TABLE src.old_postcode AS
SELECT key AS commune_code, value AS postal_code
FROM json_each(readfile('old_postcodes'), '$.data')
WHERE length(key) = 5;

-- Old to new, both ways. splits.json lists, per old commune, the new wards
-- it went into; merges.json lists, per new ward, its old communes with the
-- type full or partial. merges.json also maps five old districts that had no
-- communes (island districts) to a special zone; they are no commune and are
-- only reported.
CREATE TABLE src.old_split AS
SELECT json_extract(c.value, '$.level3_id') AS old_code,
       json_extract(s.value, '$.new_id')    AS new_code
FROM json_each(readfile('ward_splits'), '$.data') AS p, json_each(p.value, '$.level3s') AS c,
     json_each(c.value, '$.splits') AS s;

CREATE TABLE src.old_merge AS
SELECT json_extract(m.value, '$.old_id')    AS old_code,
       json_extract(w.value, '$.level2_id') AS new_code,
       json_extract(m.value, '$.type')      AS kind,
       json_extract(m.value, '$.name')      AS old_name,
       json_extract(w.value, '$.name')      AS new_name
FROM json_each(readfile('ward_mapping'), '$.data') AS p, json_each(p.value, '$.level2s') AS w,
     json_each(w.value, '$.merges') AS m;

CREATE INDEX src.old_unit_code ON old_unit(code);
CREATE INDEX src.old_postcode_code ON old_postcode(commune_code);
CREATE INDEX src.old_postcode_postal ON old_postcode(postal_code);
CREATE INDEX src.old_merge_pair ON old_merge(old_code, new_code);

-- Tables ------------------------------------------------------------------------------

CREATE TABLE legacy_units (
    code        TEXT PRIMARY KEY,  -- 2, 3 or 5 digits by level
    level       INTEGER NOT NULL CHECK (level IN (1, 2, 3)),  -- province, district, commune
    name        TEXT NOT NULL,     -- 'Phường Hàng Trống'
    name_ascii  TEXT NOT NULL,     -- 'Phuong Hang Trong'
    unit_type   TEXT NOT NULL,     -- 'phường', 'quận', 'thành phố trung ương', ...
    parent_code TEXT               -- commune -> district -> province
);
CREATE INDEX legacy_units_parent ON legacy_units(parent_code);

CREATE TABLE legacy_communes (
    code          TEXT PRIMARY KEY,  -- old GSO commune code
    postal_code   TEXT,              -- old 5-digit postal code, NULL if none
    district_code TEXT NOT NULL,
    province_code TEXT NOT NULL,
    -- Centre of the bounding box of the current wards it went into, rounded
    -- as wards.ref_lat; NULL (with max_offset, long_form) if it maps to none.
    ref_lat       REAL,
    ref_lon       REAL,
    max_offset    REAL,
    long_form     INTEGER CHECK (long_form IN (0, 1)),
    ward_count    INTEGER NOT NULL   -- current wards it maps to
);

CREATE TABLE legacy_postal (
    postal_code TEXT PRIMARY KEY,    -- old 5-digit postal code
    commune_code TEXT NOT NULL       -- legacy_communes.code
);

CREATE TABLE legacy_map (
    old_code TEXT NOT NULL,          -- legacy_communes.code
    new_code TEXT NOT NULL,          -- wards.code
    kind     TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
    PRIMARY KEY (old_code, new_code)
);
CREATE INDEX legacy_map_new ON legacy_map(new_code);

-- Ward codes that GSO changed after dvhcvn/20250701 made its mapping; the
-- mapping's new_code is replaced by new_value.
CREATE TABLE legacy_corrections (
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    note      TEXT NOT NULL
);
INSERT INTO legacy_corrections(old_value, new_value, note) VALUES
    ('06970', '06978', 'Xã Ba Chẽ (Quảng Ninh): ward code 06970 in dvhcvn/20250701, 06978 in the GSO list'),
    ('23737', '23938', 'Xã Ia Mơ (Gia Lai): ward code 23737 in dvhcvn/20250701, 23938 in the GSO list');

-- Numbers that are both an old postal code and a current one. A code is read
-- as current first; same_place = 1 when the old commune went (wholly or in
-- part) into the current ward with the same number, so that reading it the
-- other way still lands in the same place.
CREATE TABLE legacy_ambiguous (
    postal_code  TEXT PRIMARY KEY,
    old_commune  TEXT,               -- legacy_postal.commune_code
    current_ward TEXT,               -- wards.code with that postal_code
    same_place   INTEGER CHECK (same_place IN (0, 1))
);

INSERT INTO validation_kinds(kind, fatal, description) VALUES
    ('legacy_unit_count',       1, 'legacy: not 63 provinces, 696 districts and 10,047 communes with unique codes of 2, 3 and 5 digits'),
    ('legacy_map_unknown_ward', 1, 'legacy: a legacy_map new_code that is not a ward code'),
    ('legacy_duplicate_postal', 1, 'legacy: an old postal code given to more than one old commune'),
    ('legacy_mapping_mismatch', 1, 'legacy: splits.json and merges.json disagree on an old commune and its new wards');

-- Hard checks on the sources -------------------------------------------------------

INSERT INTO validation_issues(kind, detail)
SELECT 'legacy_unit_count',
       printf('level %d: %d rows, %d distinct codes of %d digits, expected %d', level, n, ok, digits, expected)
FROM (SELECT e.level, e.digits, e.expected, count(u.code) AS n,
             count(DISTINCT CASE WHEN length(u.code) = e.digits AND u.code NOT GLOB '*[^0-9]*'
                                 THEN u.code END) AS ok
      FROM (SELECT 1 AS level, 2 AS digits, 63 AS expected
            UNION ALL SELECT 2, 3, 696 UNION ALL SELECT 3, 5, 10047) AS e
      LEFT JOIN src.old_unit AS u ON u.level = e.level
      GROUP BY e.level)
WHERE n <> expected OR ok <> expected;

INSERT INTO validation_issues(kind, detail)
SELECT 'legacy_unit_count', printf('code %s appears at more than one level', code)
FROM src.old_unit GROUP BY code HAVING count(*) > 1;

INSERT INTO validation_issues(kind, detail)
SELECT 'legacy_duplicate_postal', printf('old postal code %s: communes %s', postal_code, group_concat(commune_code, ', '))
FROM src.old_postcode WHERE postal_code <> ''
GROUP BY postal_code HAVING count(*) > 1;

INSERT INTO validation_issues(kind, detail)
SELECT 'legacy_mapping_mismatch', printf('%s -> %s only in splits.json', old_code, new_code)
FROM (SELECT old_code, new_code FROM src.old_split
      EXCEPT SELECT old_code, new_code FROM src.old_merge)
UNION ALL
SELECT 'legacy_mapping_mismatch', printf('%s -> %s only in merges.json', old_code, new_code)
FROM (SELECT old_code, new_code FROM src.old_merge WHERE length(old_code) = 5
      EXCEPT SELECT old_code, new_code FROM src.old_split);

INSERT INTO validation_issues(kind, detail)
SELECT 'legacy_mapping_mismatch', printf('old commune %s in splits.json is not in the unit list', old_code)
FROM (SELECT DISTINCT old_code FROM src.old_split)
WHERE old_code NOT IN (SELECT code FROM src.old_unit WHERE level = 3);

-- ASCII names ---------------------------------------------------------------------------
-- The folding of fold.sql, on the old names.
-- (table fold: see fold.sql)


CREATE TEMP TABLE ascii_name (name TEXT PRIMARY KEY, ascii TEXT NOT NULL);
WITH RECURSIVE walk(name, rest, done) AS (
    SELECT DISTINCT name, name, '' FROM src.old_unit
    UNION ALL
    SELECT name, substr(rest, 2),
           done || coalesce((SELECT ascii FROM fold WHERE letter = substr(rest, 1, 1)), substr(rest, 1, 1))
    FROM walk WHERE rest <> ''
)
INSERT INTO ascii_name(name, ascii) SELECT name, done FROM walk WHERE rest = '';

-- Units -----------------------------------------------------------------------------------
-- Names as the source gives them; the unit type in lower case (the types all
-- begin with an ASCII capital, which is all that lower() folds).

INSERT OR IGNORE INTO legacy_units(code, level, name, name_ascii, unit_type, parent_code)
SELECT u.code, u.level, u.name, a.ascii, lower(u.type), u.parent_code
FROM src.old_unit AS u JOIN ascii_name AS a ON a.name = u.name
ORDER BY u.level, u.code;

INSERT INTO validation_issues(kind, detail)
SELECT 'non_ascii_name', printf('legacy unit %s: %s', code, name_ascii)
FROM legacy_units WHERE length(CAST(name_ascii AS BLOB)) <> length(name_ascii);

-- Old postal codes -------------------------------------------------------------------------
-- Only those of communes in the unit list: a code of a commune abolished
-- between 2018 and 2025 leads to no commune (legacy-report.sql lists them).
-- A duplicated code is a hard violation above and is left out here.

INSERT INTO legacy_postal(postal_code, commune_code)
SELECT p.postal_code, min(p.commune_code)
FROM src.old_postcode AS p
WHERE p.postal_code <> ''
  AND p.commune_code IN (SELECT code FROM legacy_units WHERE level = 3)
GROUP BY p.postal_code
HAVING count(*) = 1 AND (SELECT count(*) FROM src.old_postcode AS q WHERE q.postal_code = p.postal_code) = 1
ORDER BY p.postal_code;

-- Old commune -> current ward -------------------------------------------------------------
-- The pairs of splits.json (old communes only), the kind from merges.json
-- (the hard check above makes the two agree), the drifted codes corrected.

INSERT INTO legacy_map(old_code, new_code, kind)
SELECT s.old_code, coalesce(c.new_value, s.new_code),
       -- A pair missing from merges.json is a hard violation already.
       coalesce((SELECT min(m.kind) FROM src.old_merge AS m
                 WHERE m.old_code = s.old_code AND m.new_code = s.new_code), 'partial')
FROM (SELECT DISTINCT old_code, new_code FROM src.old_split) AS s
LEFT JOIN legacy_corrections AS c ON c.old_value = s.new_code
WHERE s.old_code IN (SELECT code FROM legacy_units WHERE level = 3)
ORDER BY s.old_code, 2;

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'legacy_map_unknown_ward', NULL, printf('old commune %s -> %s, not a ward code', old_code, new_code)
FROM legacy_map WHERE new_code NOT IN (SELECT code FROM wards);

-- Old communes, with their reference points -------------------------------------------------
-- The box of the union of the current wards an old commune went into holds
-- all of the old commune (the mapping covers it), and each ward's box holds
-- all of its vertices, so the offset to the farthest side of the union box
-- bounds every point of the old commune. The rounding is that of derive.sql.

CREATE TEMP TABLE commune_box AS
SELECT m.old_code AS code, count(*) AS ward_count,
       min(w.min_lat) AS min_lat, max(w.max_lat) AS max_lat,
       min(w.min_lon) AS min_lon, max(w.max_lon) AS max_lon
FROM legacy_map AS m JOIN wards AS w ON w.code = m.new_code
GROUP BY m.old_code;

CREATE TEMP TABLE commune_ref AS
SELECT code, ward_count, min_lat, max_lat, min_lon, max_lon,
       ((CAST(round(min_lat * 1e6) AS INTEGER) + CAST(round(max_lat * 1e6) AS INTEGER) + 1) / 2) / 1e6 AS ref_lat,
       ((CAST(round(min_lon * 1e6) AS INTEGER) + CAST(round(max_lon * 1e6) AS INTEGER) + 1) / 2) / 1e6 AS ref_lon
FROM commune_box;

INSERT INTO legacy_communes(code, postal_code, district_code, province_code,
                            ref_lat, ref_lon, max_offset, long_form, ward_count)
SELECT c.code, p.postal_code, c.parent_code, d.parent_code,
       r.ref_lat, r.ref_lon, o.max_offset, o.max_offset >= 0.49,
       (SELECT count(*) FROM legacy_map AS m WHERE m.old_code = c.code)
FROM legacy_units AS c
JOIN legacy_units AS d ON d.code = c.parent_code
LEFT JOIN legacy_postal AS p ON p.commune_code = c.code
LEFT JOIN commune_ref AS r ON r.code = c.code
LEFT JOIN (SELECT code, max(max_lat - ref_lat, ref_lat - min_lat,
                            max_lon - ref_lon, ref_lon - min_lon) AS max_offset
           FROM commune_ref) AS o ON o.code = c.code
WHERE c.level = 3
ORDER BY c.code;

-- Ambiguous numbers --------------------------------------------------------------------------

INSERT INTO legacy_ambiguous(postal_code, old_commune, current_ward, same_place)
SELECT p.postal_code, p.commune_code, w.code,
       EXISTS (SELECT 1 FROM legacy_map AS m WHERE m.old_code = p.commune_code AND m.new_code = w.code)
FROM legacy_postal AS p JOIN wards AS w ON w.postal_code = p.postal_code
ORDER BY p.postal_code;

-- Old district polygons (optional) ------------------------------------------------------------
-- From gis_pre2025_provinces_districts.tar.gz (daohoangson/dvhcvn, GPL-3.0),
-- unpacked by build-db under old_gis/ only when the file is present: one
-- file per province, gis/<province>.json, whose level2s[] carry the GSO
-- district code (level2_id), the geometry type and its coordinates as in
-- GeoJSON. The table is made here in every legacy build and dropped at the
-- end when the file is absent.

CREATE TEMP TABLE gis_file AS
SELECT name FROM fsdir('.')
WHERE name GLOB './old_gis/gis/[0-9][0-9].json'
  AND EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');

CREATE TABLE src.old_district_gis AS
SELECT json_extract(d.value, '$.level2_id') AS code,
       json_extract(f.j, '$.level1_id')     AS province_code,
       json_extract(d.value, '$.type')      AS type,
       SetSRID(GeomFromGeoJSON(json_object('type', json_extract(d.value, '$.type'),
                                           'coordinates', json_extract(d.value, '$.coordinates'))),
               4326) AS geom
FROM (SELECT CAST(readfile(name) AS TEXT) AS j FROM gis_file) AS f,
     json_each(f.j, '$.level2s') AS d;

CREATE TABLE legacy_districts (
    code          TEXT PRIMARY KEY,  -- old GSO district code (3 digits), legacy_units level 2
    name          TEXT,              -- legacy_units.name
    province_code TEXT               -- legacy_units.parent_code
);
SELECT AddGeometryColumn('legacy_districts', 'geom', 4326, 'MULTIPOLYGON', 'XY');

-- Kept: districts of the unit list. A geometry that is not valid is repaired
-- with ST_MakeValid, keeping only its polygons; one that is still not a valid
-- (multi)polygon is dropped. Both are counted in src.old_district_fate.
CREATE TABLE src.old_district_fate AS
SELECT g.code, u.name, u.parent_code AS province_code,
       g.code IN (SELECT code FROM legacy_units WHERE level = 2) AS known,
       ST_IsValid(g.geom) AS valid,
       g.geom
FROM src.old_district_gis AS g LEFT JOIN legacy_units AS u ON u.code = g.code AND u.level = 2;

ALTER TABLE src.old_district_fate ADD COLUMN fixed BLOB;
UPDATE src.old_district_fate
SET fixed = CASE WHEN valid = 1 THEN CastToMultiPolygon(geom)
                 ELSE CastToMultiPolygon(CollectionExtract(ST_MakeValid(geom), 3)) END
WHERE known = 1;
UPDATE src.old_district_fate SET fixed = NULL
WHERE fixed IS NOT NULL AND (ST_IsValid(fixed) IS NOT 1 OR ST_IsEmpty(fixed) IS NOT 0
                             OR GeometryType(fixed) <> 'MULTIPOLYGON');

INSERT INTO legacy_districts(code, name, province_code, geom)
SELECT code, name, province_code, SetSRID(fixed, 4326)
FROM src.old_district_fate WHERE known = 1 AND fixed IS NOT NULL ORDER BY code;

-- Informative cross-check: does each old commune's reference point lie in
-- its own district's polygon? 1 yes, 0 no, NULL no polygon.
CREATE TABLE src.old_commune_in_district AS
SELECT c.code, c.district_code,
       (SELECT ST_Intersects(d.geom, MakePoint(c.ref_lon, c.ref_lat, 4326))
        FROM legacy_districts AS d WHERE d.code = c.district_code) AS inside
FROM legacy_communes AS c
WHERE c.ref_lat IS NOT NULL;

INSERT INTO metadata(key, value)
SELECT key, value FROM (
SELECT 'legacy.district_polygon_count' AS key, count(*) AS value FROM legacy_districts
UNION ALL SELECT 'legacy.district_polygon_province_count', count(DISTINCT province_code) FROM legacy_districts
UNION ALL SELECT 'validation.legacy_districts_without_polygon', count(*) FROM legacy_units
          WHERE level = 2 AND code NOT IN (SELECT code FROM legacy_districts)
UNION ALL SELECT 'validation.legacy_district_polygons_not_in_units', count(*) FROM src.old_district_fate WHERE known = 0
UNION ALL SELECT 'validation.legacy_district_polygons_repaired', count(*) FROM src.old_district_fate
          WHERE known = 1 AND valid IS NOT 1 AND fixed IS NOT NULL
UNION ALL SELECT 'validation.legacy_district_polygons_dropped', count(*) FROM src.old_district_fate
          WHERE known = 1 AND fixed IS NULL
UNION ALL SELECT 'validation.legacy_commune_ref_in_district', count(*) FROM src.old_commune_in_district WHERE inside = 1
UNION ALL SELECT 'validation.legacy_commune_ref_outside_district', count(*) FROM src.old_commune_in_district WHERE inside = 0
UNION ALL SELECT 'validation.legacy_commune_ref_no_district_polygon', count(*) FROM src.old_commune_in_district WHERE inside IS NULL)
WHERE EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');

-- Metadata -----------------------------------------------------------------------------------
-- The sources (old_units, old_postcodes, old_units_license, ward_splits) are
-- already in metadata: metadata.sql writes every verified source.

UPDATE metadata SET value = '1' WHERE key = 'legacy';
UPDATE metadata
SET value = 'GPL-3.0 (the pre-2025 tables are made from GPL-3.0 data: see license.legacy; '
            || 'configure --disable-legacy-data builds an MIT-only database)'
WHERE key = 'license';

INSERT INTO metadata(key, value) VALUES
    ('license.legacy',
     'The legacy tables (legacy_units, legacy_communes, legacy_postal, legacy_ambiguous) derive from GPL-3.0 data '
     || '(github.com/daohoangson/dvhcvn: the GSO unit list of 01/03/2025 and the 2018 postal codes by commune), '
     || 'so the database file as a whole must be distributed under the terms of the GNU General Public License '
     || 'version 3 (GPL-3.0); the licence text is under license.legacy.notice. legacy_map is the old-to-new mapping '
     || 'of github.com/dvhcvn/20250701 (MIT, notice under license.mapping.notice) with the codes of legacy_corrections.'),
    ('license.legacy.notice', CAST(readfile('old_units_license') AS TEXT));

UPDATE metadata
SET value = replace(value, 'legacy_postal, legacy_ambiguous)', 'legacy_postal, legacy_ambiguous, legacy_districts)')
WHERE key = 'license.legacy' AND EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');

UPDATE metadata
SET value = value || ' With legacy = 1 the database also holds the legacy tables: see license.legacy.'
WHERE key = 'license.data';

INSERT INTO metadata(key, value)
SELECT 'legacy.province_count', count(*) FROM legacy_units WHERE level = 1
UNION ALL SELECT 'legacy.district_count', count(*) FROM legacy_units WHERE level = 2
UNION ALL SELECT 'legacy.commune_count', count(*) FROM legacy_communes
UNION ALL SELECT 'legacy.postal_code_count', count(*) FROM legacy_postal
UNION ALL SELECT 'legacy.map_count', count(*) FROM legacy_map
UNION ALL SELECT 'legacy.long_form_count', count(*) FROM legacy_communes WHERE long_form = 1
UNION ALL SELECT 'validation.legacy_communes_without_postal_code', count(*) FROM legacy_communes WHERE postal_code IS NULL
UNION ALL SELECT 'validation.legacy_postal_codes_of_unknown_communes', count(*) FROM src.old_postcode
          WHERE postal_code <> '' AND commune_code NOT IN (SELECT code FROM legacy_units WHERE level = 3)
UNION ALL SELECT 'validation.legacy_unmapped_communes', count(*) FROM legacy_communes WHERE ward_count = 0
UNION ALL SELECT 'validation.legacy_split_communes', count(*) FROM legacy_communes WHERE ward_count > 1
UNION ALL SELECT 'validation.legacy_ambiguous', count(*) FROM legacy_ambiguous
UNION ALL SELECT 'validation.legacy_ambiguous_same_place', count(*) FROM legacy_ambiguous WHERE same_place = 1;

COMMIT;

-- Without the optional district polygons there is no legacy_districts table.
-- DropTable fails while the statement calling it reads a table, so the
-- condition comes in as a bound parameter.
.parameter init
INSERT INTO temp.sqlite_parameters(key, value)
SELECT '@have_gis', EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');
SELECT DropTable(NULL, 'legacy_districts') WHERE @have_gis = 0;
