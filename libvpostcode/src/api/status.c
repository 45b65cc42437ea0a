/*
 * status.c - names and messages of vpc_status codes.
 */
#include "vpostcode.h"

static const struct {
    const char *name;
    const char *message;
} statuses[VPC_STATUS_COUNT] = {
    [VPC_OK] = {"VPC_OK", "success"},
    [VPC_E_NULL_ARGUMENT] = {"VPC_E_NULL_ARGUMENT", "a required argument is NULL"},
    [VPC_E_INVALID_ARGUMENT] = {"VPC_E_INVALID_ARGUMENT", "invalid argument (unknown flag or form)"},
    [VPC_E_BUFFER_TOO_SMALL] = {"VPC_E_BUFFER_TOO_SMALL", "output buffer too small"},
    [VPC_E_NOT_FINITE] = {"VPC_E_NOT_FINITE", "coordinate is NaN or infinite"},
    [VPC_E_LATITUDE_RANGE] = {"VPC_E_LATITUDE_RANGE", "latitude outside [-90, 90]"},
    [VPC_E_LONGITUDE_RANGE] = {"VPC_E_LONGITUDE_RANGE", "longitude outside [-180, 180]"},
    [VPC_E_OLC_LENGTH] = {"VPC_E_OLC_LENGTH", "invalid Open Location Code length (2, 4, 6, 8, or 10 and above)"},
    [VPC_E_OLC_INVALID] = {"VPC_E_OLC_INVALID", "not a valid Open Location Code"},
    [VPC_E_OLC_NOT_FULL] = {"VPC_E_OLC_NOT_FULL", "Open Location Code is short, a full code is required"},
    [VPC_E_OLC_PADDED] = {"VPC_E_OLC_PADDED", "padded Open Location Code cannot be shortened"},
    [VPC_E_EMPTY] = {"VPC_E_EMPTY", "code is empty"},
    [VPC_E_BAD_CHARACTER] = {"VPC_E_BAD_CHARACTER", "character not allowed at this position"},
    [VPC_E_CODE_LENGTH] = {"VPC_E_CODE_LENGTH", "wrong code length (12, 13, 16 or 17 characters)"},
    [VPC_E_CHECK_CHARACTER] = {"VPC_E_CHECK_CHARACTER", "check character does not match"},
    [VPC_E_LOCATION_RANGE] = {"VPC_E_LOCATION_RANGE", "long-form location is not on Earth"},
    [VPC_E_POSTAL_CODE] = {"VPC_E_POSTAL_CODE", "postal code must be exactly 5 digits"},
    [VPC_E_NEEDS_LONG_FORM] = {"VPC_E_NEEDS_LONG_FORM", "point too far from the reference point for the standard form"},
    [VPC_E_NO_MEMORY] = {"VPC_E_NO_MEMORY", "out of memory"},
    [VPC_E_DB_NOT_FOUND] = {"VPC_E_DB_NOT_FOUND", "database file not found"},
    [VPC_E_DB_UNREADABLE] = {"VPC_E_DB_UNREADABLE", "database file cannot be read"},
    [VPC_E_DB_CORRUPT] = {"VPC_E_DB_CORRUPT", "database file is corrupt or not a vpostcode database"},
    [VPC_E_DB_SCHEMA] = {"VPC_E_DB_SCHEMA", "database schema version not supported"},
    [VPC_E_OUTSIDE_VIETNAM] = {"VPC_E_OUTSIDE_VIETNAM", "point is outside Vietnam (more than 12 nautical miles from every ward)"},
    [VPC_E_NO_WARD] = {"VPC_E_NO_WARD", "point is in no ward (off the coast, between ward boundaries, or just across a border)"},
    [VPC_E_UNKNOWN_POSTAL_CODE] = {"VPC_E_UNKNOWN_POSTAL_CODE", "no ward has this postal code"},
    [VPC_E_UNKNOWN_WARD] = {"VPC_E_UNKNOWN_WARD", "no ward has this GSO code"},
    [VPC_E_CRS] = {"VPC_E_CRS", "unknown or unusable coordinate reference system"},
    [VPC_E_TRANSFORM] = {"VPC_E_TRANSFORM", "coordinates cannot be transformed"},
    [VPC_E_NO_LEGACY_DATA] = {"VPC_E_NO_LEGACY_DATA", "database has no pre-2025 tables"},
    [VPC_E_AMBIGUOUS_SCHEME] = {"VPC_E_AMBIGUOUS_SCHEME", "postal code valid before and after 2025, both readings fit: choose a scheme"},
    [VPC_E_UNKNOWN_LEGACY_CODE] = {"VPC_E_UNKNOWN_LEGACY_CODE", "no pre-2025 commune has this postal code"},
    [VPC_W_OUTSIDE_WARD] = {"VPC_W_OUTSIDE_WARD", "warning: the decoded cell does not meet the code's ward"},
    [VPC_W_NEAREST_WARD] = {"VPC_W_NEAREST_WARD", "warning: the point is in no ward; the nearest ward within the distance allowed was taken"},
    [VPC_E_UNKNOWN_PROVINCE] = {"VPC_E_UNKNOWN_PROVINCE", "no province has this GSO code"},
    [VPC_E_DB_STALE] = {"VPC_E_DB_STALE",
                        "the runtime database file was built from another database"},
    [VPC_E_ADDRESS_EMPTY] = {"VPC_E_ADDRESS_EMPTY", "address text has no letter or digit"},
    [VPC_E_ADDRESS_TOO_LONG] = {"VPC_E_ADDRESS_TOO_LONG", "address text is longer than 4096 bytes"},
    [VPC_E_ADDRESS_ENCODING] = {"VPC_E_ADDRESS_ENCODING", "address text is not valid UTF-8"},
    [VPC_E_ADDRESS_NOT_FOUND] = {"VPC_E_ADDRESS_NOT_FOUND", "no province, district or ward of Vietnam found in the address"},
    [VPC_E_ADDRESS_INCOMPLETE] = {"VPC_E_ADDRESS_INCOMPLETE", "the address names a province (or district) but no ward of it"},
    [VPC_E_ADDRESS_AMBIGUOUS] = {"VPC_E_ADDRESS_AMBIGUOUS", "the address fits several wards equally well"},
    [VPC_E_ADDRESS_SPLIT] = {"VPC_E_ADDRESS_SPLIT", "the pre-2025 commune is now divided between several wards; give a point or a Vpostcode to choose"},
    [VPC_E_NO_LEXICON] = {"VPC_E_NO_LEXICON", "database has no address lexicon"},
    [VPC_W_ADDRESS_DEFAULT] = {"VPC_W_ADDRESS_DEFAULT", "warning: the pre-2025 commune is now divided between several wards; a default ward was taken"},
};

static int known(vpc_status status)
{
    return (unsigned)status < VPC_STATUS_COUNT && statuses[status].name != NULL;
}

VPC_API const char *vpc_strerror(vpc_status status)
{
    return known(status) ? statuses[status].message : "unknown status";
}

VPC_API int vpc_is_warning(vpc_status status)
{
    return status == VPC_W_OUTSIDE_WARD || status == VPC_W_NEAREST_WARD ||
           status == VPC_W_ADDRESS_DEFAULT;
}

VPC_API const char *vpc_status_name(vpc_status status)
{
    return known(status) ? statuses[status].name : "VPC_E_UNKNOWN";
}
