-- lexicon-legacy.sql - the pre-2025 units in the address lexicon (run with
-- VPOSTCODE_LEGACY=1, after legacy.sql and lexicon.sql): the 63 provinces,
-- the districts and the communes of 1 March 2025 (level 3, 4, 5), with
-- their names of 2019-2025, the names of units abolished in that time
-- (given to their successors), the legacy keywords of vietnamadminunits and
-- the shorthands of geodata/province-names.tsv. GPL-3.0, like legacy.sql.

ATTACH 'staging.sqlite' AS src;

CREATE TABLE src.commune_spans (code TEXT, name TEXT, type TEXT, district_code TEXT,
    province_code TEXT, first_listed TEXT, last_listed TEXT, in_20250301 TEXT);
CREATE TABLE src.district_spans (code TEXT, name TEXT, type TEXT, province_code TEXT,
    first_listed TEXT, last_listed TEXT, in_20250301 TEXT);
CREATE TABLE src.abolished_communes (old_code TEXT, old_name TEXT, old_type TEXT,
    other_names TEXT, old_district_code TEXT, old_district_name TEXT, province_code TEXT,
    last_listed TEXT, first_absent TEXT, postcode_2018 TEXT, successor_code TEXT,
    successor_name TEXT, successor_district_code TEXT, evidence TEXT, alias_code TEXT,
    alias_keyword TEXT, alias_source TEXT, gso_name_code TEXT);
CREATE TABLE src.abolished_districts (old_code TEXT, old_name TEXT, old_type TEXT,
    province_code TEXT, last_listed TEXT, first_absent TEXT, successor_district_codes TEXT,
    successor_district_names TEXT);
CREATE TABLE src.alias_ward (province_key TEXT, district_key TEXT, ward_key TEXT,
    alias_keyword TEXT, source TEXT, year TEXT);
CREATE TABLE src.alias_district (province_key TEXT, district_key TEXT, alias_keyword TEXT,
    source TEXT);
CREATE TABLE src.divided_district (province_key TEXT, divided_key TEXT, divided_keywords TEXT,
    district_key TEXT, district_default TEXT, source TEXT);
CREATE TABLE src.alias_province_legacy (province_key TEXT, alias_keyword TEXT);
.mode tabs
.import --skip 1 --schema src commune_spans commune_spans
.import --skip 1 --schema src district_spans district_spans
.import --skip 1 --schema src abolished_communes abolished_communes
.import --skip 1 --schema src abolished_districts abolished_districts
.mode csv
.import --skip 1 --schema src alias_ward alias_ward
.import --skip 1 --schema src alias_district alias_district
.import --skip 1 --schema src divided_district divided_district
.import --skip 1 --schema src alias_province_legacy alias_province_legacy

BEGIN;

-- The keys of vietnamadminunits: lowercase ASCII, no spaces or punctuation,
-- numbers without leading zeros ('Phường 09' -> 'phuong9').
CREATE TEMP TABLE unit_key (level INTEGER, code TEXT, parent_code TEXT, key TEXT);
INSERT INTO unit_key(level, code, parent_code, key)
SELECT level, code, parent_code,
       CASE WHEN k0 GLOB '*[0-9]*'
            THEN replace(replace(replace(k0, 'g0', 'g'), 'a0', 'a'), 'n0', 'n') ELSE k0 END
FROM (SELECT level, code, parent_code,
             lower(replace(replace(replace(replace(name_ascii, ' ', ''), '-', ''), '''', ''), '.', '')) AS k0
      FROM legacy_units);
CREATE INDEX temp.unit_key_key ON unit_key(level, key);

-- Units -------------------------------------------------------------------------

-- A pre-2025 province is now in the one current province that holds the
-- wards its communes went into.
CREATE TEMP TABLE old_province_now AS
SELECT c.province_code AS old_code, w.province_code AS new_code, count(*) AS n
FROM legacy_communes AS c
JOIN legacy_map AS m ON m.old_code = c.code
JOIN wards AS w ON w.code = m.new_code
GROUP BY c.province_code, w.province_code;

INSERT INTO address_units(level, code, name, unit_type, parent_code, ref_code)
SELECT 3, u.code, u.name,
       CASE u.unit_type WHEN 'thành phố trung ương' THEN 'thành phố' ELSE u.unit_type END,
       NULL, (SELECT new_code FROM old_province_now WHERE old_code = u.code ORDER BY n DESC LIMIT 1)
FROM legacy_units AS u WHERE u.level = 1;
INSERT INTO address_units(level, code, name, unit_type, parent_code, ref_code)
SELECT 4, code, name, unit_type, parent_code, NULL FROM legacy_units WHERE level = 2;
INSERT INTO address_units(level, code, name, unit_type, parent_code, ref_code)
SELECT 5, u.code, u.name, u.unit_type, u.parent_code, NULL
FROM legacy_units AS u JOIN legacy_communes AS c ON c.code = u.code
WHERE u.level = 3;

-- Names ---------------------------------------------------------------------------

INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT level + 2, code, name, 'official', 'old_units' FROM legacy_units;

-- Earlier names of codes that still existed on 1 March 2025.
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 5, s.code, s.name, 'former', 'commune_spans'
FROM src.commune_spans AS s
WHERE s.code IN (SELECT code FROM address_units WHERE level = 5);
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 4, s.code, s.name, 'former', 'district_spans'
FROM src.district_spans AS s
WHERE s.code IN (SELECT code FROM address_units WHERE level = 4);

-- Communes abolished 2019-2025: their names (and every other name they had)
-- go to their successors.
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 5, a.successor_code, a.old_name, 'former', 'abolished_communes'
FROM src.abolished_communes AS a
WHERE a.successor_code IN (SELECT code FROM address_units WHERE level = 5);
WITH RECURSIVE other(code, rest, name) AS (
    SELECT successor_code, other_names || '|', NULL FROM src.abolished_communes
    WHERE other_names <> '' AND successor_code IN (SELECT code FROM address_units WHERE level = 5)
    UNION ALL
    SELECT code, substr(rest, instr(rest, '|') + 1), trim(substr(rest, 1, instr(rest, '|') - 1))
    FROM other WHERE rest <> ''
)
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 5, code, name, 'former', 'abolished_communes' FROM other WHERE name IS NOT NULL AND name <> '';

-- Districts abolished 2019-2025: their names go to every district that
-- holds their communes.
WITH RECURSIVE succ(name, rest, code) AS (
    SELECT old_name, successor_district_codes || '|', NULL FROM src.abolished_districts
    WHERE successor_district_codes <> ''
    UNION ALL
    SELECT name, substr(rest, instr(rest, '|') + 1), substr(rest, 1, instr(rest, '|') - 1)
    FROM succ WHERE rest <> ''
)
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 4, code, name, 'former', 'abolished_districts' FROM succ
WHERE code IN (SELECT code FROM address_units WHERE level = 4);

-- Legacy keywords (vietnamadminunits), placed by their province, district
-- and commune keys. Keys that match no unit are counted in the report.
CREATE TEMP TABLE alias_ward_placed AS
SELECT a.alias_keyword AS keyword, c.code AS code
FROM src.alias_ward AS a
JOIN unit_key AS p ON p.level = 1 AND p.key = trim(a.province_key, ' ' || char(9))
JOIN unit_key AS d ON d.level = 2 AND d.parent_code = p.code AND d.key = trim(a.district_key, ' ' || char(9))
JOIN unit_key AS c ON c.level = 3 AND c.parent_code = d.code AND c.key = trim(a.ward_key, ' ' || char(9));
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 5, code, keyword, 'alias', 'alias_ward' FROM alias_ward_placed
WHERE code IN (SELECT code FROM address_units WHERE level = 5) AND keyword <> '';
INSERT INTO metadata(key, value) VALUES
    ('lexicon.alias_ward.rows', (SELECT count(*) FROM src.alias_ward)),
    ('lexicon.alias_ward.placed', (SELECT count(*) FROM alias_ward_placed));

INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 4, d.code, a.alias_keyword, 'alias', 'alias_district'
FROM src.alias_district AS a
JOIN unit_key AS p ON p.level = 1 AND p.key = a.province_key
JOIN unit_key AS d ON d.level = 2 AND d.parent_code = p.code AND d.key = a.district_key
WHERE a.alias_keyword <> '';
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 4, d.code, k.value, 'alias', 'divided_district'
FROM src.divided_district AS a, json_each(a.divided_keywords) AS k
JOIN unit_key AS p ON p.level = 1 AND p.key = a.province_key
JOIN unit_key AS d ON d.level = 2 AND d.parent_code = p.code AND d.key = a.district_key
WHERE json_valid(a.divided_keywords);
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 3, p.code, a.alias_keyword, 'short', 'alias_province_legacy'
FROM src.alias_province_legacy AS a
JOIN unit_key AS p ON p.level = 1 AND p.key = a.province_key;
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 3, code, name, kind, 'province-names' FROM src.province_names WHERE level = '3';

-- Checks ------------------------------------------------------------------------------

INSERT INTO validation_kinds(kind, fatal, description) VALUES
    ('lexicon_province_parts', 0, 'lexicon: a pre-2025 province whose communes went into several current provinces (its name is given to the one with most)');
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_province_parts', 'pre-2025 province ' || old_code || ': ' ||
       group_concat(n || ' mapped communes in ' || new_code, ', ')
FROM (SELECT * FROM old_province_now ORDER BY old_code, n DESC)
GROUP BY old_code HAVING count(*) <> 1;
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'pre-2025 province ' || code || ' is in no current province'
FROM address_units WHERE level = 3 AND ref_code IS NULL;
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'province-names.tsv: unknown pre-2025 province ' || code
FROM src.province_names WHERE level = '3' AND code NOT IN (SELECT code FROM address_units WHERE level = 3);
-- province-names.tsv gives each current province the names of the provinces
-- merged into it; the data must agree.
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'province-names.tsv: ' || n.name || ' is given to ' || n.code ||
       ', but the pre-2025 province of that name went into ' || u.ref_code
FROM src.province_names AS n
JOIN legacy_units AS o ON o.level = 1 AND substr(o.name, instr(o.name, ' ') + 1) = n.name
JOIN address_units AS u ON u.level = 3 AND u.code = o.code
WHERE n.level = '1' AND n.kind = 'former' AND u.ref_code <> n.code;
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'address_names row for unknown unit ' || n.level || '/' || n.code
FROM address_names AS n
LEFT JOIN address_units AS u ON u.level = n.level AND u.code = n.code
WHERE u.code IS NULL;

COMMIT;
