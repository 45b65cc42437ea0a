/*
 * address.c - the address entry points: vpc_address_parse and its
 * variants, vpc_address_format, vpc_ward_search, vpc_has_lexicon.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../address/normalize.h"
#include "../address/resolve.h"
#include "../address/search.h"
#include "../codec/point.h"
#include "api.h"

VPC_API int vpc_has_lexicon(const vpc_db *db)
{
    return db ? db->has_lexicon : 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A Vpostcode in the text: five digits standing alone, then a location
 * that decodes. The point is its cell's centre. */
static int code_in_text(const vpc_db *db, const char *text, size_t len, double *lat,
                        double *lon, vpc_span *span)
{
    for (size_t i = 0; i + 12 <= len; i++) {
        if ((i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.')) ||
            !is_digit(text[i]) || !is_digit(text[i + 4]))
            continue;
        size_t k = 0;
        while (k < 5 && is_digit(text[i + k]))
            k++;
        if (k != 5)
            continue;
        char buf[VPC_CODE_MAX_LEN + 8];
        /* The longest run of code characters and separators after it. */
        size_t end = i;
        while (end < len && end - i < sizeof buf - 1) {
            char ch = text[end];
            if (!(is_digit(ch) || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                  ch == '+' || ch == '-' || ch == ' '))
                break;
            end++;
        }
        for (size_t e = end; e >= i + 12; e--) {
            if (e < len && ((text[e] >= 'A' && text[e] <= 'Z') ||
                            (text[e] >= 'a' && text[e] <= 'z') || is_digit(text[e])))
                continue; /* the code must end at a word's end */
            memcpy(buf, text + i, e - i);
            buf[e - i] = '\0';
            vpc_decoded dec;
            vpc_status ds = vpc_decode_ex(db, buf, 0, &dec);
            if (ds == VPC_OK || ds == VPC_W_OUTSIDE_WARD) {
                *lat = dec.cell.lat;
                *lon = dec.cell.lon;
                span->start = (int)i;
                span->end = (int)e;
                while (span->end > span->start && text[span->end - 1] == ' ')
                    span->end--;
                return 1;
            }
        }
    }
    return 0;
}

/* "lat, lon" in the text: two decimal numbers with at least four decimals,
 * the first a latitude, the second a longitude, of Vietnam's region. */
static int point_in_text(const char *text, size_t len, double *lat, double *lon,
                         vpc_span *span)
{
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.')))
            continue;
        char buf[64];
        size_t n = len - i < sizeof buf - 1 ? len - i : sizeof buf - 1;
        memcpy(buf, text + i, n);
        buf[n] = '\0';
        char *e1;
        double a = strtod(buf, &e1);
        const char *dot = memchr(buf, '.', (size_t)(e1 - buf));
        if (dot == NULL || e1 - dot < 5)
            continue;
        char *p = e1;
        while (*p == ' ' || *p == ',' || *p == ';')
            p++;
        if (p == e1 || !is_digit(*p))
            continue;
        char *e2;
        double b = strtod(p, &e2);
        dot = memchr(p, '.', (size_t)(e2 - p));
        if (dot == NULL || e2 - dot < 5)
            continue;
        if (a >= 8 && a <= 24 && b >= 102 && b <= 118) {
            *lat = a;
            *lon = b;
            span->start = (int)i;
            span->end = (int)(i + (size_t)(e2 - buf));
            return 1;
        }
    }
    return 0;
}

static int in_candidates(const vpc_resolved *r, int ward)
{
    size_t n = r->candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? r->candidate_count
                                                               : VPC_ADDRESS_MAX_CANDIDATES;
    for (size_t i = 0; i < n; i++)
        if (r->candidates[i] == ward)
            return 1;
    return 0;
}

static void clear(vpc_address *a)
{
    memset(a, 0, sizeof *a);
    a->ward_span = a->district_span = a->province_span = a->street_span = a->point_span =
        (vpc_span){-1, -1};
}

static vpc_status fill_unit(const vpc_db *db, uint32_t unit, char *code, size_t code_size,
                            char *name)
{
    const vpc_file_lexunit *u = vpc_db_lex_unit(db, unit);
    if (u == NULL)
        return VPC_E_DB_CORRUPT;
    size_t n = 0;
    while (n < sizeof u->code && u->code[n] != '\0')
        n++;
    if (n >= code_size)
        return VPC_E_DB_CORRUPT;
    memcpy(code, u->code, n);
    code[n] = '\0';
    const char *s = vpc_db_string(db, u->name);
    if (s == NULL || strlen(s) >= VPC_NAME_BUFSIZE)
        return VPC_E_DB_CORRUPT;
    strcpy(name, s);
    return VPC_OK;
}

static vpc_status parse(const vpc_db *db, const char *text, int have_point, double lat,
                        double lon, unsigned flags, vpc_address *address, size_t *error_position)
{
    if (address == NULL)
        return VPC_E_NULL_ARGUMENT;
    clear(address);
    if (db == NULL || text == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~(VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY |
                   VPC_FLAG_ADDRESS_DEFAULT)) != 0 ||
        (flags & (VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY)) ==
            (VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY))
        return VPC_E_INVALID_ARGUMENT;
    if (have_point) {
        vpc_status pst = vpc_point_status(lat, lon);
        if (pst != VPC_OK)
            return pst;
    }
    size_t len = strnlen(text, VPC_ADDRESS_MAX_BYTES + 1);
    if (len > VPC_ADDRESS_MAX_BYTES)
        return VPC_E_ADDRESS_TOO_LONG;
    if (!db->has_lexicon)
        return VPC_E_NO_LEXICON;

    vpc_resolved r;
    vpc_status st = vpc_resolve(db, text, len, flags, &r, error_position);
    if (st != VPC_OK && st != VPC_E_ADDRESS_AMBIGUOUS && st != VPC_E_ADDRESS_SPLIT &&
        st != VPC_E_ADDRESS_INCOMPLETE && st != VPC_E_ADDRESS_NOT_FOUND)
        return st;

    vpc_address a;
    clear(&a);
    a.scheme = r.scheme;
    a.split = r.split;
    a.score = r.score;
    a.ward_span = r.ward_span;
    a.district_span = r.district_span;
    a.province_span = r.province_span;
    a.street_span = r.street_span;

    /* A point in the text, when the caller gave none. */
    if (!have_point && st != VPC_E_ADDRESS_NOT_FOUND) {
        if (code_in_text(db, text, len, &lat, &lon, &a.point_span) ||
            point_in_text(text, len, &lat, &lon, &a.point_span))
            have_point = 1;
    }
    int ward = r.ward;
    if (have_point) {
        int pw;
        vpc_status ps = vpc_api_find_ward(db, lat, lon, &pw);
        if (ps == VPC_E_DB_CORRUPT)
            return ps;
        if (ps != VPC_OK) {
            a.point_conflict = 1;
        } else if (st == VPC_OK) {
            a.point_conflict = pw != ward;
        } else if (st == VPC_E_ADDRESS_SPLIT || st == VPC_E_ADDRESS_AMBIGUOUS) {
            if (in_candidates(&r, pw)) {
                ward = pw;
                a.point_used = 1;
                st = VPC_OK;
            } else {
                a.point_conflict = 1;
            }
        } else if (st == VPC_E_ADDRESS_INCOMPLETE && r.province >= 0 &&
                   db->wards[pw].province == (uint16_t)r.province) {
            ward = pw;
            a.point_used = 1;
            st = VPC_OK;
        }
    }
    if (st == VPC_E_ADDRESS_SPLIT && (flags & VPC_FLAG_ADDRESS_DEFAULT) && r.default_ward >= 0) {
        ward = r.default_ward;
        a.defaulted = 1;
        st = VPC_W_ADDRESS_DEFAULT;
    }

    vpc_status fs = VPC_OK;
    if (ward >= 0)
        fs = vpc_db_ward(db, ward, &a.ward);
    if (fs == VPC_OK && ward >= 0)
        a.province = a.ward.province;
    else if (fs == VPC_OK && r.province >= 0)
        fs = vpc_db_province(db, (size_t)r.province, &a.province);
    if (fs == VPC_OK && r.commune >= 0) {
        fs = vpc_db_commune(db, r.commune, &a.legacy);
    } else if (fs == VPC_OK && r.scheme == VPC_SCHEME_LEGACY) {
        if (r.old_district != UINT32_MAX)
            fs = fill_unit(db, r.old_district, a.legacy.district_code,
                           sizeof a.legacy.district_code, a.legacy.district_name);
        if (fs == VPC_OK && r.old_province != UINT32_MAX)
            fs = fill_unit(db, r.old_province, a.legacy.province_code,
                           sizeof a.legacy.province_code, a.legacy.province_name);
    }
    size_t n = r.candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? r.candidate_count
                                                              : VPC_ADDRESS_MAX_CANDIDATES;
    a.candidate_count = r.candidate_count;
    for (size_t i = 0; i < n && fs == VPC_OK; i++) {
        if (r.candidates[i] < 0 || (size_t)r.candidates[i] >= db->nwards) {
            fs = VPC_E_DB_CORRUPT;
            break;
        }
        memcpy(a.candidates[i], db->wards[r.candidates[i]].code, 5);
        a.candidates[i][5] = '\0';
    }
    if (fs != VPC_OK)
        return fs;
    *address = a;
    return st;
}

VPC_API vpc_status vpc_address_parse(const vpc_db *db, const char *text, unsigned flags,
                                     vpc_address *address, size_t *error_position)
{
    return parse(db, text, 0, NAN, NAN, flags, address, error_position);
}

VPC_API vpc_status vpc_address_parse_at(const vpc_db *db, const char *text, double lat,
                                        double lon, unsigned flags, vpc_address *address,
                                        size_t *error_position)
{
    return parse(db, text, 1, lat, lon, flags, address, error_position);
}

VPC_API vpc_status vpc_address_batch(const vpc_db *db, size_t n, const char *const *texts,
                                     const double *lat, const double *lon, unsigned flags,
                                     vpc_address *addresses, int *status)
{
    if (n == 0)
        return VPC_OK;
    if (db == NULL || texts == NULL || addresses == NULL || status == NULL ||
        (lat == NULL) != (lon == NULL))
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~(VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY |
                   VPC_FLAG_ADDRESS_DEFAULT)) != 0 ||
        (flags & (VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY)) ==
            (VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY))
        return VPC_E_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        int point = lat != NULL && !(isnan(lat[i]) && isnan(lon[i]));
        status[i] = point ? parse(db, texts[i], 1, lat[i], lon[i], flags, &addresses[i], NULL)
                          : parse(db, texts[i], 0, NAN, NAN, flags, &addresses[i], NULL);
    }
    return VPC_OK;
}

/* Append s[0, n) to buf at *k, or count it if it does not fit. */
static void put(char *buf, size_t size, size_t *k, const char *s, size_t n)
{
    if (*k + n < size)
        memcpy(buf + *k, s, n);
    *k += n;
}

static int trim_char(char ch)
{
    return ch == ' ' || ch == ',' || ch == '-' || ch == ';' || ch == '|' || ch == '\t' ||
           ch == '\n' || ch == '\r' || ch == '/' || ch == '.';
}

VPC_API vpc_status vpc_address_format(const vpc_address *address, const char *text,
                                      unsigned flags, char *buf, size_t bufsize)
{
    if (address == NULL || buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~VPC_FLAG_ASCII) != 0)
        return VPC_E_INVALID_ARGUMENT;
    if (address->ward.code[0] == '\0')
        return VPC_E_ADDRESS_INCOMPLETE;
    int ascii = (flags & VPC_FLAG_ASCII) != 0;
    char tmp[VPC_ADDRESS_MAX_BYTES + 2 * VPC_NAME_BUFSIZE + 8];
    size_t k = 0;
    vpc_span s = address->street_span;
    if (text != NULL && s.start >= 0 && s.end > s.start &&
        strnlen(text, (size_t)s.end) >= (size_t)s.end) {
        const char *p = text + s.start;
        size_t n = (size_t)(s.end - s.start);
        while (n > 0 && trim_char(p[0]))
            p++, n--;
        while (n > 0 && trim_char(p[n - 1]) && p[n - 1] != '.')
            n--;
        /* A street part that ends in a type word's dot ("P.") keeps it. */
        if (n > 0) {
            if (ascii)
                k += vpc_norm_ascii(p, n, tmp + k, sizeof tmp - k);
            else
                put(tmp, sizeof tmp, &k, p, n);
            put(tmp, sizeof tmp, &k, ", ", 2);
        }
    }
    const char *w = ascii ? address->ward.name_ascii : address->ward.name;
    const char *pr = ascii ? address->ward.province.name_ascii : address->ward.province.name;
    put(tmp, sizeof tmp, &k, w, strlen(w));
    put(tmp, sizeof tmp, &k, ", ", 2);
    put(tmp, sizeof tmp, &k, pr, strlen(pr));
    if (k >= sizeof tmp)
        return VPC_E_INVALID_ARGUMENT;
    if (k + 1 > bufsize)
        return VPC_E_BUFFER_TOO_SMALL;
    memcpy(buf, tmp, k);
    buf[k] = '\0';
    return VPC_OK;
}

VPC_API vpc_status vpc_ward_search(const vpc_db *db, const char *query,
                                   const char *province_code, unsigned flags,
                                   vpc_search_hit *hits, size_t max, size_t *count)
{
    if (db == NULL || query == NULL || count == NULL || (hits == NULL && max > 0))
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~VPC_FLAG_ASCII) != 0)
        return VPC_E_INVALID_ARGUMENT;
    int province = -1;
    if (province_code != NULL && province_code[0] != '\0') {
        province = vpc_db_find_province(db, province_code);
        if (province < 0)
            return VPC_E_UNKNOWN_PROVINCE;
    }
    if (!db->has_lexicon)
        return VPC_E_NO_LEXICON;
    return vpc_search(db, query, province, flags, hits, max, count);
}
