/*
 * normalize.h - address text to tokens: UTF-8 decoding, NFC or NFD,
 * case and diacritic folding, separators, type words.
 *
 * Each token is a run of letters or a run of digits ("Q7" is two tokens,
 * "q" and "7"); apostrophes, dots and hyphens separate tokens softly,
 * commas, semicolons, pipes, slashes and line ends hard (a name never
 * spans a hard separator). A token's folded form is lowercase ASCII
 * (đ -> d, diacritics dropped; a number loses its leading zeros). Its
 * marks are one byte per folded byte:
 *
 *     VPC_MARK_BASE + quality * 8 + tone
 *
 * quality: 0 none, 1 circumflex (â ê ô), 2 breve (ă), 3 horn (ơ ư),
 * 4 stroke (đ); tone: 0 none, 1 grave, 2 acute, 3 hook above, 4 tilde,
 * 5 dot below. A tone is put on the first vowel of the run of vowels that
 * carries it, wherever the text placed it, so "Hoà" and "Hòa" have the
 * same marks.
 *
 * A key is the folded forms of consecutive tokens put together with
 * nothing between: "Hoàn Kiếm", "hoan-kiem" and "HoanKiem" all give
 * "hoankiem". The pipeline's packer makes the lexicon's keys with
 * vpc_norm_name, the resolver its lookups with vpc_norm_text: the same
 * code on both sides.
 */
#ifndef VPC_NORMALIZE_H
#define VPC_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "vpostcode.h"

#define VPC_MARK_BASE 0x40 /* '@': no mark */

/* What precedes a token. */
#define VPC_SEP_NONE 0     /* nothing: "Q7" (letters then digits) */
#define VPC_SEP_SOFT 1     /* space, dot, hyphen, apostrophe, brackets */
#define VPC_SEP_HARD 2     /* comma, semicolon, pipe, slash, line end, tab; or the start */

/* Levels a type word names. */
#define VPC_TW_WARD 1      /* phường, xã, thị trấn, đặc khu, P, F, X, TT, ward, commune */
#define VPC_TW_DISTRICT 2  /* quận, huyện, thị xã, Q, H, TX, district */
#define VPC_TW_CITY 3      /* thành phố, TP: a province or a district */
#define VPC_TW_PROVINCE 4  /* tỉnh, province */
#define VPC_TW_STREET 5    /* street-level words: ấp, thôn, xóm, tổ, khu phố, đường, số, ngõ,
                              hẻm, kiệt, KCN, ... (what follows is no unit) */
#define VPC_TW_COUNTRY 6   /* việt nam, vn, vietnam */
#define VPC_TW_TOWN 7      /* English "Town": a thị trấn (ward level) or a thị xã (district) */

typedef struct vpc_token {
    uint32_t start, end;     /* bytes of the input */
    uint32_t fold;           /* offset of its folded form in vpc_norm.fold */
    uint16_t len;            /* folded bytes */
    uint8_t number;          /* 1: digits */
    uint8_t marked;          /* 1: some letter carries a diacritic */
    uint8_t sep;             /* VPC_SEP_*: what precedes it */
    uint8_t upper;           /* 1: all its letters are capitals ("HCM") */
} vpc_token;

#define VPC_NORM_MAX_TOKENS 2048

typedef struct vpc_norm {
    size_t ntok;
    int marked;              /* 1: some token carries diacritics */
    vpc_token tok[VPC_NORM_MAX_TOKENS];
    char fold[VPC_ADDRESS_MAX_BYTES + 1];  /* folded forms, back to back */
    char marks[VPC_ADDRESS_MAX_BYTES + 1]; /* their marks */
} vpc_norm;

/* Tokenise text[0, len). Errors: VPC_E_ADDRESS_TOO_LONG (len above
 * VPC_ADDRESS_MAX_BYTES), VPC_E_ADDRESS_ENCODING (*error_position, if not
 * NULL, gets the byte offset of the bad sequence), VPC_E_ADDRESS_EMPTY (no
 * token), VPC_E_ADDRESS_NOT_FOUND (no token, but letters of other scripts:
 * Chinese, Cyrillic, Thai, ...). */
vpc_status vpc_norm_text(const char *text, size_t len, vpc_norm *norm, size_t *error_position);

/* A type word at token i: its level (VPC_TW_*, 0 if none), its unit type
 * (VPC_LEXTYPE_* of format.h, 0 for street and country words) and in
 * *ntok the tokens it spans ("thi tran" is 2, "tp" 1). Abbreviations of
 * one or two letters (P, F, X, Q, H, TT, TX, TP) count only when they do
 * not stand for something longer: the caller decides by what follows. */
int vpc_norm_typeword(const vpc_norm *norm, size_t i, int *unit_type, size_t *ntok);

/* The key of a unit's name for the lexicon: leading type words removed
 * (their unit type in *unit_type, 0 if none), the rest folded and put
 * together; key and marks each get len + 1 bytes (NUL-terminated), *len
 * the key length; *number 1 if the key is a number. *has_marks 0 when the
 * name carries no diacritic at all. VPC_E_ADDRESS_EMPTY if nothing is left,
 * VPC_E_BUFFER_TOO_SMALL if size is too small, and the errors of
 * vpc_norm_text. */
vpc_status vpc_norm_name(const char *name, char *key, char *marks, size_t size, size_t *len,
                         int *unit_type, int *number, int *has_marks);

/* text[0, len) without diacritics ("Đường Lê Lợi" -> "Duong Le Loi"):
 * letters that fold to ASCII become it, keeping their case; combining marks
 * are dropped; everything else is copied. Writes at most size - 1 bytes and
 * a NUL; returns the length the whole result needs (without the NUL). The
 * text must be valid UTF-8. */
size_t vpc_norm_ascii(const char *text, size_t len, char *out, size_t size);

#endif
