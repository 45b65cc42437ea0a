/*
 * options.c - an option's value read into the options: shared by the
 * command line and the server's query parameters, so that both accept
 * and refuse the same values with the same words.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

double cli_distance(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno != 0 || (!(text[0] >= '0' && text[0] <= '9') && text[0] != '.'))
        return -1;
    if (!strcmp(end, "km"))
        v *= 1000;
    else if (strcmp(end, "m") != 0 && *end != '\0')
        return -1;
    return isfinite(v) && v >= 0 && v <= VPC_TERRITORY_METRES ? v : -1;
}

static const char *fail_with(const char **arg, const char *text, const char *value)
{
    *arg = value;
    return text;
}

const char *option_apply(options *o, const char *name, const char *val, const char **arg)
{
    if (!strcmp(name, "--db")) o->db_path = val;
    else if (!strcmp(name, "--crs")) o->crs = val;
    else if (!strcmp(name, "--input")) o->input = val;
    else if (!strcmp(name, "--lat-col")) o->lat_col = val;
    else if (!strcmp(name, "--lon-col")) o->lon_col = val;
    else if (!strcmp(name, "--code-col")) o->code_col = val;
    else if (!strcmp(name, "--address-col")) o->address_col = val;
    else if (!strcmp(name, "--lat")) o->at_lat = val;
    else if (!strcmp(name, "--lon")) o->at_lon = val;
    else if (!strcmp(name, "--code")) o->at_code = val;
    else if (!strcmp(name, "--default")) o->address_default = 1;
    else if (!strcmp(name, "--ward")) o->ward = val;
    else if (!strcmp(name, "--province")) o->province = val;
    else if (!strcmp(name, "--long")) o->flags |= VPC_FLAG_LONG_FORM;
    else if (!strcmp(name, "--check-char")) o->flags |= VPC_FLAG_CHECK_CHAR;
    else if (!strcmp(name, "--json")) o->out = OUT_JSON;
    else if (!strcmp(name, "--csv")) o->out = OUT_CSV;
    else if (!strcmp(name, "--ascii")) o->ascii = 1;
    else if (!strcmp(name, "--no-header")) o->no_header = 1;
    else if (!strcmp(name, "--strict")) o->strict = 1;
    else if (!strcmp(name, "--verify")) o->verify = 1;
    else if (!strcmp(name, "--postal") || !strcmp(name, "--gso")) {
        int kind = name[2] == 'p' ? 1 : 2;
        if (o->number_kind != 0 && o->number_kind != kind)
            return fail_with(arg, "--postal and --gso exclude each other", NULL);
        o->number_kind = kind;
    } else if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "--version")) {
        /* the caller's */
    } else if (!strcmp(name, "--nearest")) {
        o->nearest = cli_distance(val);
        if (o->nearest < 0)
            return fail_with(arg, "--nearest takes a distance of at most 22224 m (200m, 1.5km,"
                               " or metres), not", val);
    } else if (!strcmp(name, "--scheme")) {
        o->scheme = !strcmp(val, "current") ? VPC_FLAG_SCHEME_CURRENT
                  : !strcmp(val, "legacy") ? VPC_FLAG_SCHEME_LEGACY : 1u;
        if (o->scheme == 1u)
            return fail_with(arg, "--scheme takes current or legacy, not", val);
    } else if (!strcmp(name, "--delimiter")) {
        o->delimiter = !strcmp(val, "tab") || !strcmp(val, "\\t") ? '\t' : val[0];
        if ((val[0] == '\0' || val[1] != '\0') && o->delimiter != '\t')
            return fail_with(arg, "--delimiter takes one character (or tab), not", val);
        if (strchr("\"\r\n", o->delimiter) != NULL || (unsigned char)o->delimiter >= 0x80)
            return fail_with(arg, "--delimiter cannot be", val);
    } else if (!strcmp(name, "--format")) {
        o->format = !strcmp(val, "csv") ? IN_CSV : !strcmp(val, "tsv") ? IN_TSV
                  : !strcmp(val, "jsonl") ? IN_JSONL : IN_AUTO;
        if (o->format == IN_AUTO)
            return fail_with(arg, "--format takes csv, tsv or jsonl, not", val);
    } else {
        char *end;
        long v = strtol(val, &end, 10);
        int bad = *end != '\0' || end == val;
        if (!strcmp(name, "--zoom")) {
            /* Up to 22 a code's cell meets at most 4 tiles. */
            if (bad || v < 0 || v > 22)
                return fail_with(arg, "--zoom takes 0 to 22, not", val);
            o->zoom = (int)v;
        } else if (!strcmp(name, "--limit")) {
            if (bad || v < 1 || v > 100)
                return fail_with(arg, "--limit takes 1 to 100, not", val);
            o->limit = (int)v;
        } else if (!strcmp(name, "--length")) {
            if (bad || v < 2 || v > 15 || (v < 10 && v % 2 == 1))
                return fail_with(arg, "--length takes 2, 4, 6, 8 or 10 to 15, not", val);
            o->length = (int)v;
        } else if (!strcmp(name, "--threads")) {
            if (bad || v < 1 || v > 64)
                return fail_with(arg, "--threads takes 1 to 64, not", val);
            o->threads = (int)v;
        }
    }
    return NULL;
}
