/*
 * outbuf.h - copying a finished result into a caller's buffer.
 *
 * Every public function builds its string result in a local array first and
 * copies it out only when it is complete, so that a failing call leaves the
 * caller's buffer untouched.
 */
#ifndef VPC_OUTBUF_H
#define VPC_OUTBUF_H

#include <string.h>

#include "vpostcode.h"

static inline vpc_status vpc_outbuf_copy(const char *s, size_t len, char *buf,
                                         size_t bufsize)
{
    if (buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (bufsize < len + 1)
        return VPC_E_BUFFER_TOO_SMALL;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return VPC_OK;
}

#endif
