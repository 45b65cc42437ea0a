-- Load the verified source files into a staging database.
--
-- Runs in the build's temporary directory, where build-db has placed every
-- source under its id from sources.tsv (decompressed if it was gzipped) and
-- the verified manifest as _sources.tsv. The staging database lives there
-- too, so nothing of it reaches the output; later stages attach it as "src".
--
-- Nothing is corrected here: values are kept as the sources give them, so
-- that check.sql can report every problem against the original data.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;

CREATE TABLE src.sources (
    id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, license TEXT, origin TEXT,
    upstream_url TEXT, found_at TEXT
);
CREATE TABLE src.ward_postal (
    ward_code TEXT, province_code TEXT, postal_code TEXT, ward_full_name TEXT
);
CREATE TABLE src.province_prefix (
    province_code TEXT, postal_prefixes TEXT, province_full_name TEXT
);

-- The columns were created as TEXT above, so codes keep their leading zeros.
.mode tabs
.import --skip 1 --schema src _sources.tsv sources
.import --skip 1 --schema src ward_postal_codes ward_postal
.import --skip 1 --schema src province_postal_prefixes province_prefix

BEGIN;

-- Ward polygons. The GeoJSON carries no CRS member (lon/lat WGS84 per the
-- specification), so the SRID is set explicitly. CastToMultiPolygon yields
-- NULL for anything that is not a (Multi)Polygon, which check.sql reports.
CREATE TABLE src.ward_feature AS
SELECT key                                       AS feature_index,
       json_extract(value, '$.properties.code')         AS code,
       json_extract(value, '$.properties.provinceCode') AS province_code,
       json_extract(value, '$.properties.name')         AS name,
       json_extract(value, '$.properties.nameEn')       AS name_en,
       json_extract(value, '$.properties.fullName')     AS full_name,
       json_extract(value, '$.properties.areaKm2')      AS area_km2,
       CastToMultiPolygon(SetSRID(GeomFromGeoJSON(json_extract(value, '$.geometry')), 4326)) AS geom
FROM json_each(readfile('wards'), '$.features');

-- The coarse province outlines, kept only for cross-checks: the provinces of
-- the database are dissolved from the wards.
CREATE TABLE src.province_feature AS
SELECT json_extract(value, '$.properties.code')     AS code,
       json_extract(value, '$.properties.fullName') AS full_name,
       json_extract(value, '$.properties.areaKm2')  AS area_km2,
       CastToMultiPolygon(SetSRID(GeomFromGeoJSON(json_extract(value, '$.geometry')), 4326)) AS geom
FROM json_each(readfile('provinces'), '$.features');

-- The unit list: names with diacritics and unit types, which the GeoJSON
-- only has folded into fullName.
CREATE TABLE src.unit_province AS
SELECT json_extract(value, '$.Code')                        AS code,
       json_extract(value, '$.Name')                        AS name,
       json_extract(value, '$.NameEn')                      AS name_en,
       json_extract(value, '$.FullName')                    AS full_name,
       json_extract(value, '$.AdministrativeUnitShortName') AS unit_label
FROM json_each(readfile('units'));

CREATE TABLE src.unit_ward AS
SELECT json_extract(w.value, '$.Code')                        AS code,
       json_extract(w.value, '$.ProvinceCode')                AS province_code,
       json_extract(w.value, '$.Name')                        AS name,
       json_extract(w.value, '$.NameEn')                      AS name_en,
       json_extract(w.value, '$.FullName')                    AS full_name,
       json_extract(w.value, '$.AdministrativeUnitShortName') AS unit_label
FROM json_each(readfile('units')) AS p, json_each(p.value, '$.Wards') AS w;

-- New wards of the old-to-new mapping, only to cross-check codes.
CREATE TABLE src.mapping_ward AS
SELECT json_extract(w.value, '$.level2_id') AS code,
       json_extract(p.value, '$.level1_id') AS province_code,
       json_extract(w.value, '$.name')      AS full_name
FROM json_each(readfile('ward_mapping'), '$.data') AS p,
     json_each(p.value, '$.level2s') AS w;

CREATE INDEX src.ward_feature_code ON ward_feature(code);
CREATE INDEX src.unit_ward_code ON unit_ward(code);
CREATE INDEX src.ward_postal_code ON ward_postal(ward_code);

COMMIT;
