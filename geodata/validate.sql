-- Checks on the derived tables: the contract once more, then the findings
-- that do not fail the build (overlaps, gaps, long-form units) and
-- cross-checks against the sources' own figures.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;

BEGIN;

-- The contract, on what the library will read ------------------------------------
-- check.sql has seen the same properties on the sources; these make sure
-- that derive.sql kept every unit and produced what it promised.

INSERT INTO validation_issues(kind, detail)
SELECT 'ward_count', printf('the wards table has %d rows, expected 3321', count(*))
FROM wards HAVING count(*) <> 3321;

INSERT INTO validation_issues(kind, detail)
SELECT 'province_count', printf('the provinces table has %d rows, expected 34', count(*))
FROM provinces HAVING count(*) <> 34;

INSERT INTO validation_issues(kind, detail)
SELECT 'postal_code_count', printf('the wards table has %d unique postal codes, expected 3321', count(DISTINCT postal_code))
FROM wards HAVING count(DISTINCT postal_code) <> 3321;

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'unknown_province', code, printf('%s (%s) has province code %s, not in the provinces table', code, name, province_code)
FROM wards WHERE province_code NOT IN (SELECT code FROM provinces);

INSERT INTO validation_issues(kind, detail)
SELECT 'null_geometry', printf('province %s (%s) has no dissolved geometry', code, name)
FROM provinces WHERE geom IS NULL;

INSERT INTO validation_issues(kind, detail)
SELECT 'invalid_geometry', printf('province %s (%s): %s', code, name, ST_IsValidReason(geom))
FROM provinces WHERE geom IS NOT NULL AND ST_IsValid(geom) IS NOT 1;

-- A byte count above the character count means a multi-byte character that
-- derive.sql's folding table does not cover.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'non_ascii_name', code, printf('ward %s: %s', code, name_ascii)
FROM wards WHERE length(CAST(name_ascii AS BLOB)) <> length(name_ascii)
UNION ALL
SELECT 'non_ascii_name', NULL, printf('province %s: %s', code, name_ascii)
FROM provinces WHERE length(CAST(name_ascii AS BLOB)) <> length(name_ascii);

-- Long-form units -------------------------------------------------------------------

INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'long_form', code, printf('%s (province %s): max_offset %.6f°', name, province_code, max_offset)
FROM wards WHERE long_form = 1
ORDER BY max_offset DESC;

-- Overlaps between neighbouring wards ---------------------------------------------
-- Candidate pairs are those whose boxes intersect in the spatial index (an
-- R*Tree of the ward boxes); only they can share area. A pair that merely
-- touches along a border has an intersection of area zero; 1 m² absorbs the
-- rounding of coordinates to 6 decimals (about 0.1 m).

CREATE TEMP TABLE neighbour_pair AS
SELECT a.pkid AS rowid_a, b.pkid AS rowid_b
FROM idx_wards_geom AS a
JOIN idx_wards_geom AS b
  ON b.pkid > a.pkid
 AND b.xmin <= a.xmax AND b.xmax >= a.xmin
 AND b.ymin <= a.ymax AND b.ymax >= a.ymin;

CREATE TEMP TABLE pair_overlap AS
SELECT wa.code AS ward_a, wb.code AS ward_b,
       coalesce(ST_Area(ST_Intersection(wa.geom, wb.geom), 1), 0) AS area_m2
FROM neighbour_pair AS n
JOIN wards AS wa ON wa.rowid = n.rowid_a
JOIN wards AS wb ON wb.rowid = n.rowid_b;

INSERT INTO validation_issues(kind, ward_a, ward_b, area_m2, detail)
SELECT 'overlap', o.ward_a, o.ward_b, o.area_m2,
       printf('%s (%s) / %s (%s)', wa.name, wa.province_code, wb.name, wb.province_code)
FROM pair_overlap AS o
JOIN wards AS wa ON wa.code = o.ward_a
JOIN wards AS wb ON wb.code = o.ward_b
WHERE o.area_m2 > 1
ORDER BY o.area_m2 DESC;

INSERT INTO metadata(key, value)
SELECT 'validation.neighbour_pairs', count(*) FROM pair_overlap
UNION ALL
SELECT 'validation.overlaps_below_1m2', count(*) FROM pair_overlap WHERE area_m2 > 0 AND area_m2 <= 1;

-- Gaps ----------------------------------------------------------------------------------
-- A gap is an area enclosed by wards that no ward covers: a hole in the
-- union of all provinces. A hole in a single province's union can be filled
-- by another province's ward (an enclave); whatever of it stays uncovered is
-- also a hole of the national union, so the holes of the national union are
-- all the gaps, each counted once. Gaps along the coast or the land border
-- are not enclosed and cannot be told from the outside.
--
-- SpatiaLite splits a multipolygon into its polygons in one pass only for a
-- registered geometry column (the ElementaryGeometries virtual table), hence
-- the short-lived table; extracting polygons one by one with ST_GeometryN
-- would re-read the whole national geometry (8 MB) for each of its parts.

CREATE TABLE gap_country (id INTEGER PRIMARY KEY);
SELECT AddGeometryColumn('gap_country', 'geom', 4326, 'MULTIPOLYGON', 'XY');
INSERT INTO gap_country(id, geom)
SELECT 1, CastToMultiPolygon(ST_Union(geom)) FROM provinces;

CREATE TEMP TABLE country_part AS
SELECT item_no AS part, geometry AS geom
FROM ElementaryGeometries
WHERE f_table_name = 'gap_country' AND f_geometry_column = 'geom' AND origin_rowid = 1;

INSERT INTO metadata(key, value)
SELECT 'validation.country_parts', count(*) FROM country_part;

SELECT DropTable(NULL, 'gap_country');

CREATE TEMP TABLE hole AS
WITH RECURSIVE ring(part, k) AS (
    SELECT part, 1 FROM country_part WHERE ST_NumInteriorRing(geom) > 0
    UNION ALL
    SELECT r.part, r.k + 1
    FROM ring AS r JOIN country_part AS c ON c.part = r.part
    WHERE r.k < ST_NumInteriorRing(c.geom)
)
SELECT r.part, r.k, SetSRID(MakePolygon(ST_InteriorRingN(c.geom, r.k)), 4326) AS geom
FROM ring AS r JOIN country_part AS c ON c.part = r.part;

CREATE TEMP TABLE gap AS
SELECT part, k, geom, ST_Area(geom, 1) AS area_m2 FROM hole;

INSERT INTO metadata(key, value)
SELECT 'validation.gaps_below_1m2', count(*) FROM gap WHERE area_m2 <= 1;

-- The wards around each gap say where it is and which provinces it lies
-- between. The box search is widened by a millimetre-scale margin (1e-8°) so that a
-- ward whose border the union moved by a rounding error is still found.
CREATE TEMP TABLE gap_ward AS
SELECT g.part, g.k, w.code, w.province_code
FROM gap AS g
JOIN wards AS w
  ON w.rowid IN (SELECT pkid FROM idx_wards_geom
                 WHERE xmin <= MbrMaxX(g.geom) + 1e-8 AND xmax >= MbrMinX(g.geom) - 1e-8
                   AND ymin <= MbrMaxY(g.geom) + 1e-8 AND ymax >= MbrMinY(g.geom) - 1e-8)
WHERE g.area_m2 > 1
  AND ST_Distance(w.geom, g.geom) < 1e-8;

INSERT INTO validation_issues(kind, ward_a, ward_b, area_m2, detail)
SELECT 'gap',
       (SELECT min(code) FROM gap_ward AS x WHERE x.part = g.part AND x.k = g.k),
       (SELECT min(code) FROM gap_ward AS x WHERE x.part = g.part AND x.k = g.k
           AND code > (SELECT min(code) FROM gap_ward AS y WHERE y.part = g.part AND y.k = g.k)),
       g.area_m2,
       printf('%s province%s %s; at %.6f N %.6f E; bordered by %s',
              CASE WHEN (SELECT count(DISTINCT province_code) FROM gap_ward AS x
                         WHERE x.part = g.part AND x.k = g.k) > 1
                   THEN 'between' ELSE 'inside' END,
              CASE WHEN (SELECT count(DISTINCT province_code) FROM gap_ward AS x
                         WHERE x.part = g.part AND x.k = g.k) > 1
                   THEN 's' ELSE '' END,
              coalesce((SELECT group_concat(province_code, ', ')
                        FROM (SELECT DISTINCT province_code FROM gap_ward AS x
                              WHERE x.part = g.part AND x.k = g.k ORDER BY province_code)), '?'),
              ST_Y(ST_PointOnSurface(g.geom)), ST_X(ST_PointOnSurface(g.geom)),
              coalesce((SELECT group_concat(code, ' ')
                        FROM (SELECT code FROM gap_ward AS x
                              WHERE x.part = g.part AND x.k = g.k ORDER BY code)), 'no ward found'))
FROM gap AS g
WHERE g.area_m2 > 1
ORDER BY g.area_m2 DESC;

-- Cross-checks against the sources ----------------------------------------------------

-- The unit list and the GeoJSON write one full name in lower case ('xã
-- Bắc Sơn'); name is rebuilt from the unit type and the short name.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'name_normalised', w.code, printf('source %s, stored %s', quote(f.full_name), quote(w.name))
FROM wards AS w JOIN src.ward_feature AS f ON f.code = w.code
WHERE f.full_name IS NOT w.name
UNION ALL
SELECT 'name_normalised', NULL, printf('province %s: source %s, stored %s', p.code, quote(u.full_name), quote(p.name))
FROM provinces AS p JOIN src.unit_province AS u ON u.code = p.code
WHERE u.full_name IS NOT p.name;

-- name_ascii folds the Vietnamese name; it equals the ASCII unit type plus
-- nameEn except where nameEn is an English name.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'name_ascii_not_name_en', w.code, printf('stored %s, source nameEn %s', quote(w.name_ascii), quote(f.name_en))
FROM wards AS w JOIN src.ward_feature AS f ON f.code = w.code
WHERE substr(w.name_ascii, length(w.name_ascii) - length(f.name_en)) IS NOT ' ' || f.name_en
UNION ALL
SELECT 'name_ascii_not_name_en', NULL, printf('province %s: stored %s, source nameEn %s', p.code, quote(p.name_ascii), quote(u.name_en))
FROM provinces AS p JOIN src.unit_province AS u ON u.code = p.code
WHERE substr(p.name_ascii, length(p.name_ascii) - length(u.name_en)) IS NOT ' ' || u.name_en;

-- The published areas are official figures (some include sea areas), not
-- areas of these polygons; only large differences are listed.
INSERT INTO validation_issues(kind, ward_a, area_m2, detail)
SELECT 'area_vs_source', code, area_km2 * 1e6,
       printf('%s (%s): %.2f km² computed, %.2f km² in the source (%+.0f%%)',
              name, province_code, area_km2, area_km2_source, 100 * (area_km2 / area_km2_source - 1))
FROM wards
WHERE area_km2_source > 0 AND abs(area_km2 / area_km2_source - 1) > 0.10
UNION ALL
SELECT 'area_vs_source', NULL, p.area_km2 * 1e6,
       printf('province %s (%s): %.2f km² dissolved, %.2f km² in the source (%+.0f%%)',
              p.code, p.name, p.area_km2, f.area_km2, 100 * (p.area_km2 / f.area_km2 - 1))
FROM provinces AS p JOIN src.province_feature AS f ON f.code = p.code
WHERE f.area_km2 > 0 AND abs(p.area_km2 / f.area_km2 - 1) > 0.10;

-- Why the provinces are dissolved from the wards: the coarse outlines do not
-- contain all of their wards.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'outside_source_outline', w.code,
       printf('%s: its interior point (%.6f N %.6f E) is outside the source outline of province %s',
              w.name, ST_Y(ST_PointOnSurface(w.geom)), ST_X(ST_PointOnSurface(w.geom)), w.province_code)
FROM wards AS w JOIN src.province_feature AS f ON f.code = w.province_code
WHERE ST_Within(ST_PointOnSurface(w.geom), f.geom) IS NOT 1;

-- The old-to-new ward mapping (for codes issued before the 2025 reform) was
-- made before two GSO code changes; a later import of it must translate them.
INSERT INTO validation_issues(kind, ward_a, detail)
SELECT 'mapping_code_drift', NULL, printf('the mapping has ward %s (%s), which is not in the database', m.code, m.full_name)
FROM src.mapping_ward AS m WHERE m.code NOT IN (SELECT code FROM wards)
UNION ALL
SELECT 'mapping_code_drift', w.code, printf('%s is not in the mapping', w.name)
FROM wards AS w WHERE w.code NOT IN (SELECT code FROM src.mapping_ward WHERE code IS NOT NULL);

COMMIT;
