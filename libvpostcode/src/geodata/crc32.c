/*
 * crc32.c - CRC-32 of the runtime file's sections (ISO-HDLC, as zlib's
 * crc32 and Python's zlib.crc32 compute it), bytewise. The table is made
 * on each call (a few microseconds): checksums are computed only when a
 * file is written or verified, never on the lookup path.
 */
#include "format.h"

static void make_table(uint32_t table[256])
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

uint32_t vpc_crc32(uint32_t crc, const void *data, size_t size)
{
    const unsigned char *p = data;
    uint32_t table[256];
    make_table(table);
    crc = ~crc;
    while (size--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}
