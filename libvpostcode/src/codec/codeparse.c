/*
 * codeparse.c - reading Vpostcodes as people type them, and validating the
 * canonical characters every other code function works on.
 */
#include <string.h>

#include "alphabet.h"
#include "checkchar.h"
#include "code.h"

/* Characters that people put between parts of a code and that carry no
 * meaning: they are dropped wherever they appear. */
static int is_ignorable(char c)
{
    return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '+';
}

static size_t body_length(size_t n)
{
    return (n == VPC_CODE_STANDARD_LEN + 1 || n == VPC_CODE_LONG_LEN + 1) ? n - 1 : n;
}

vpc_status vpc_code_check_chars(const char *sig, size_t n, size_t *bad)
{
    if (n != VPC_CODE_STANDARD_LEN && n != VPC_CODE_STANDARD_LEN + 1 &&
        n != VPC_CODE_LONG_LEN && n != VPC_CODE_LONG_LEN + 1) {
        *bad = n > VPC_CODE_MAX_LEN ? VPC_CODE_MAX_LEN : n;
        return VPC_E_CODE_LENGTH;
    }
    size_t body = body_length(n);
    for (size_t i = 0; i < body; i++) {
        int ok = i < VPC_POSTAL_LEN ? vpc_is_digit(sig[i])
                                    : (vpc_olc_value((unsigned char)sig[i]) >= 0 &&
                                       sig[i] == vpc_ascii_upper(sig[i]));
        if (!ok) {
            *bad = i;
            return VPC_E_BAD_CHARACTER;
        }
    }
    if (body == VPC_CODE_LONG_LEN) {
        /* The long form carries a full OLC: its first digits must be on
         * Earth (latitude digit below 9, longitude digit below 18). */
        if (vpc_olc_value((unsigned char)sig[VPC_POSTAL_LEN]) >= 9) {
            *bad = VPC_POSTAL_LEN;
            return VPC_E_LOCATION_RANGE;
        }
        if (vpc_olc_value((unsigned char)sig[VPC_POSTAL_LEN + 1]) >= 18) {
            *bad = VPC_POSTAL_LEN + 1;
            return VPC_E_LOCATION_RANGE;
        }
    }
    if (body < n) {
        if (vpc_check_value(sig[body]) < 0) {
            *bad = body;
            return VPC_E_BAD_CHARACTER;
        }
        if (sig[body] != vpc_check_compute(sig, body)) {
            *bad = body;
            return VPC_E_CHECK_CHARACTER;
        }
    }
    return VPC_OK;
}

void vpc_code_split(const char *sig, size_t n, vpc_code *code)
{
    size_t body = body_length(n);
    size_t loc = body - VPC_POSTAL_LEN;

    memcpy(code->postal, sig, VPC_POSTAL_LEN);
    code->postal[VPC_POSTAL_LEN] = '\0';
    memcpy(code->location, sig + VPC_POSTAL_LEN, loc);
    code->location[loc] = '\0';
    code->check = body < n ? sig[body] : '\0';
    code->form = body == VPC_CODE_LONG_LEN ? VPC_FORM_LONG : VPC_FORM_STANDARD;
}

vpc_status vpc_code_chars(const vpc_code *code, char *sig, size_t *n)
{
    size_t bad;
    size_t loc = code->form == VPC_FORM_LONG ? VPC_LOCATION_LONG_LEN
                 : code->form == VPC_FORM_STANDARD ? VPC_LOCATION_STANDARD_LEN
                 : 0;

    if (loc == 0)
        return VPC_E_INVALID_ARGUMENT;
    /* The fields are fixed-size arrays: measure them without reading past
     * their ends, whatever the caller left in them. */
    if (memchr(code->postal, '\0', sizeof code->postal) == NULL ||
        strlen(code->postal) != VPC_POSTAL_LEN)
        return VPC_E_POSTAL_CODE;
    if (memchr(code->location, '\0', sizeof code->location) == NULL ||
        strlen(code->location) != loc)
        return VPC_E_CODE_LENGTH;

    memcpy(sig, code->postal, VPC_POSTAL_LEN);
    memcpy(sig + VPC_POSTAL_LEN, code->location, loc);
    *n = VPC_POSTAL_LEN + loc;
    if (code->check != '\0')
        sig[(*n)++] = code->check;
    return vpc_code_check_chars(sig, *n, &bad);
}

VPC_API vpc_status vpc_code_parse(const char *text, vpc_code *code,
                                  size_t *err_pos)
{
    char sig[VPC_CODE_MAX_LEN];
    size_t at[VPC_CODE_MAX_LEN];
    size_t n = 0, i, bad;
    vpc_status st;

    if (text == NULL || code == NULL)
        return VPC_E_NULL_ARGUMENT;
    for (i = 0; text[i] != '\0'; i++) {
        char c = text[i];
        if (is_ignorable(c))
            continue;
        c = vpc_ascii_upper(c);
        if (vpc_check_value(c) < 0) {
            st = VPC_E_BAD_CHARACTER;
            goto fail_at_i;
        }
        if (n == VPC_CODE_MAX_LEN) {
            st = VPC_E_CODE_LENGTH; /* stop here: the rest need not be read */
            goto fail_at_i;
        }
        sig[n] = c;
        at[n++] = i;
    }
    if (n == 0) {
        st = VPC_E_EMPTY;
        goto fail_at_i;
    }
    st = vpc_code_check_chars(sig, n, &bad);
    if (st != VPC_OK) {
        if (err_pos != NULL)
            *err_pos = bad < n ? at[bad] : i;
        return st;
    }
    vpc_code_split(sig, n, code);
    return VPC_OK;

fail_at_i:
    if (err_pos != NULL)
        *err_pos = i;
    return st;
}
