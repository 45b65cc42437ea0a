-- lexicon.sql - the address lexicon of the current units (docs/ADDRESS.md):
-- address_units (the 34 provinces and 3,321 wards) and address_names (their
-- names as people write them). With VPOSTCODE_LEGACY=1, lexicon-legacy.sql
-- adds the pre-2025 units. vpc-pack turns the names into keys.
--
-- Sources: the unit lists (official and English names), the shorthands of
-- vietnamadminunits (from_2025/alias_province.csv) and the project's own
-- geodata/province-names.tsv (shorthands and the names of the provinces
-- merged on 1 July 2025, from common knowledge).

ATTACH 'staging.sqlite' AS src;

CREATE TABLE src.province_names (level TEXT, code TEXT, name TEXT, kind TEXT, note TEXT);
CREATE TABLE src.alias_province_2025 (province_key TEXT, alias_keyword TEXT);
.mode tabs
.import --skip 1 --schema src province_names province_names
.mode csv
.import --skip 1 --schema src alias_province_2025 alias_province_2025

BEGIN;

CREATE TABLE address_units (
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
                -- 1 province, 2 ward (current); 3 province, 4 district, 5 commune (pre-2025)
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,   -- with its type word: 'Quận Hoàn Kiếm'
    unit_type   TEXT NOT NULL,   -- 'phường', 'xã', 'thị trấn', 'đặc khu', 'quận', 'huyện',
                                 -- 'thị xã', 'thành phố', 'tỉnh'
    parent_code TEXT,            -- ward: province; district: province; commune: district
    ref_code    TEXT,            -- pre-2025 province: the current province it is in
    PRIMARY KEY (level, code)
);

CREATE TABLE address_names (
    level  INTEGER NOT NULL,
    code   TEXT NOT NULL,
    name   TEXT NOT NULL,        -- as written: 'Phường Hoàn Kiếm', 'Hoan Kiem Ward', 'p10', 'HCM'
    kind   TEXT NOT NULL CHECK (kind IN ('official', 'former', 'alias', 'short', 'english')),
    source TEXT NOT NULL,        -- sources.tsv id, or 'province-names'
    UNIQUE (level, code, name),
    FOREIGN KEY (level, code) REFERENCES address_units(level, code)
);

INSERT INTO address_units(level, code, name, unit_type, parent_code, ref_code)
SELECT 1, code, name, unit_type, NULL, NULL FROM provinces;
INSERT INTO address_units(level, code, name, unit_type, parent_code, ref_code)
SELECT 2, code, name, unit_type, province_code, NULL FROM wards;

INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 1, code, name, 'official', 'units' FROM provinces;
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 2, code, name, 'official', 'units' FROM wards;
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 1, code, name_en, 'english', 'units' FROM src.unit_province
WHERE name_en IS NOT NULL AND name_en <> '' AND code IN (SELECT code FROM provinces);
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 2, code, name_en, 'english', 'units' FROM src.unit_ward
WHERE name_en IS NOT NULL AND name_en <> '' AND code IN (SELECT code FROM wards);
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 1, code, name, kind, 'province-names' FROM src.province_names WHERE level = '1';
-- Keys such as 'thanhphohanoi': the province whose ASCII name folds to it.
INSERT OR IGNORE INTO address_names(level, code, name, kind, source)
SELECT 1, p.code, a.alias_keyword, 'short', 'alias_province_2025'
FROM src.alias_province_2025 AS a
JOIN provinces AS p ON lower(replace(p.name_ascii, ' ', '')) = a.province_key;

-- The vietnamadminunits notice (MIT) travels with the names taken from it.
INSERT INTO metadata(key, value) VALUES
    ('license.lexicon',
     'address_units and address_names (the address lexicon) are made from the unit lists above, '
     || 'the keywords of github.com/tranngocminhhieu/vietnamadminunits (MIT, Copyright (c) 2025 Tran Ngoc '
     || 'Minh Hieu; notice under license.lexicon.notice) and geodata/province-names.tsv of this project. '
     || 'With legacy = 1 they also hold the pre-2025 names of the legacy sources (GPL-3.0, see license.legacy).'),
    ('license.lexicon.notice', CAST(readfile('alias_license') AS TEXT));

INSERT INTO validation_kinds(kind, fatal, description) VALUES
    ('lexicon_reference', 1, 'lexicon: a name of no unit, a unit of no parent, or a bad shorthand row'),
    ('lexicon_count',     1, 'lexicon: not every current province and ward has its official name');

INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'address_names row for unknown unit ' || n.level || '/' || n.code
FROM address_names AS n
LEFT JOIN address_units AS u ON u.level = n.level AND u.code = n.code
WHERE u.code IS NULL;
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'province-names.tsv: unknown current province ' || code || ' (' || name || ')'
FROM src.province_names WHERE level = '1' AND code NOT IN (SELECT code FROM provinces);
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_reference', 'province-names.tsv: bad row ' || coalesce(level, '?') || '/' || coalesce(code, '?')
FROM src.province_names WHERE level NOT IN ('1', '3') OR kind NOT IN ('short', 'former')
   OR name IS NULL OR name = '';
INSERT INTO validation_issues(kind, detail)
SELECT 'lexicon_count', 'lexicon: ' || (SELECT count(*) FROM address_units WHERE level = 2) ||
       ' wards, ' || (SELECT count(DISTINCT code) FROM address_names WHERE level = 2 AND kind = 'official') ||
       ' with an official name'
WHERE (SELECT count(DISTINCT code) FROM address_names WHERE level = 2 AND kind = 'official')
      <> (SELECT count(*) FROM wards)
   OR (SELECT count(DISTINCT code) FROM address_names WHERE level = 1 AND kind = 'official')
      <> (SELECT count(*) FROM provinces);

COMMIT;
