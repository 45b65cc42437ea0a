/*
 * format.h - the runtime database file (docs/FORMAT.md): what vpc_open
 * maps and uses in place, and what geodata/vpc-pack writes.
 *
 * All integers are little-endian, all reals IEEE 754 binary64
 * little-endian. Every section starts at a multiple of VPC_FILE_ALIGN, and
 * every record below has a size that is a multiple of its own alignment,
 * so that on a little-endian host the records are read in place. The
 * static assertions pin the layout to the one FORMAT.md specifies.
 */
#ifndef VPC_FORMAT_H
#define VPC_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define VPC_FILE_MAGIC "VPCDB\0\r\n" /* 8 bytes; the CR LF catches text-mode copies */
#define VPC_FILE_VERSION 1u
#define VPC_FILE_ENDIAN 0x01020304u
#define VPC_FILE_ALIGN 64u        /* sections start on cache lines */
#define VPC_FILE_MAX_SECTIONS 64u
#define VPC_FILE_HEADER_SIZE 64u
#define VPC_FILE_ENTRY_SIZE 32u

/* Header flags. */
#define VPC_FILE_HAS_LEGACY 1u    /* the pre-2025 sections are present */
#define VPC_FILE_HAS_DISTRICTS 2u /* so is the index of pre-2025 districts */
#define VPC_FILE_HAS_LEXICON 4u   /* the address lexicon (VPC_SEC_LEX_*) */
#define VPC_FILE_HAS_LEGACY_LEXICON 8u /* it names the pre-2025 units too */

/* The file header, at offset 0. */
typedef struct vpc_file_header {
    char magic[8];            /* VPC_FILE_MAGIC */
    uint32_t version;         /* VPC_FILE_VERSION */
    uint32_t endian;          /* VPC_FILE_ENDIAN, as written */
    uint32_t header_size;     /* VPC_FILE_HEADER_SIZE */
    uint32_t section_count;   /* entries in the section table */
    uint64_t file_size;       /* the whole file, in bytes */
    uint64_t table_offset;    /* of the section table */
    uint32_t flags;           /* VPC_FILE_HAS_* */
    uint32_t table_crc;       /* CRC-32 of the section table */
    uint32_t reserved[3];     /* zero */
    uint32_t header_crc;      /* CRC-32 of the 60 bytes before it */
} vpc_file_header;

/* A section table entry. */
typedef struct vpc_file_section {
    uint32_t id;              /* VPC_SEC_* */
    uint32_t element_size;    /* bytes per element (1 for byte data) */
    uint64_t offset;          /* from the start of the file, VPC_FILE_ALIGN-aligned */
    uint64_t size;            /* bytes = element_size * count */
    uint32_t count;           /* elements */
    uint32_t crc;             /* CRC-32 of the section's bytes */
} vpc_file_section;

/* Section identifiers. */
enum {
    VPC_SEC_STRINGS = 1,          /* UTF-8 strings, each NUL-terminated; ends with NUL */
    VPC_SEC_METADATA = 2,         /* vpc_file_meta, sorted by key */
    VPC_SEC_PROVINCES = 3,        /* vpc_file_province, sorted by code */
    VPC_SEC_WARDS = 4,            /* vpc_file_ward, sorted by code (the ward ordinals) */
    VPC_SEC_WARDS_BY_POSTAL = 5,  /* vpc_file_postal: ward ordinals by postal code */
    VPC_SEC_COMMUNES = 6,         /* vpc_file_commune, sorted by code */
    VPC_SEC_COMMUNE_WARDS = 7,    /* u32 ward ordinals, grouped by commune */
    VPC_SEC_COMMUNES_BY_POSTAL = 8, /* vpc_file_postal: communes by postal code */
    VPC_SEC_WARD_COMMUNES_START = 9, /* u32, wards + 1: first of each ward's communes */
    VPC_SEC_WARD_COMMUNES = 10,   /* u32 commune indices, grouped by current ward */
    /* A tile index is ten sections, VPC_SEC_INDEX_* added to its base. */
    VPC_SEC_WARD_INDEX = 0x10,    /* the current wards */
    VPC_SEC_DISTRICT_INDEX = 0x20, /* the pre-2025 districts */
    /* The address lexicon (docs/FORMAT.md, "Address lexicon"). */
    VPC_SEC_LEX_UNITS = 0x30,     /* vpc_file_lexunit, by level, then code */
    VPC_SEC_LEX_NAMES = 0x31,     /* vpc_file_lexname, by key (bytewise), then unit, then kind */
    VPC_SEC_LEX_HASH = 0x32       /* u32, a power of two: 1 + first name of a key, 0 empty */
};

/* Levels of the lexicon's units. */
enum {
    VPC_LEX_PROVINCE = 1,         /* current province; ref: index in VPC_SEC_PROVINCES */
    VPC_LEX_WARD = 2,             /* current ward; ref: ward ordinal; parent: its province */
    VPC_LEX_OLD_PROVINCE = 3,     /* pre-2025 province; ref: the current province it is in */
    VPC_LEX_OLD_DISTRICT = 4,     /* pre-2025 district; ref: none; parent: its old province */
    VPC_LEX_OLD_COMMUNE = 5       /* pre-2025 commune; ref: index in VPC_SEC_COMMUNES;
                                     parent: its old district */
};

/* Unit types: the type word of a name ("Phường", "Huyện", ...). */
enum {
    VPC_LEXTYPE_NONE = 0,
    VPC_LEXTYPE_PHUONG = 1,       /* phường (ward) */
    VPC_LEXTYPE_XA = 2,           /* xã (commune) */
    VPC_LEXTYPE_THI_TRAN = 3,     /* thị trấn (township) */
    VPC_LEXTYPE_DAC_KHU = 4,      /* đặc khu (special zone) */
    VPC_LEXTYPE_QUAN = 5,         /* quận (urban district) */
    VPC_LEXTYPE_HUYEN = 6,        /* huyện (rural district) */
    VPC_LEXTYPE_THI_XA = 7,       /* thị xã (town) */
    VPC_LEXTYPE_THANH_PHO = 8,    /* thành phố (city: a province or a district) */
    VPC_LEXTYPE_TINH = 9          /* tỉnh (province) */
};

/* Kinds of names. */
enum {
    VPC_LEXKIND_OFFICIAL = 1,     /* the unit's name in its list */
    VPC_LEXKIND_FORMER = 2,       /* an earlier name (2019-2025), or the name of a unit merged
                                     into it before 2025 */
    VPC_LEXKIND_ALIAS = 3,        /* a legacy keyword (vietnamadminunits) */
    VPC_LEXKIND_SHORT = 4,        /* a shorthand ("HCM", "BRVT") */
    VPC_LEXKIND_ENGLISH = 5       /* an English name */
};

#define VPC_LEXNAME_NUMBER 1u     /* the key is a number: it names a unit only after a type word */

typedef struct vpc_file_lexunit {
    uint32_t name;                /* its name, "Quận Hoàn Kiếm" */
    uint32_t parent;              /* index of its parent unit, UINT32_MAX if none */
    uint32_t ref;                 /* see VPC_LEX_*; UINT32_MAX if none */
    uint8_t level;                /* VPC_LEX_* */
    uint8_t unit_type;            /* VPC_LEXTYPE_* */
    char code[5];                 /* GSO code, NUL-padded: 2, 3 or 5 digits */
    uint8_t reserved[5];
} vpc_file_lexunit;

typedef struct vpc_file_lexname {
    uint32_t key;                 /* folded key (address/normalize.h): "hoankiem", "5" */
    uint32_t marks;               /* its marks, one byte per key byte; 0: the name has none */
    uint32_t name;                /* the name as the source writes it */
    uint32_t unit;                /* index in VPC_SEC_LEX_UNITS */
    uint32_t hash;                /* vpc_lex_hash of the key */
    uint8_t kind;                 /* VPC_LEXKIND_* */
    uint8_t unit_type;            /* the type word the name was written with, VPC_LEXTYPE_* */
    uint8_t flags;                /* VPC_LEXNAME_* */
    uint8_t reserved;
} vpc_file_lexname;

/* The lexicon's hash of a key: 32-bit FNV-1a over its bytes. */
static inline uint32_t vpc_lex_hash(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

enum {
    VPC_SEC_INDEX_HEADER = 0,     /* one vpc_index_header */
    VPC_SEC_INDEX_NODES = 1,      /* u32 */
    VPC_SEC_INDEX_LEAVES = 2,     /* u32, leaves + 1 */
    VPC_SEC_INDEX_CANDS = 3,      /* vpc_index_cand, cands + 1 */
    VPC_SEC_INDEX_RUNS = 4,       /* vpc_index_run */
    VPC_SEC_INDEX_BREAKS = 5,     /* i32 */
    VPC_SEC_INDEX_VERTICES = 6,   /* i32 pairs (element size 8) */
    VPC_SEC_INDEX_RINGS = 7,      /* vpc_index_ring */
    VPC_SEC_INDEX_WARD_RINGS = 8, /* u32, units + 1 */
    VPC_SEC_INDEX_UNIT_CODES = 9, /* 5 bytes per unit: its GSO code */
    VPC_SEC_INDEX_PARTS = 10
};

/* A metadata entry: offsets of two strings. */
typedef struct vpc_file_meta {
    uint32_t key;
    uint32_t value;
} vpc_file_meta;

/* A postal code as a number (the value of its five decimal digits) and
 * the record that has it; sorted by key, keys unique. The keys alone are
 * searched (26 KB for the wards), not the records. */
typedef struct vpc_file_postal {
    uint32_t key;
    uint32_t index;
} vpc_file_postal;

/* A province. Strings are offsets into VPC_SEC_STRINGS. */
typedef struct vpc_file_province {
    char code[2];             /* GSO code, "01" */
    uint8_t reserved[2];
    uint32_t name;            /* "Thành phố Hà Nội" */
    uint32_t name_ascii;      /* "Thanh pho Ha Noi" */
    uint32_t postal_prefixes; /* "10 11 12 13 14" */
} vpc_file_province;

/* A current ward. */
typedef struct vpc_file_ward {
    double ref_lat, ref_lon;          /* reference point */
    double south, west, north, east;  /* bounding box */
    uint32_t name, name_ascii;        /* strings */
    uint16_t province;                /* index in VPC_SEC_PROVINCES */
    uint8_t unit_type;                /* VPC_UNIT_* */
    uint8_t long_form;                /* 0 or 1 */
    char code[5];                     /* GSO code */
    char postal_code[5];
    uint8_t reserved[2];
} vpc_file_ward;

/* A commune of before 1 July 2025. */
typedef struct vpc_file_commune {
    double ref_lat, ref_lon;          /* reference point (when mapped) */
    uint32_t name, district_name, province_name; /* strings */
    uint32_t map_start, map_count;    /* its wards in VPC_SEC_COMMUNE_WARDS */
    char code[5];                     /* GSO code */
    char postal_code[5];              /* all NUL when it had none */
    char district_code[3];
    char province_code[2];
    uint8_t mapped;                   /* 1: it became current wards */
    uint8_t reserved[4];
} vpc_file_commune;

#define VPC_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)

VPC_STATIC_ASSERT(sizeof(vpc_file_header) == VPC_FILE_HEADER_SIZE, "file header is 64 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_header, table_crc) == 44, "header layout");
VPC_STATIC_ASSERT(offsetof(vpc_file_header, header_crc) == 60, "header layout");
VPC_STATIC_ASSERT(sizeof(vpc_file_section) == VPC_FILE_ENTRY_SIZE, "section entry is 32 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_section, crc) == 28, "section entry layout");
VPC_STATIC_ASSERT(sizeof(vpc_file_meta) == 8, "metadata entry is 8 bytes");
VPC_STATIC_ASSERT(sizeof(vpc_file_postal) == 8, "postal entry is 8 bytes");
VPC_STATIC_ASSERT(sizeof(vpc_file_province) == 16, "province record is 16 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_province, postal_prefixes) == 12, "province layout");
VPC_STATIC_ASSERT(sizeof(vpc_file_ward) == 72, "ward record is 72 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_ward, name) == 48 && offsetof(vpc_file_ward, province) == 56 &&
                      offsetof(vpc_file_ward, code) == 60 &&
                      offsetof(vpc_file_ward, postal_code) == 65,
                  "ward record layout");
VPC_STATIC_ASSERT(sizeof(vpc_file_commune) == 56, "commune record is 56 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_commune, map_start) == 28 &&
                      offsetof(vpc_file_commune, code) == 36 &&
                      offsetof(vpc_file_commune, mapped) == 51,
                  "commune record layout");
VPC_STATIC_ASSERT(sizeof(vpc_file_lexunit) == 24, "lexicon unit record is 24 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_lexunit, code) == 14, "lexicon unit layout");
VPC_STATIC_ASSERT(sizeof(vpc_file_lexname) == 24, "lexicon name record is 24 bytes");
VPC_STATIC_ASSERT(offsetof(vpc_file_lexname, kind) == 20, "lexicon name layout");
VPC_STATIC_ASSERT(sizeof(double) == 8 && sizeof(float) == 4, "IEEE 754 binary64 reals");

/* CRC-32 (ISO-HDLC: reflected, polynomial 0xEDB88320, as in zlib and
 * PNG), continued from crc (0 to start). */
uint32_t vpc_crc32(uint32_t crc, const void *data, size_t size);

#endif
