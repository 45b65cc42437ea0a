-- Fill the contract tables wards and provinces from the staged sources.
--
-- Runs only after check.sql found nothing fatal, so every join below matches
-- exactly one row per ward and the contract constraints hold.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;

BEGIN;

-- ASCII names -----------------------------------------------------------------
-- The Vietnamese letters with diacritics (all in NFC in the sources), grouped
-- by the ASCII letter they fold to. nameEn cannot serve for this: for some
-- units it is an English exonym ('Hanoi', 'Haiphong', 'Paracel', 'Spratly')
-- rather than the name without diacritics.
-- (table fold: see fold.sql)


-- The names to fold: the full names built below, from the same expressions.
CREATE TEMP TABLE unit_name AS
SELECT 'ward' AS level, f.code AS code, u.unit_label || ' ' || f.name AS name
FROM src.ward_feature AS f JOIN src.unit_ward AS u ON u.code = f.code
UNION ALL
SELECT 'province', code, unit_label || ' ' || name FROM src.unit_province;

-- Character by character; any character without a folding passes through
-- unchanged, and validate.sql rejects a result that is not pure ASCII.
CREATE TEMP TABLE ascii_name (name TEXT PRIMARY KEY, ascii TEXT NOT NULL);
WITH RECURSIVE walk(name, rest, done) AS (
    SELECT DISTINCT name, name, '' FROM unit_name
    UNION ALL
    SELECT name, substr(rest, 2),
           done || coalesce((SELECT ascii FROM fold WHERE letter = substr(rest, 1, 1)), substr(rest, 1, 1))
    FROM walk WHERE rest <> ''
)
INSERT INTO ascii_name(name, ascii) SELECT name, done FROM walk WHERE rest = '';

-- Wards ---------------------------------------------------------------------------

CREATE TEMP TABLE ward_box AS
SELECT code, MbrMinX(geom) AS min_lon, MbrMinY(geom) AS min_lat,
             MbrMaxX(geom) AS max_lon, MbrMaxY(geom) AS max_lat
FROM src.ward_feature;

-- The reference point is the centre of the bounding box: of all points it
-- minimises the largest offset to any vertex, which is what OLC recovery
-- (within half a degree of the reference) needs. It is rounded to 6 decimals,
-- the precision of nearly all source coordinates, so that it can be written
-- down exactly. The rounding is done on whole micro-degrees, a half going up,
-- rather than with round(), whose result for a midpoint such as 21.0392125
-- depends on how the binary double happens to print; this way another
-- implementation gets the same digits. The offsets are then measured from the
-- rounded point that will be used. The bounding box extremes are vertices, so
-- the offset to the farthest vertex is the offset to the farthest side of the
-- box.
CREATE TEMP TABLE ward_ref AS
SELECT code, min_lon, min_lat, max_lon, max_lat,
       ((CAST(round(min_lat * 1e6) AS INTEGER) + CAST(round(max_lat * 1e6) AS INTEGER) + 1) / 2) / 1e6 AS ref_lat,
       ((CAST(round(min_lon * 1e6) AS INTEGER) + CAST(round(max_lon * 1e6) AS INTEGER) + 1) / 2) / 1e6 AS ref_lon
FROM ward_box;

INSERT INTO wards(code, postal_code, name, short_name, name_ascii, unit_type, province_code,
                  ref_lat, ref_lon, max_offset, long_form, area_km2, area_km2_source,
                  min_lon, min_lat, max_lon, max_lat, geom)
SELECT f.code, p.postal_code, n.name, f.name, a.ascii,
       -- lower() folds ASCII only, so the one non-ASCII capital is done first.
       lower(replace(u.unit_label, 'Đ', 'đ')),
       f.province_code,
       r.ref_lat, r.ref_lon, o.max_offset,
       -- At 0.49° the farthest vertex is still recovered from a 4-character
       -- prefix (limit 0.5°), with a margin for the cell around the point.
       o.max_offset >= 0.49,
       ST_Area(f.geom, 1) / 1e6,
       f.area_km2,
       r.min_lon, r.min_lat, r.max_lon, r.max_lat,
       f.geom
FROM src.ward_feature AS f
JOIN src.unit_ward   AS u ON u.code = f.code
JOIN src.ward_postal AS p ON p.ward_code = f.code
JOIN unit_name       AS n ON n.level = 'ward' AND n.code = f.code
JOIN ascii_name      AS a ON a.name = n.name
JOIN ward_ref        AS r ON r.code = f.code
JOIN (SELECT code, max(max_lat - ref_lat, ref_lat - min_lat,
                       max_lon - ref_lon, ref_lon - min_lon) AS max_offset
      FROM ward_ref) AS o ON o.code = f.code
ORDER BY f.code;

SELECT CreateSpatialIndex('wards', 'geom');

-- Provinces -----------------------------------------------------------------------
-- Dissolved from the wards: the source's own province outlines are far
-- coarser than the wards (93 thousand points against 7 million) and do not
-- contain all of their wards.

CREATE TEMP TABLE province_union AS
SELECT province_code, count(*) AS ward_count, CastToMultiPolygon(ST_Union(geom)) AS geom
FROM wards
GROUP BY province_code;

CREATE TEMP TABLE province_box AS
SELECT province_code, ward_count, geom,
       MbrMinX(geom) AS min_lon, MbrMinY(geom) AS min_lat,
       MbrMaxX(geom) AS max_lon, MbrMaxY(geom) AS max_lat
FROM province_union;

INSERT INTO provinces(code, name, short_name, name_ascii, unit_type, postal_prefixes, ward_count,
                      area_km2, ref_lat, ref_lon, min_lon, min_lat, max_lon, max_lat, geom)
SELECT p.code, n.name, p.name, a.ascii, lower(p.unit_label), x.postal_prefixes, b.ward_count,
       ST_Area(b.geom, 1) / 1e6,
       -- The same reference point as for wards.
       ((CAST(round(b.min_lat * 1e6) AS INTEGER) + CAST(round(b.max_lat * 1e6) AS INTEGER) + 1) / 2) / 1e6,
       ((CAST(round(b.min_lon * 1e6) AS INTEGER) + CAST(round(b.max_lon * 1e6) AS INTEGER) + 1) / 2) / 1e6,
       b.min_lon, b.min_lat, b.max_lon, b.max_lat,
       b.geom
FROM src.unit_province AS p
JOIN src.province_prefix AS x ON x.province_code = p.code
JOIN unit_name           AS n ON n.level = 'province' AND n.code = p.code
JOIN ascii_name          AS a ON a.name = n.name
JOIN province_box        AS b ON b.province_code = p.code
ORDER BY p.code;

SELECT CreateSpatialIndex('provinces', 'geom');

COMMIT;
