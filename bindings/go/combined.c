/*
 * combined.c - sequences of libvpostcode calls made in one cgo crossing
 * (see combined.h).
 */
#include "combined.h"

/* Where vpc_code_parse finds text wrong, or -1 when it parses. */
static long parse_pos(const char *text)
{
    vpc_code code;
    size_t pos = 0;
    if (text == NULL || vpc_code_parse(text, &code, &pos) == VPC_OK)
        return -1;
    return (long)pos;
}

vpc_status vpcgo_lookup(const vpc_db *db, double lat, double lon, int *ward)
{
    int item = VPC_OK;
    vpc_status st = vpc_lookup_batch(db, 1, &lat, &lon, ward, &item);
    return st != VPC_OK ? st : (vpc_status)item;
}

vpc_status vpcgo_encode(const vpc_db *db, double lat, double lon, unsigned flags,
                        char *code, char *display, int *ward)
{
    int item = VPC_OK;
    vpc_code parsed;
    vpc_status st = vpc_encode_batch(db, 1, &lat, &lon, flags, code, ward, &item);
    if (st == VPC_OK)
        st = (vpc_status)item;
    if (st == VPC_OK)
        st = vpc_code_parse(code, &parsed, NULL);
    if (st == VPC_OK)
        st = vpc_code_format(&parsed, VPC_FLAG_DISPLAY, display, VPC_CODE_BUFSIZE);
    return st;
}

vpc_status vpcgo_decode(const vpc_db *db, const char *text, unsigned scheme_flags,
                        vpc_cell *cell, int *ward, long *pos)
{
    int item = VPC_OK;
    vpc_status st = vpc_decode_batch(db, 1, &text, scheme_flags, cell, ward, &item);
    if (st == VPC_OK)
        st = (vpc_status)item;
    *pos = (st == VPC_OK || vpc_is_warning(st)) ? -1 : parse_pos(text);
    return st;
}

vpc_status vpcgo_decode_batch(const vpc_db *db, size_t n, const char *const *texts,
                              unsigned scheme_flags, vpc_cell *cells, int *ward,
                              int *status, long *pos)
{
    vpc_status st = vpc_decode_batch(db, n, texts, scheme_flags, cells, ward, status);
    if (st != VPC_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        vpc_status item = (vpc_status)status[i];
        pos[i] = (item == VPC_OK || vpc_is_warning(item)) ? -1 : parse_pos(texts[i]);
    }
    return VPC_OK;
}

vpc_status vpcgo_convert(const vpc_db *db, const char *text, unsigned flags,
                         char *code, char *display, long *pos)
{
    vpc_code c;
    vpc_status st;
    *pos = -1;
    st = vpc_convert(db, text, flags, &c);
    if (st == VPC_OK || vpc_is_warning(st)) {
        vpc_status fs = vpcgo_format(&c, code, display);
        if (fs != VPC_OK)
            st = fs;
    } else {
        *pos = parse_pos(text);
    }
    return st;
}

vpc_status vpcgo_normalize(const char *text, unsigned flags, char *buf, long *pos)
{
    size_t p = 0;
    vpc_status st = vpc_code_normalize(text, flags, buf, VPC_CODE_BUFSIZE, &p);
    *pos = st == VPC_OK ? -1 : parse_pos(text);
    return st;
}

vpc_status vpcgo_parse(const char *text, vpc_code *code, long *pos)
{
    size_t p = 0;
    vpc_status st = vpc_code_parse(text, code, &p);
    *pos = st == VPC_OK ? -1 : (long)p;
    return st;
}

vpc_status vpcgo_check_char(const char *text, char *check, long *pos)
{
    vpc_code code;
    vpc_status st = vpcgo_parse(text, &code, pos);
    if (st == VPC_OK)
        st = vpc_code_check_char(&code, check);
    return st;
}

vpc_status vpcgo_format(const vpc_code *code, char *canonical, char *display)
{
    vpc_status st = vpc_code_format(code, 0, canonical, VPC_CODE_BUFSIZE);
    if (st == VPC_OK)
        st = vpc_code_format(code, VPC_FLAG_DISPLAY, display, VPC_CODE_BUFSIZE);
    return st;
}
