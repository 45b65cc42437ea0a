/*
 * check_api.c - library-wide entry points: version and status codes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "vpostcode.h"

START_TEST(test_version)
{
    char expect[32];
    ck_assert_str_eq(vpc_version(), VPC_VERSION_STRING);
    ck_assert_int_eq(vpc_version_number(), VPC_VERSION_NUMBER);
    snprintf(expect, sizeof expect, "%d.%d.%d", VPC_VERSION_MAJOR, VPC_VERSION_MINOR,
             VPC_VERSION_PATCH);
    ck_assert_str_eq(vpc_version(), expect);
    ck_assert_int_eq(vpc_version_number(),
                     VPC_VERSION_MAJOR * 1000000 + VPC_VERSION_MINOR * 1000 + VPC_VERSION_PATCH);
}
END_TEST

/* The names are spelled out here, from the enumerators themselves, so that
 * the library's own table is checked against the header. */
#define ENTRY(x) {x, #x}
static const struct {
    vpc_status status;
    const char *name;
} all[] = {
    ENTRY(VPC_OK), ENTRY(VPC_E_NULL_ARGUMENT), ENTRY(VPC_E_INVALID_ARGUMENT),
    ENTRY(VPC_E_BUFFER_TOO_SMALL), ENTRY(VPC_E_NOT_FINITE), ENTRY(VPC_E_LATITUDE_RANGE),
    ENTRY(VPC_E_LONGITUDE_RANGE), ENTRY(VPC_E_OLC_LENGTH), ENTRY(VPC_E_OLC_INVALID),
    ENTRY(VPC_E_OLC_NOT_FULL), ENTRY(VPC_E_OLC_PADDED), ENTRY(VPC_E_EMPTY),
    ENTRY(VPC_E_BAD_CHARACTER), ENTRY(VPC_E_CODE_LENGTH), ENTRY(VPC_E_CHECK_CHARACTER),
    ENTRY(VPC_E_LOCATION_RANGE), ENTRY(VPC_E_POSTAL_CODE), ENTRY(VPC_E_NEEDS_LONG_FORM),
    ENTRY(VPC_E_NO_MEMORY), ENTRY(VPC_E_DB_NOT_FOUND), ENTRY(VPC_E_DB_UNREADABLE),
    ENTRY(VPC_E_DB_CORRUPT), ENTRY(VPC_E_DB_SCHEMA), ENTRY(VPC_E_OUTSIDE_VIETNAM),
    ENTRY(VPC_E_NO_WARD), ENTRY(VPC_E_UNKNOWN_POSTAL_CODE), ENTRY(VPC_E_UNKNOWN_WARD),
    ENTRY(VPC_E_CRS), ENTRY(VPC_E_TRANSFORM), ENTRY(VPC_W_OUTSIDE_WARD),
    ENTRY(VPC_E_NO_LEGACY_DATA), ENTRY(VPC_E_AMBIGUOUS_SCHEME), ENTRY(VPC_E_UNKNOWN_LEGACY_CODE),
    ENTRY(VPC_W_NEAREST_WARD), ENTRY(VPC_E_UNKNOWN_PROVINCE), ENTRY(VPC_E_DB_STALE),
    ENTRY(VPC_E_ADDRESS_EMPTY), ENTRY(VPC_E_ADDRESS_TOO_LONG), ENTRY(VPC_E_ADDRESS_ENCODING),
    ENTRY(VPC_E_ADDRESS_NOT_FOUND), ENTRY(VPC_E_ADDRESS_INCOMPLETE), ENTRY(VPC_E_ADDRESS_AMBIGUOUS),
    ENTRY(VPC_E_ADDRESS_SPLIT), ENTRY(VPC_E_NO_LEXICON), ENTRY(VPC_W_ADDRESS_DEFAULT),
};

START_TEST(test_status_names)
{
    ck_assert_int_eq((int)(sizeof all / sizeof all[0]), VPC_STATUS_COUNT);
    for (int i = 0; i < VPC_STATUS_COUNT; i++) {
        ck_assert_int_eq(all[i].status, i); /* values are dense and ordered */
        ck_assert_str_eq(vpc_status_name(all[i].status), all[i].name);
        const char *msg = vpc_strerror(all[i].status);
        ck_assert(msg[0] != '\0');
        ck_assert_str_ne(msg, "unknown status");
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(msg, vpc_strerror(all[j].status));
    }
    ck_assert_str_eq(vpc_strerror((vpc_status)VPC_STATUS_COUNT), "unknown status");
    ck_assert_str_eq(vpc_strerror((vpc_status)-1), "unknown status");
    ck_assert_str_eq(vpc_status_name((vpc_status)9999), "VPC_E_UNKNOWN");
    /* Warnings are exactly the VPC_W_ names. */
    for (int i = 0; i < VPC_STATUS_COUNT; i++)
        ck_assert_int_eq(vpc_is_warning(all[i].status), strncmp(all[i].name, "VPC_W_", 6) == 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_status_names);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
