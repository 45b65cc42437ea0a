-- Print the report on the legacy tables (built by legacy.sql). Read-only.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;
.mode list
.headers off

CREATE TEMP TABLE line (n INTEGER PRIMARY KEY, text TEXT NOT NULL);

CREATE TEMP VIEW old_name AS SELECT code, name FROM legacy_units;
CREATE TEMP VIEW unknown_postal AS
SELECT commune_code, postal_code FROM src.old_postcode
WHERE postal_code <> '' AND commune_code NOT IN (SELECT code FROM legacy_units WHERE level = 3);

-- An old commune as 'code Name (District, Province)'.
CREATE TEMP VIEW commune_label AS
SELECT c.code, printf('%s %s (%s, %s)', c.code, u.name, d.name, p.name) AS label
FROM legacy_communes AS c
JOIN legacy_units AS u ON u.code = c.code
JOIN legacy_units AS d ON d.code = c.district_code
JOIN legacy_units AS p ON p.code = c.province_code;

INSERT INTO line(text) VALUES
    ('Legacy tables: codes issued before 1 July 2025 (VPOSTCODE_LEGACY=1)'),
    ('  Built from GPL-3.0 data (daohoangson/dvhcvn): this database must be distributed under GPL-3.0.');

INSERT INTO line(text)
SELECT CASE count(*) WHEN 0 THEN '  Hard violations: none'
       ELSE printf('  Hard violations: %,d (listed under Hard violations in the main report; the build fails)', count(*)) END
FROM validation_issues JOIN validation_kinds USING (kind)
WHERE fatal = 1 AND (kind LIKE 'legacy%' OR detail LIKE 'legacy %');

INSERT INTO line(text) VALUES (''), ('  Old units (dvhcvn.json, GSO list of 01/03/2025)');
INSERT INTO line(text)
SELECT printf('    %-!24s %7s  (expected %s)', what, printf('%,d', n), expected) FROM (
    SELECT 1 AS o, 'provinces' AS what, count(*) AS n, '63' AS expected FROM legacy_units WHERE level = 1
    UNION ALL SELECT 2, 'districts', count(*), '696' FROM legacy_units WHERE level = 2
    UNION ALL SELECT 3, 'communes', count(*), '10,047' FROM legacy_units WHERE level = 3)
ORDER BY o;
INSERT INTO line(text)
SELECT '    unit types: ' || group_concat(printf('%,d %s', n, unit_type), ', ') FROM (
    SELECT level, unit_type, count(*) AS n FROM legacy_units GROUP BY level, unit_type ORDER BY level, n DESC);

INSERT INTO line(text) VALUES (''), ('  Old postal codes (postcode_2018_by_gso_commune.json)');
INSERT INTO line(text)
SELECT printf('    commune keys %,d, non-empty %,d, distinct codes %,d: %s',
              count(*), sum(postal_code <> ''), count(DISTINCT nullif(postal_code, '')),
              CASE WHEN sum(postal_code <> '') = count(DISTINCT nullif(postal_code, ''))
                   THEN 'every code names one commune' ELSE 'DUPLICATES' END)
FROM src.old_postcode;
INSERT INTO line(text)
SELECT printf('    legacy_postal: %,d codes of old communes in the unit list', count(*)) FROM legacy_postal;

INSERT INTO line(text)
SELECT printf('    old communes without a postal code: %,d (%,d not in the file, %,d empty)', count(*),
              sum(NOT EXISTS (SELECT 1 FROM src.old_postcode AS p WHERE p.commune_code = c.code)),
              sum(EXISTS (SELECT 1 FROM src.old_postcode AS p WHERE p.commune_code = c.code)))
FROM legacy_communes AS c WHERE c.postal_code IS NULL;
INSERT INTO line(text)
SELECT '      ' || l.label || printf(' -> %d ward(s)', c.ward_count)
FROM legacy_communes AS c JOIN commune_label AS l USING (code)
WHERE c.postal_code IS NULL ORDER BY c.code LIMIT 20;
INSERT INTO line(text)
SELECT printf('      ... and %,d more (legacy_communes.postal_code IS NULL)', count(*) - 20)
FROM legacy_communes WHERE postal_code IS NULL HAVING count(*) > 20;

INSERT INTO line(text)
SELECT printf('    postal codes of communes not in the unit list (abolished by 2025; not in legacy_postal): %,d',
              count(*))
FROM unknown_postal;
INSERT INTO line(text)
SELECT printf('      %s  commune %s', postal_code, commune_code)
FROM unknown_postal ORDER BY commune_code LIMIT 20;
INSERT INTO line(text)
SELECT printf('      ... and %,d more', count(*) - 20) FROM unknown_postal HAVING count(*) > 20;

INSERT INTO line(text) VALUES (''), ('  Old commune -> current ward (dvhcvn/20250701 splits.json and merges.json)');
INSERT INTO line(text)
SELECT printf('    legacy_map: %,d pairs (%,d full, %,d partial) of %,d old communes',
              count(*), sum(kind = 'full'), sum(kind = 'partial'), count(DISTINCT old_code))
FROM legacy_map;
INSERT INTO line(text)
SELECT printf('    correction %s -> %s: %,d pair(s); %s', k.old_value, k.new_value,
              (SELECT count(*) FROM src.old_split AS s WHERE s.new_code = k.old_value),
              k.note)
FROM legacy_corrections AS k ORDER BY k.old_value;

INSERT INTO line(text)
SELECT printf('    old communes that map to no current ward: %,d', count(*))
FROM legacy_communes WHERE ward_count = 0;
INSERT INTO line(text)
SELECT '      ' || l.label || coalesce(' postal code ' || c.postal_code, ' no postal code')
FROM legacy_communes AS c JOIN commune_label AS l USING (code)
WHERE c.ward_count = 0 ORDER BY c.code;
INSERT INTO line(text)
SELECT printf('    old postal codes that resolve to no current ward: %,d', count(*))
FROM legacy_postal AS p JOIN legacy_communes AS c ON c.code = p.commune_code WHERE c.ward_count = 0;

INSERT INTO line(text)
SELECT printf('    old communes split across several wards: %,d (%s)', count(*),
              (SELECT group_concat(printf('%,d into %d', n, ward_count), ', ') FROM (
                   SELECT ward_count, count(*) AS n FROM legacy_communes
                   WHERE ward_count > 1 GROUP BY ward_count ORDER BY ward_count)))
FROM legacy_communes WHERE ward_count > 1;
INSERT INTO line(text)
SELECT printf('      most: %s into %d wards: %s', l.label, c.ward_count,
              (SELECT group_concat(m.new_code, ' ') FROM legacy_map AS m WHERE m.old_code = c.code))
FROM legacy_communes AS c JOIN commune_label AS l USING (code)
WHERE c.ward_count = (SELECT max(ward_count) FROM legacy_communes) ORDER BY c.code;

INSERT INTO line(text)
SELECT printf('    old districts without communes, mapped whole in merges.json (no row in legacy_map): %,d', count(*))
FROM src.old_merge WHERE length(old_code) <> 5;
INSERT INTO line(text)
SELECT printf('      %s %s -> %s %s', old_code, old_name, new_code, new_name)
FROM src.old_merge WHERE length(old_code) <> 5 ORDER BY old_code;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT printf('  Long-form legacy communes (max_offset >= 0.49° from the centre of their wards'' box): %,d', count(*))
FROM legacy_communes WHERE long_form = 1;
INSERT INTO line(text)
SELECT printf('    %-!60s  %s  max_offset %.6f°  wards %s', l.label, coalesce(c.postal_code, '-----'), c.max_offset,
              (SELECT group_concat(m.new_code, ' ') FROM legacy_map AS m WHERE m.old_code = c.code))
FROM legacy_communes AS c JOIN commune_label AS l USING (code)
WHERE c.long_form = 1 ORDER BY c.max_offset DESC;
INSERT INTO line(text)
SELECT printf('    largest max_offset of the others: %.6f° (%s)', c.max_offset, l.label)
FROM legacy_communes AS c JOIN commune_label AS l USING (code)
WHERE c.long_form = 0 ORDER BY c.max_offset DESC LIMIT 1;

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text)
SELECT printf('  Ambiguous numbers (an old postal code that is also a current one; table legacy_ambiguous): %,d', count(*))
FROM legacy_ambiguous;
INSERT INTO line(text)
SELECT printf('    same place (the old commune went into the ward with that number): %,d; elsewhere: %,d',
              total(same_place), count(*) - total(same_place))
FROM legacy_ambiguous;
INSERT INTO line(text)
SELECT printf('    %,d of the elsewhere cases stay in the same province code (2025)', count(*))
FROM legacy_ambiguous AS a
JOIN wards AS w ON w.code = a.current_ward
WHERE a.same_place = 0
  AND w.province_code IN (SELECT wm.province_code FROM legacy_map AS m JOIN wards AS wm ON wm.code = m.new_code
                          WHERE m.old_code = a.old_commune)
HAVING (SELECT count(*) FROM legacy_ambiguous WHERE same_place = 0) > 0;
INSERT INTO line(text)
SELECT printf('    %s  old: %s  current: %s %s (%s)', a.postal_code, l.label, w.code, w.name, w.province_code)
FROM legacy_ambiguous AS a
JOIN commune_label AS l ON l.code = a.old_commune
JOIN wards AS w ON w.code = a.current_ward
WHERE a.same_place = 0 ORDER BY a.postal_code LIMIT 20;
INSERT INTO line(text)
SELECT printf('    ... and %,d more with same_place = 0', count(*) - 20)
FROM legacy_ambiguous WHERE same_place = 0 HAVING count(*) > 20;
INSERT INTO line(text)
SELECT printf('    besides, %,d postal codes of abolished communes (not in legacy_postal) are current postal codes',
              count(*))
FROM unknown_postal WHERE postal_code IN (SELECT postal_code FROM wards);

INSERT INTO line(text) VALUES ('');
INSERT INTO line(text) VALUES ('  Old district polygons (gis_pre2025_provinces_districts.tar.gz, optional; table legacy_districts)');
INSERT INTO line(text)
SELECT '    not imported, no legacy_districts table: the optional source file '
       || 'daohoangson-dvhcvn/gis_pre2025_provinces_districts.tar.gz is not in the source directory'
WHERE NOT EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');

CREATE TEMP VIEW district_kept AS
SELECT code, province_code FROM src.old_district_fate WHERE known = 1 AND fixed IS NOT NULL;
CREATE TEMP VIEW district_missing AS
SELECT u.code, u.name, u.parent_code AS province_code FROM legacy_units AS u
WHERE u.level = 2 AND u.code NOT IN (SELECT code FROM district_kept);

INSERT INTO line(text)
SELECT printf('    districts imported: %,d of %,d (polygons in the file: %,d; not in the unit list, left out: %,d)',
              (SELECT count(*) FROM district_kept), (SELECT count(*) FROM legacy_units WHERE level = 2),
              count(*), total(known = 0))
FROM src.old_district_fate
HAVING EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');
INSERT INTO line(text)
SELECT printf('      not in the unit list: %s', group_concat(code, ' '))
FROM src.old_district_fate WHERE known = 0 HAVING count(*) > 0;
INSERT INTO line(text)
SELECT printf('    provinces covered: %d of %d', count(DISTINCT k.province_code),
              (SELECT count(*) FROM legacy_units WHERE level = 1))
FROM district_kept AS k
HAVING EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');
INSERT INTO line(text)
SELECT printf('    districts of the unit list without a polygon: %,d', count(*))
FROM district_missing
HAVING EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');
INSERT INTO line(text)
SELECT printf('      %s %s: %d (%s)', p.code, p.name, count(*), group_concat(m.code, ' '))
FROM district_missing AS m JOIN legacy_units AS p ON p.code = m.province_code
WHERE EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis')
GROUP BY p.code ORDER BY p.code;
INSERT INTO line(text)
SELECT printf('    geometries not valid as given: %,d; repaired with ST_MakeValid: %,d; dropped (no valid polygon): %,d',
              total(valid IS NOT 1), total(valid IS NOT 1 AND fixed IS NOT NULL), total(fixed IS NULL))
FROM src.old_district_fate WHERE known = 1
HAVING EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');
INSERT INTO line(text)
SELECT printf('      %s %s: %s', f.code, f.name, CASE WHEN f.fixed IS NULL THEN 'dropped' ELSE 'repaired' END)
FROM src.old_district_fate AS f WHERE f.known = 1 AND f.valid IS NOT 1 ORDER BY f.code LIMIT 20;
INSERT INTO line(text)
SELECT printf('    cross-check (informative): old communes whose reference point lies in their own district''s polygon: '
              || '%,d; outside it: %,d; district without a polygon: %,d',
              total(inside = 1), total(inside = 0), total(inside IS NULL))
FROM src.old_commune_in_district
HAVING EXISTS (SELECT 1 FROM src.sources WHERE id = 'old_gis');

INSERT INTO line(text) VALUES ('');
SELECT text FROM line ORDER BY n;
