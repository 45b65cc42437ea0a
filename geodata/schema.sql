-- Contract tables of the vpostcode database (schema_version 1).
--
-- libvpostcode reads these names and columns; change them only together with
-- the library and a new schema_version. Every geometry is WGS84 (SRID 4326).
-- Run against the new, empty output database.

.load mod_spatialite

-- The argument 1 makes SpatiaLite create the metadata tables inside a single
-- transaction, which is much faster than one transaction per reference system.
SELECT InitSpatialMetaData(1);

CREATE TABLE metadata (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE wards (
    code            TEXT PRIMARY KEY,      -- GSO 5-digit code
    postal_code     TEXT NOT NULL UNIQUE,  -- Decision 2334/QĐ-BKHCN, 5 digits
    name            TEXT NOT NULL,         -- 'Phường Hoàn Kiếm'
    short_name      TEXT NOT NULL,         -- 'Hoàn Kiếm'
    name_ascii      TEXT NOT NULL,         -- 'Phuong Hoan Kiem'
    unit_type       TEXT NOT NULL CHECK (unit_type IN ('phường', 'xã', 'đặc khu')),
    province_code   TEXT NOT NULL REFERENCES provinces(code),
    -- Reference point for recovering the 4 dropped OLC digits: the centre of
    -- the bounding box, which minimises the largest vertex offset.
    ref_lat         REAL NOT NULL,
    ref_lon         REAL NOT NULL,
    max_offset      REAL NOT NULL,         -- degrees, over all vertices
    long_form       INTEGER NOT NULL CHECK (long_form IN (0, 1)),
    area_km2        REAL NOT NULL,         -- geodesic, on the WGS84 ellipsoid
    area_km2_source REAL,                  -- as published by the source
    min_lon         REAL NOT NULL,
    min_lat         REAL NOT NULL,
    max_lon         REAL NOT NULL,
    max_lat         REAL NOT NULL
);
-- NOT NULL: a ward without a polygon cannot be located, so it is no ward.
SELECT AddGeometryColumn('wards', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);

CREATE INDEX wards_province ON wards(province_code);

CREATE TABLE provinces (
    code            TEXT PRIMARY KEY,      -- 2 digits
    name            TEXT NOT NULL,         -- 'Thành phố Hà Nội'
    short_name      TEXT NOT NULL,         -- 'Hà Nội'
    name_ascii      TEXT NOT NULL,         -- 'Thanh pho Ha Noi'
    unit_type       TEXT NOT NULL CHECK (unit_type IN ('thành phố', 'tỉnh')),
    postal_prefixes TEXT NOT NULL,         -- '10 11 12 13 14'
    ward_count      INTEGER NOT NULL,
    area_km2        REAL NOT NULL,
    ref_lat         REAL NOT NULL,
    ref_lon         REAL NOT NULL,
    min_lon         REAL NOT NULL,
    min_lat         REAL NOT NULL,
    max_lon         REAL NOT NULL,
    max_lat         REAL NOT NULL
);
SELECT AddGeometryColumn('provinces', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);

-- One row per finding of the build's checks. ward_a/ward_b are ward codes
-- where a finding concerns one or two wards; area_m2 is geodesic.
CREATE TABLE validation_issues (
    kind    TEXT NOT NULL,
    ward_a  TEXT,
    ward_b  TEXT,
    area_m2 REAL,
    detail  TEXT
);

-- What each kind of finding means, and whether it fails the build. Kept in
-- the database so that validation_issues can be read without this pipeline.
CREATE TABLE validation_kinds (
    kind        TEXT PRIMARY KEY,
    fatal       INTEGER NOT NULL CHECK (fatal IN (0, 1)),
    description TEXT NOT NULL
);
INSERT INTO validation_kinds(kind, fatal, description) VALUES
    ('province_count',         1, 'not exactly 34 provinces'),
    ('province_list',          1, 'the province lists of the sources disagree'),
    ('ward_count',             1, 'not exactly 3,321 wards'),
    ('bad_ward_code',          1, 'a ward code that is not 5 digits'),
    ('duplicate_ward_code',    1, 'a ward code that appears more than once'),
    ('missing_unit_record',    1, 'a ward feature absent from the unit list (names, unit type)'),
    ('unknown_unit_type',      1, 'a unit type other than phường, xã, đặc khu, thành phố, tỉnh'),
    ('unknown_province',       1, 'a ward whose province is not among the 34'),
    ('province_mismatch',      1, 'the sources disagree on the province of a ward'),
    ('missing_postal_code',    1, 'a ward without a postal code'),
    ('bad_postal_code',        1, 'a postal code that is not exactly 5 digits'),
    ('duplicate_postal_code',  1, 'a postal code given to more than one ward'),
    ('postal_code_count',      1, 'not 3,321 unique postal codes'),
    ('postal_code_orphan',     1, 'a postal code row for a ward code that has no feature'),
    ('postal_prefix_mismatch', 1, 'a postal code whose first two digits are not among its province''s prefixes'),
    ('null_geometry',          1, 'a ward or province without a usable (Multi)Polygon'),
    ('invalid_geometry',       1, 'a geometry that is not ST_IsValid'),
    ('out_of_extent',          1, 'a geometry outside 102–118°E, 6–24°N'),
    ('non_ascii_name',         1, 'a name_ascii with a character outside ASCII'),
    ('overlap',                0, 'two wards overlap by more than 1 m²'),
    ('gap',                    0, 'an enclosed area no ward covers, larger than 1 m²'),
    ('long_form',              0, 'a unit too large for 4-character OLC recovery: always the long code form'),
    ('name_normalised',        0, 'the source full name differs from the normalised name'),
    ('name_ascii_not_name_en', 0, 'name_ascii is not the ASCII unit type plus the source nameEn'),
    ('area_vs_source',         0, 'computed area differs from the source areaKm2 by more than 10%'),
    ('outside_source_outline', 0, 'a ward whose interior point lies outside its coarse source province outline'),
    ('mapping_code_drift',     0, 'a ward code of the old-to-new mapping (dvhcvn/20250701) absent here, or the reverse');
