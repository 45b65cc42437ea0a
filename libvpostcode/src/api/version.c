/*
 * version.c - the version of the library that is actually loaded.
 */
#include "vpostcode.h"

VPC_API const char *vpc_version(void)
{
    return VPC_VERSION_STRING;
}

VPC_API int vpc_version_number(void)
{
    return VPC_VERSION_NUMBER;
}
