-- Print the validation report from validation_issues and the tables.
--
-- Also runs when the build stopped after check.sql, with the contract tables
-- still empty; the sections that need them then say so.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;
.mode list
.headers off

CREATE TEMP VIEW derived AS SELECT EXISTS (SELECT 1 FROM wards) AS yes;
CREATE TEMP VIEW fatal_issue AS
SELECT i.* FROM validation_issues AS i JOIN validation_kinds AS k USING (kind) WHERE k.fatal = 1;

-- A numbered list of lines keeps the sections in order and lets one SELECT
-- print the whole report.
CREATE TEMP TABLE line (n INTEGER PRIMARY KEY, text TEXT NOT NULL);

INSERT INTO line(text) VALUES ('vpostcode geodata: validation report'), ('');

INSERT INTO line(text)
SELECT printf('Sources (sha256 verified; found in %s)', min(found_at)) FROM src.sources;
INSERT INTO line(text)
SELECT printf('  %-26s %-4s %.12s  %s', id, license, sha256, path) FROM src.sources ORDER BY rowid;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT CASE WHEN derived.yes THEN 'Counts (database)' ELSE 'Counts (sources; the tables were not built)' END
FROM derived;
INSERT INTO line(text)
SELECT text FROM (
SELECT printf('  %-!28s %9s', 'provinces', printf('%,d', count(*))) || '  (expected 34)' AS text FROM provinces
UNION ALL
SELECT printf('  %-!28s %9s', 'wards', printf('%,d', count(*))) || '  (expected 3,321: '
       || coalesce((SELECT group_concat(printf('%,d %s', n, unit_type), ', ')
                    FROM (SELECT unit_type, count(*) AS n FROM wards GROUP BY unit_type ORDER BY n DESC)), '')
       || ')' FROM wards
UNION ALL
SELECT printf('  %-!28s %9s', 'unique postal codes', printf('%,d', count(DISTINCT postal_code))) || '  (expected 3,321)' FROM wards
UNION ALL
SELECT printf('  %-!28s %9s', 'ward polygons', printf('%,d', total(ST_NumGeometries(geom)))) FROM wards
UNION ALL
SELECT printf('  %-!28s %9s', 'ward vertices', printf('%,d', total(ST_NPoints(geom)))) FROM wards
UNION ALL
SELECT printf('  %-!28s %9s', 'ward area, km²', printf('%,d', CAST(round(total(area_km2)) AS INTEGER))) FROM wards
UNION ALL
SELECT printf('  %-!28s %9s', 'province area, km²', printf('%,d', CAST(round(total(area_km2)) AS INTEGER))) FROM provinces
) WHERE (SELECT yes FROM derived);
INSERT INTO line(text)
SELECT printf('  %-!28s %9s', what, printf('%,d', count)) || '  (expected ' || expected || ')'
FROM (SELECT 'provinces (unit list)' AS what, count(*) AS count, '34' AS expected FROM src.unit_province
      UNION ALL SELECT 'wards (GeoJSON features)', count(*), '3,321' FROM src.ward_feature
      UNION ALL SELECT 'wards (unit list)', count(*), '3,321' FROM src.unit_ward
      UNION ALL SELECT 'postal code rows', count(*), '3,321' FROM src.ward_postal
      UNION ALL SELECT 'unique postal codes', count(DISTINCT postal_code), '3,321' FROM src.ward_postal),
     derived
WHERE NOT derived.yes;

INSERT INTO line(text) VALUES (''), ('Validity (GEOS ST_IsValid)');
INSERT INTO line(text)
SELECT printf('  ward geometries:      %,d valid of %,d in the source',
              (SELECT count(*) FROM src.ward_feature)
              - (SELECT count(*) FROM validation_issues
                 WHERE kind IN ('null_geometry', 'invalid_geometry') AND ward_a IS NOT NULL),
              (SELECT count(*) FROM src.ward_feature))
UNION ALL
SELECT CASE WHEN derived.yes
            THEN printf('  province geometries:  %,d valid of %,d (each the union of its wards)',
                        (SELECT count(*) FROM provinces WHERE ST_IsValid(geom) = 1),
                        (SELECT count(*) FROM provinces))
            ELSE '  province geometries:  not built' END
FROM derived;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT CASE count(*) WHEN 0 THEN 'Hard violations: none'
       ELSE printf('Hard violations: %,d (the build fails)', count(*)) END
FROM fatal_issue;
-- Per kind, the first 20 findings; the rest are in validation_issues.
INSERT INTO line(text)
SELECT text FROM (
    SELECT k.kind, 0 AS r, printf('  %s: %,d (%s)', k.kind, count(i.kind), k.description) AS text
    FROM validation_kinds AS k JOIN fatal_issue AS i USING (kind) GROUP BY k.kind
    UNION ALL
    SELECT kind, r, '    ' || detail FROM (
        SELECT kind, detail, row_number() OVER (PARTITION BY kind ORDER BY rowid) AS r FROM fatal_issue)
    WHERE r <= 20)
ORDER BY kind, r;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT CASE WHEN derived.yes
            THEN printf('Long-form units (max_offset >= 0.49°, no 4-character recovery): %d',
                        (SELECT count(*) FROM wards WHERE long_form = 1))
            ELSE 'Long-form units: not computed (the build stopped before deriving the wards)' END
FROM derived;
INSERT INTO line(text)
SELECT printf('  %s  %s  %-!32s max_offset %.6f°', code, postal_code, name || ' (' || province_code || ')', max_offset)
FROM wards WHERE long_form = 1 ORDER BY max_offset DESC;
INSERT INTO line(text)
SELECT printf('  largest max_offset of the other units: %.6f° (%s %s)', max_offset, code, name)
FROM wards WHERE long_form = 0 ORDER BY max_offset DESC LIMIT 1;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT CASE WHEN derived.yes
            THEN printf('Overlaps between neighbouring wards (> 1 m²): %,d pairs, %,d m² in total',
                        (SELECT count(*) FROM validation_issues WHERE kind = 'overlap'),
                        (SELECT CAST(round(total(area_m2)) AS INTEGER) FROM validation_issues WHERE kind = 'overlap'))
            ELSE 'Overlaps: not computed' END
FROM derived;
INSERT INTO line(text)
SELECT printf('  %s neighbour pairs (intersecting boxes) examined; %s more pairs overlap by at most 1 m²',
              printf('%,d', (SELECT value FROM metadata WHERE key = 'validation.neighbour_pairs')),
              printf('%,d', (SELECT value FROM metadata WHERE key = 'validation.overlaps_below_1m2')))
FROM derived WHERE derived.yes;
INSERT INTO line(text)
SELECT '  the 20 largest:' FROM validation_issues WHERE kind = 'overlap' LIMIT 1;
INSERT INTO line(text)
SELECT printf('  %12s m²  %s / %s  %s', printf('%,d', CAST(round(area_m2) AS INTEGER)), ward_a, ward_b, detail)
FROM validation_issues WHERE kind = 'overlap' ORDER BY area_m2 DESC LIMIT 20;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT CASE WHEN derived.yes
            THEN printf('Gaps (enclosed areas that no ward covers, > 1 m²): %,d, %,d m² in total',
                        (SELECT count(*) FROM validation_issues WHERE kind = 'gap'),
                        (SELECT CAST(round(total(area_m2)) AS INTEGER) FROM validation_issues WHERE kind = 'gap'))
            ELSE 'Gaps: not computed' END
FROM derived;
INSERT INTO line(text)
SELECT printf('  %,d inside one province, %,d between provinces; %s more holes of at most 1 m²',
              (SELECT count(*) FROM validation_issues WHERE kind = 'gap' AND detail LIKE 'inside %'),
              (SELECT count(*) FROM validation_issues WHERE kind = 'gap' AND detail LIKE 'between %'),
              printf('%,d', (SELECT value FROM metadata WHERE key = 'validation.gaps_below_1m2')))
FROM derived WHERE derived.yes;
INSERT INTO line(text)
SELECT '  the 20 largest:' FROM validation_issues WHERE kind = 'gap' LIMIT 1;
INSERT INTO line(text)
SELECT printf('  %12s m²  %s', printf('%,d', CAST(round(area_m2) AS INTEGER)), detail)
FROM validation_issues WHERE kind = 'gap' ORDER BY area_m2 DESC LIMIT 20;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT 'Cross-checks against the sources (informational)' FROM derived WHERE derived.yes;
INSERT INTO line(text)
SELECT text FROM (
    SELECT k.kind, 0 AS r, printf('  %s: %,d (%s)', k.kind, count(i.kind), k.description) AS text
    FROM validation_kinds AS k JOIN validation_issues AS i USING (kind)
    WHERE k.fatal = 0 AND k.kind NOT IN ('overlap', 'gap', 'long_form')
    GROUP BY k.kind
    UNION ALL
    SELECT kind, r, '    ' || coalesce(ward_a || ' ', '') || detail FROM (
        SELECT i.kind, i.ward_a, i.detail,
               row_number() OVER (PARTITION BY i.kind
                                  -- provinces first, then the largest relative differences
                                  ORDER BY i.ward_a IS NOT NULL,
                                           CASE WHEN i.kind = 'area_vs_source'
                                                THEN -abs(i.area_m2 / 1e6 / w.area_km2_source - 1) END,
                                           i.rowid) AS r
        FROM validation_issues AS i JOIN validation_kinds AS k USING (kind)
        LEFT JOIN wards AS w ON w.code = i.ward_a
        WHERE k.fatal = 0 AND k.kind NOT IN ('overlap', 'gap', 'long_form'))
    WHERE r <= 10)
ORDER BY kind, r;

INSERT INTO line(text) VALUES ('');
SELECT text FROM line ORDER BY n;
