/*
 * codeformat.c - writing Vpostcodes: canonical and display forms.
 */
#include "checkchar.h"
#include "code.h"
#include "../common/outbuf.h"

#define FORMAT_FLAGS (VPC_FLAG_CHECK_CHAR | VPC_FLAG_NO_CHECK_CHAR | VPC_FLAG_DISPLAY)

VPC_API vpc_status vpc_code_format(const vpc_code *code, unsigned flags,
                                   char *buf, size_t bufsize)
{
    char sig[VPC_CODE_MAX_LEN], out[VPC_CODE_BUFSIZE];
    size_t n, len = 0;

    if (code == NULL || buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~FORMAT_FLAGS) != 0 ||
        ((flags & VPC_FLAG_CHECK_CHAR) && (flags & VPC_FLAG_NO_CHECK_CHAR)))
        return VPC_E_INVALID_ARGUMENT;
    vpc_status st = vpc_code_chars(code, sig, &n);
    if (st != VPC_OK)
        return st;

    size_t body = code->form == VPC_FORM_LONG ? VPC_CODE_LONG_LEN : VPC_CODE_STANDARD_LEN;
    int with_check = (flags & VPC_FLAG_CHECK_CHAR) ? 1
                     : (flags & VPC_FLAG_NO_CHECK_CHAR) ? 0
                     : code->check != '\0';
    char check = code->check != '\0' ? code->check : vpc_check_compute(sig, body);

    if (flags & VPC_FLAG_DISPLAY) {
        /* "PPPPP LLLL+LLL" or "PPPPP LLLLLLLL+LLL": the location is shown
         * as the OLC people know, with '+' before its last three digits. */
        size_t plus_at = body - 3;
        for (size_t i = 0; i < body; i++) {
            if (i == VPC_POSTAL_LEN)
                out[len++] = ' ';
            if (i == plus_at)
                out[len++] = '+';
            out[len++] = sig[i];
        }
        if (with_check) {
            out[len++] = '-';
            out[len++] = check;
        }
    } else {
        for (size_t i = 0; i < body; i++)
            out[len++] = sig[i];
        if (with_check)
            out[len++] = check;
    }
    return vpc_outbuf_copy(out, len, buf, bufsize);
}

VPC_API vpc_status vpc_code_normalize(const char *text, unsigned flags,
                                      char *buf, size_t bufsize,
                                      size_t *err_pos)
{
    vpc_code code;

    if (text == NULL || buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = vpc_code_parse(text, &code, err_pos);
    if (st != VPC_OK)
        return st;
    return vpc_code_format(&code, flags, buf, bufsize);
}

VPC_API vpc_status vpc_code_check_char(const vpc_code *code, char *check)
{
    char sig[VPC_CODE_MAX_LEN];
    size_t n;

    if (code == NULL || check == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_code bare = *code; /* the check character it holds is not consulted */
    bare.check = '\0';
    vpc_status st = vpc_code_chars(&bare, sig, &n);
    if (st != VPC_OK)
        return st;
    *check = vpc_check_compute(sig, code->form == VPC_FORM_LONG ? VPC_CODE_LONG_LEN
                                                                : VPC_CODE_STANDARD_LEN);
    return VPC_OK;
}
