/*
 * wards.c - wards and provinces by position, GSO code and postal code.
 */
#include "../geodata/db.h"

static int five_digits(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[5] == '\0';
}

VPC_API size_t vpc_ward_count(const vpc_db *db)
{
    return db ? db->nwards : 0;
}

VPC_API vpc_status vpc_ward_at(const vpc_db *db, size_t i, vpc_ward *ward)
{
    if (db == NULL || ward == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (i >= db->nwards)
        return VPC_E_INVALID_ARGUMENT;
    return vpc_db_ward(db, (int)i, ward);
}

VPC_API vpc_status vpc_ward_by_code(const vpc_db *db, const char *gso_code, vpc_ward *ward)
{
    if (db == NULL || gso_code == NULL || ward == NULL)
        return VPC_E_NULL_ARGUMENT;
    int w = five_digits(gso_code) ? vpc_db_find_code(db, gso_code) : -1;
    if (w < 0)
        return VPC_E_UNKNOWN_WARD;
    return vpc_db_ward(db, w, ward);
}

VPC_API vpc_status vpc_ward_by_postal_code(const vpc_db *db, const char *postal_code,
                                           vpc_ward *ward)
{
    if (db == NULL || postal_code == NULL || ward == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (!five_digits(postal_code))
        return VPC_E_POSTAL_CODE;
    int w = vpc_db_find_postal(db, postal_code);
    if (w < 0)
        return VPC_E_UNKNOWN_POSTAL_CODE;
    return vpc_db_ward(db, w, ward);
}

VPC_API size_t vpc_province_count(const vpc_db *db)
{
    return db ? db->nprovinces : 0;
}

VPC_API vpc_status vpc_province_at(const vpc_db *db, size_t i, vpc_province *province)
{
    if (db == NULL || province == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (i >= db->nprovinces)
        return VPC_E_INVALID_ARGUMENT;
    return vpc_db_province(db, i, province);
}

VPC_API vpc_status vpc_province_by_code(const vpc_db *db, const char *gso_code,
                                        vpc_province *province)
{
    if (db == NULL || gso_code == NULL || province == NULL)
        return VPC_E_NULL_ARGUMENT;
    int ok = gso_code[0] >= '0' && gso_code[0] <= '9' && gso_code[1] >= '0' &&
             gso_code[1] <= '9' && gso_code[2] == '\0';
    int p = ok ? vpc_db_find_province(db, gso_code) : -1;
    if (p < 0)
        return VPC_E_UNKNOWN_PROVINCE;
    return vpc_db_province(db, (size_t)p, province);
}
