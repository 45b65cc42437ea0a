-- Describe the finished database: what it holds, where every part came
-- from and under which licence, and what validation found.

.load mod_spatialite
ATTACH 'staging.sqlite' AS src;

BEGIN;

INSERT INTO metadata(key, value) VALUES
    ('schema_version', '1'),
    ('dataset', 'vpostcode'),
    ('build_time', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- Made once per build: the runtime file (vpc-pack) copies it, and the
    -- library checks that the two agree (docs/FORMAT.md, "Pairing").
    ('build_id', lower(hex(randomblob(16)))),
    ('srid', '4326'),
    ('ref_point', 'centre of the bounding box, latitude and longitude each rounded to 6 decimals '
                  || '(in whole micro-degrees: (min + max + 1) div 2, a half going up)'),
    ('long_form_threshold', '0.49'),
    -- The licence of the database file as a whole, and whether it holds the
    -- pre-2025 tables: legacy.sql changes both when it adds them.
    ('legacy', '0'),
    ('license', 'MIT');

INSERT INTO metadata(key, value)
SELECT 'ward_count', count(*) FROM wards
UNION ALL SELECT 'province_count', count(*) FROM provinces
UNION ALL SELECT 'point_count', sum(ST_NPoints(geom)) FROM wards
UNION ALL SELECT 'long_form_count', sum(long_form) FROM wards;

-- One group of keys per source file, as listed in sources.tsv and verified
-- by build-db (the sha256 is that of the file actually read).
INSERT INTO metadata(key, value)
SELECT 'source.' || id || '.' || k.name,
       CASE k.name WHEN 'path' THEN path WHEN 'sha256' THEN sha256
                   WHEN 'license' THEN license WHEN 'origin' THEN origin
                   WHEN 'upstream_url' THEN upstream_url END
FROM src.sources,
     (SELECT 'path' AS name UNION ALL SELECT 'sha256' UNION ALL SELECT 'license'
      UNION ALL SELECT 'origin' UNION ALL SELECT 'upstream_url') AS k;

-- The MIT licence asks that its notice travel with substantial portions of
-- the data, which this database is; the notice is kept verbatim.
INSERT INTO metadata(key, value) VALUES
    ('license.data',
     'Ward and province names, codes and geometries: MIT License, Copyright (c) 2021 Thang Le Quoc '
     || '(github.com/thanglequoc/vietnamese-provinces-database); the full notice is under license.data.notice. '
     || 'Postal codes: Decision 2334/QĐ-BKHCN (24/08/2025), as published in the same repository (MIT). '
     || 'The geometries come from the government map at sapnhap.bando.com.vn (Nhà xuất bản Tài nguyên – Môi trường '
     || 'và Bản đồ Việt Nam, Ministry of Agriculture and Environment); the rights in that underlying government '
     || 'geometry are not stated by the source. '
     || 'The old-to-new ward mapping of github.com/dvhcvn/20250701 (MIT, Copyright (c) 2025 dvhcvn) was used only '
     || 'to cross-check ward codes; of it, only the codes and names in validation_issues appear here.'),
    ('license.data.notice', CAST(readfile('thanglequoc_license') AS TEXT)),
    ('license.mapping.notice', CAST(readfile('dvhcvn_license') AS TEXT));

INSERT INTO metadata(key, value)
SELECT 'validation.hard_violations', count(*)
FROM validation_issues JOIN validation_kinds USING (kind) WHERE fatal = 1
UNION ALL SELECT 'validation.overlaps', count(*) FROM validation_issues WHERE kind = 'overlap'
UNION ALL SELECT 'validation.overlap_area_m2', printf('%.1f', total(area_m2)) FROM validation_issues WHERE kind = 'overlap'
UNION ALL SELECT 'validation.gaps', count(*) FROM validation_issues WHERE kind = 'gap'
UNION ALL SELECT 'validation.gap_area_m2', printf('%.1f', total(area_m2)) FROM validation_issues WHERE kind = 'gap';

COMMIT;

-- The national union that validate.sql dropped leaves free pages behind.
VACUUM;
