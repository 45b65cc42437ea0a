-- fold.sql - the letters of Vietnamese with diacritics and their ASCII
-- letters (temp table fold), for names without diacritics. build-db reads
-- this file before every stage, so that each stage that needs it has it.
CREATE TEMP TABLE fold_group (letters TEXT NOT NULL, ascii TEXT NOT NULL);
INSERT INTO fold_group(letters, ascii) VALUES
    ('àáảãạăằắẳẵặâầấẩẫậ', 'a'), ('ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ', 'A'),
    ('èéẻẽẹêềếểễệ',       'e'), ('ÈÉẺẼẸÊỀẾỂỄỆ',       'E'),
    ('ìíỉĩị',             'i'), ('ÌÍỈĨỊ',             'I'),
    ('òóỏõọôồốổỗộơờớởỡợ', 'o'), ('ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ', 'O'),
    ('ùúủũụưừứửữự',       'u'), ('ÙÚỦŨỤƯỪỨỬỮỰ',       'U'),
    ('ỳýỷỹỵ',             'y'), ('ỲÝỶỸỴ',             'Y'),
    ('đ',                 'd'), ('Đ',                 'D');

CREATE TEMP TABLE fold (letter TEXT PRIMARY KEY, ascii TEXT NOT NULL);
WITH RECURSIVE split(rest, ascii) AS (
    SELECT letters, ascii FROM fold_group
    UNION ALL
    SELECT substr(rest, 2), ascii FROM split WHERE length(rest) > 1
)
INSERT INTO fold(letter, ascii) SELECT substr(rest, 1, 1), ascii FROM split;
