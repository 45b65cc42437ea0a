/*
 * codemake.c - from a point to a Vpostcode and back to its location.
 *
 * The standard form keeps OLC digits 5..11 of the point's 11-digit code; the
 * first four (a 1 x 1 degree cell) are recovered from the reference point of
 * the unit the postal code names, with OLC "recover nearest". That works
 * only when the point lies within half a degree of the reference point, so
 * making a standard-form code verifies the recovery before returning it.
 */
#include <math.h>
#include <string.h>

#include "alphabet.h"
#include "checkchar.h"
#include "code.h"
#include "olc.h"
#include "point.h"
#include "../common/outbuf.h"

#define MAKE_FLAGS (VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)
#define CODE_DIGITS 11 /* OLC digits of a Vpostcode location (~3 m cell) */
#define DROPPED 4      /* leading OLC digits the standard form leaves out */

static int is_postal(const char *postal)
{
    for (int i = 0; i < VPC_POSTAL_LEN; i++) {
        if (!vpc_is_digit(postal[i]))
            return 0;
    }
    return postal[VPC_POSTAL_LEN] == '\0';
}

/* "LLLL+LLL" from the 7-character standard location. */
static void short_olc(const char *location, char *out)
{
    memcpy(out, location, DROPPED);
    out[DROPPED] = '+';
    memcpy(out + DROPPED + 1, location + DROPPED, 3);
    out[DROPPED + 4] = '\0';
}

VPC_API vpc_status vpc_code_make(const char *postal, double lat, double lon,
                                 double ref_lat, double ref_lon,
                                 unsigned flags, vpc_code *code)
{
    char full[VPC_OLC_BUFSIZE], sig[VPC_CODE_MAX_LEN];
    size_t n = 0;

    if (postal == NULL || code == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~MAKE_FLAGS) != 0)
        return VPC_E_INVALID_ARGUMENT;
    if (!is_postal(postal))
        return VPC_E_POSTAL_CODE;
    vpc_status point = vpc_point_status(lat, lon);
    if (point != VPC_OK)
        return point;

    vpc_olc_format(lat, lon, CODE_DIGITS, full); /* "8 digits" '+' "3 digits" */
    memcpy(sig, postal, VPC_POSTAL_LEN);
    n = VPC_POSTAL_LEN;
    if (flags & VPC_FLAG_LONG_FORM) {
        memcpy(sig + n, full, VPC_OLC_SEPARATOR_POS);
        n += VPC_OLC_SEPARATOR_POS;
    } else {
        if (!isfinite(ref_lat) || !isfinite(ref_lon))
            return VPC_E_NOT_FINITE;
        /* Does the code recover to itself from the reference? In integer
         * units where that applies, by recovering its text elsewhere. */
        int recovers = vpc_olc_recovers(lat, lon, CODE_DIGITS, DROPPED, ref_lat, ref_lon);
        if (recovers < 0) {
            char recovered[VPC_OLC_BUFSIZE];
            vpc_status st = vpc_olc_recover(full + DROPPED, ref_lat, ref_lon,
                                            recovered, sizeof recovered);
            if (st != VPC_OK)
                return st;
            recovers = strcmp(recovered, full) == 0;
        }
        if (!recovers)
            return VPC_E_NEEDS_LONG_FORM;
        memcpy(sig + n, full + DROPPED, VPC_OLC_SEPARATOR_POS - DROPPED);
        n += VPC_OLC_SEPARATOR_POS - DROPPED;
    }
    memcpy(sig + n, full + VPC_OLC_SEPARATOR_POS + 1, 3);
    n += 3;
    if (flags & VPC_FLAG_CHECK_CHAR) {
        sig[n] = vpc_check_compute(sig, n);
        n++;
    }
    vpc_code_split(sig, n, code);
    return VPC_OK;
}

VPC_API vpc_status vpc_code_olc(const vpc_code *code, double ref_lat,
                                double ref_lon, char *buf, size_t bufsize)
{
    char sig[VPC_CODE_MAX_LEN], out[VPC_OLC_BUFSIZE];
    size_t n;

    if (code == NULL || buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = vpc_code_chars(code, sig, &n);
    if (st != VPC_OK)
        return st;
    if (code->form == VPC_FORM_LONG) {
        memcpy(out, code->location, VPC_OLC_SEPARATOR_POS);
        out[VPC_OLC_SEPARATOR_POS] = '+';
        memcpy(out + VPC_OLC_SEPARATOR_POS + 1,
               code->location + VPC_OLC_SEPARATOR_POS, 3);
        return vpc_outbuf_copy(out, CODE_DIGITS + 1, buf, bufsize);
    }
    if (!isfinite(ref_lat) || !isfinite(ref_lon))
        return VPC_E_NOT_FINITE;
    char shortcode[VPC_OLC_BUFSIZE];
    short_olc(code->location, shortcode);
    st = vpc_olc_recover(shortcode, ref_lat, ref_lon, out, sizeof out);
    if (st != VPC_OK)
        return st;
    return vpc_outbuf_copy(out, strlen(out), buf, bufsize);
}

VPC_API vpc_status vpc_code_locate(const vpc_code *code, double ref_lat,
                                   double ref_lon, vpc_cell *cell)
{
    char olc[VPC_OLC_BUFSIZE];

    if (code == NULL || cell == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (code->form == VPC_FORM_STANDARD && isfinite(ref_lat) && isfinite(ref_lon)) {
        /* The cell straight from the digits where that applies; the same
         * cell as recovering and decoding the text. */
        char sig[VPC_CODE_MAX_LEN];
        size_t n;
        vpc_status st = vpc_code_chars(code, sig, &n);
        if (st != VPC_OK)
            return st;
        if (vpc_olc_recover_cell(code->location, CODE_DIGITS - DROPPED, DROPPED, ref_lat,
                                 ref_lon, cell) == 0)
            return VPC_OK;
    }
    vpc_status st = vpc_code_olc(code, ref_lat, ref_lon, olc, sizeof olc);
    if (st != VPC_OK)
        return st;
    return vpc_olc_decode(olc, cell);
}
