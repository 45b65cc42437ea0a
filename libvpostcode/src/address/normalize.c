/*
 * normalize.c - address text to tokens (normalize.h).
 */
#include "normalize.h"

#include <string.h>

#include "../geodata/format.h"

/* Letters with diacritics that fold to an ASCII letter: code point, folded
 * letter, quality, tone, capital (normalize.h gives the numbering). Made
 * from the Unicode decompositions of U+00C0-U+024F and U+1E00-U+1EFF; Đ, đ
 * and Ð fold to d with the stroke. Sorted by code point. */
typedef struct vn_letter {
    uint16_t cp;
    char base;
    uint8_t quality, tone, capital;
} vn_letter;

static const vn_letter letters[] = {
    {0x00C0, 'a', 0, 1, 1},
    {0x00C1, 'a', 0, 2, 1},
    {0x00C2, 'a', 1, 0, 1},
    {0x00C3, 'a', 0, 4, 1},
    {0x00C4, 'a', 0, 0, 1},
    {0x00C5, 'a', 0, 0, 1},
    {0x00C7, 'c', 0, 0, 1},
    {0x00C8, 'e', 0, 1, 1},
    {0x00C9, 'e', 0, 2, 1},
    {0x00CA, 'e', 1, 0, 1},
    {0x00CB, 'e', 0, 0, 1},
    {0x00CC, 'i', 0, 1, 1},
    {0x00CD, 'i', 0, 2, 1},
    {0x00CE, 'i', 1, 0, 1},
    {0x00CF, 'i', 0, 0, 1},
    {0x00D0, 'd', 4, 0, 1},
    {0x00D1, 'n', 0, 4, 1},
    {0x00D2, 'o', 0, 1, 1},
    {0x00D3, 'o', 0, 2, 1},
    {0x00D4, 'o', 1, 0, 1},
    {0x00D5, 'o', 0, 4, 1},
    {0x00D6, 'o', 0, 0, 1},
    {0x00D9, 'u', 0, 1, 1},
    {0x00DA, 'u', 0, 2, 1},
    {0x00DB, 'u', 1, 0, 1},
    {0x00DC, 'u', 0, 0, 1},
    {0x00DD, 'y', 0, 2, 1},
    {0x00E0, 'a', 0, 1, 0},
    {0x00E1, 'a', 0, 2, 0},
    {0x00E2, 'a', 1, 0, 0},
    {0x00E3, 'a', 0, 4, 0},
    {0x00E4, 'a', 0, 0, 0},
    {0x00E5, 'a', 0, 0, 0},
    {0x00E7, 'c', 0, 0, 0},
    {0x00E8, 'e', 0, 1, 0},
    {0x00E9, 'e', 0, 2, 0},
    {0x00EA, 'e', 1, 0, 0},
    {0x00EB, 'e', 0, 0, 0},
    {0x00EC, 'i', 0, 1, 0},
    {0x00ED, 'i', 0, 2, 0},
    {0x00EE, 'i', 1, 0, 0},
    {0x00EF, 'i', 0, 0, 0},
    {0x00F1, 'n', 0, 4, 0},
    {0x00F2, 'o', 0, 1, 0},
    {0x00F3, 'o', 0, 2, 0},
    {0x00F4, 'o', 1, 0, 0},
    {0x00F5, 'o', 0, 4, 0},
    {0x00F6, 'o', 0, 0, 0},
    {0x00F9, 'u', 0, 1, 0},
    {0x00FA, 'u', 0, 2, 0},
    {0x00FB, 'u', 1, 0, 0},
    {0x00FC, 'u', 0, 0, 0},
    {0x00FD, 'y', 0, 2, 0},
    {0x00FF, 'y', 0, 0, 0},
    {0x0100, 'a', 0, 0, 1},
    {0x0101, 'a', 0, 0, 0},
    {0x0102, 'a', 2, 0, 1},
    {0x0103, 'a', 2, 0, 0},
    {0x0104, 'a', 0, 0, 1},
    {0x0105, 'a', 0, 0, 0},
    {0x0106, 'c', 0, 2, 1},
    {0x0107, 'c', 0, 2, 0},
    {0x0108, 'c', 1, 0, 1},
    {0x0109, 'c', 1, 0, 0},
    {0x010A, 'c', 0, 0, 1},
    {0x010B, 'c', 0, 0, 0},
    {0x010C, 'c', 0, 0, 1},
    {0x010D, 'c', 0, 0, 0},
    {0x010E, 'd', 0, 0, 1},
    {0x010F, 'd', 0, 0, 0},
    {0x0110, 'd', 4, 0, 1},
    {0x0111, 'd', 4, 0, 0},
    {0x0112, 'e', 0, 0, 1},
    {0x0113, 'e', 0, 0, 0},
    {0x0114, 'e', 2, 0, 1},
    {0x0115, 'e', 2, 0, 0},
    {0x0116, 'e', 0, 0, 1},
    {0x0117, 'e', 0, 0, 0},
    {0x0118, 'e', 0, 0, 1},
    {0x0119, 'e', 0, 0, 0},
    {0x011A, 'e', 0, 0, 1},
    {0x011B, 'e', 0, 0, 0},
    {0x011C, 'g', 1, 0, 1},
    {0x011D, 'g', 1, 0, 0},
    {0x011E, 'g', 2, 0, 1},
    {0x011F, 'g', 2, 0, 0},
    {0x0120, 'g', 0, 0, 1},
    {0x0121, 'g', 0, 0, 0},
    {0x0122, 'g', 0, 0, 1},
    {0x0123, 'g', 0, 0, 0},
    {0x0124, 'h', 1, 0, 1},
    {0x0125, 'h', 1, 0, 0},
    {0x0128, 'i', 0, 4, 1},
    {0x0129, 'i', 0, 4, 0},
    {0x012A, 'i', 0, 0, 1},
    {0x012B, 'i', 0, 0, 0},
    {0x012C, 'i', 2, 0, 1},
    {0x012D, 'i', 2, 0, 0},
    {0x012E, 'i', 0, 0, 1},
    {0x012F, 'i', 0, 0, 0},
    {0x0130, 'i', 0, 0, 1},
    {0x0134, 'j', 1, 0, 1},
    {0x0135, 'j', 1, 0, 0},
    {0x0136, 'k', 0, 0, 1},
    {0x0137, 'k', 0, 0, 0},
    {0x0139, 'l', 0, 2, 1},
    {0x013A, 'l', 0, 2, 0},
    {0x013B, 'l', 0, 0, 1},
    {0x013C, 'l', 0, 0, 0},
    {0x013D, 'l', 0, 0, 1},
    {0x013E, 'l', 0, 0, 0},
    {0x0143, 'n', 0, 2, 1},
    {0x0144, 'n', 0, 2, 0},
    {0x0145, 'n', 0, 0, 1},
    {0x0146, 'n', 0, 0, 0},
    {0x0147, 'n', 0, 0, 1},
    {0x0148, 'n', 0, 0, 0},
    {0x014C, 'o', 0, 0, 1},
    {0x014D, 'o', 0, 0, 0},
    {0x014E, 'o', 2, 0, 1},
    {0x014F, 'o', 2, 0, 0},
    {0x0150, 'o', 0, 0, 1},
    {0x0151, 'o', 0, 0, 0},
    {0x0154, 'r', 0, 2, 1},
    {0x0155, 'r', 0, 2, 0},
    {0x0156, 'r', 0, 0, 1},
    {0x0157, 'r', 0, 0, 0},
    {0x0158, 'r', 0, 0, 1},
    {0x0159, 'r', 0, 0, 0},
    {0x015A, 's', 0, 2, 1},
    {0x015B, 's', 0, 2, 0},
    {0x015C, 's', 1, 0, 1},
    {0x015D, 's', 1, 0, 0},
    {0x015E, 's', 0, 0, 1},
    {0x015F, 's', 0, 0, 0},
    {0x0160, 's', 0, 0, 1},
    {0x0161, 's', 0, 0, 0},
    {0x0162, 't', 0, 0, 1},
    {0x0163, 't', 0, 0, 0},
    {0x0164, 't', 0, 0, 1},
    {0x0165, 't', 0, 0, 0},
    {0x0168, 'u', 0, 4, 1},
    {0x0169, 'u', 0, 4, 0},
    {0x016A, 'u', 0, 0, 1},
    {0x016B, 'u', 0, 0, 0},
    {0x016C, 'u', 2, 0, 1},
    {0x016D, 'u', 2, 0, 0},
    {0x016E, 'u', 0, 0, 1},
    {0x016F, 'u', 0, 0, 0},
    {0x0170, 'u', 0, 0, 1},
    {0x0171, 'u', 0, 0, 0},
    {0x0172, 'u', 0, 0, 1},
    {0x0173, 'u', 0, 0, 0},
    {0x0174, 'w', 1, 0, 1},
    {0x0175, 'w', 1, 0, 0},
    {0x0176, 'y', 1, 0, 1},
    {0x0177, 'y', 1, 0, 0},
    {0x0178, 'y', 0, 0, 1},
    {0x0179, 'z', 0, 2, 1},
    {0x017A, 'z', 0, 2, 0},
    {0x017B, 'z', 0, 0, 1},
    {0x017C, 'z', 0, 0, 0},
    {0x017D, 'z', 0, 0, 1},
    {0x017E, 'z', 0, 0, 0},
    {0x0189, 'd', 4, 0, 1},
    {0x01A0, 'o', 3, 0, 1},
    {0x01A1, 'o', 3, 0, 0},
    {0x01AF, 'u', 3, 0, 1},
    {0x01B0, 'u', 3, 0, 0},
    {0x01CD, 'a', 0, 0, 1},
    {0x01CE, 'a', 0, 0, 0},
    {0x01CF, 'i', 0, 0, 1},
    {0x01D0, 'i', 0, 0, 0},
    {0x01D1, 'o', 0, 0, 1},
    {0x01D2, 'o', 0, 0, 0},
    {0x01D3, 'u', 0, 0, 1},
    {0x01D4, 'u', 0, 0, 0},
    {0x01D5, 'u', 0, 0, 1},
    {0x01D6, 'u', 0, 0, 0},
    {0x01D7, 'u', 0, 2, 1},
    {0x01D8, 'u', 0, 2, 0},
    {0x01D9, 'u', 0, 0, 1},
    {0x01DA, 'u', 0, 0, 0},
    {0x01DB, 'u', 0, 1, 1},
    {0x01DC, 'u', 0, 1, 0},
    {0x01DE, 'a', 0, 0, 1},
    {0x01DF, 'a', 0, 0, 0},
    {0x01E0, 'a', 0, 0, 1},
    {0x01E1, 'a', 0, 0, 0},
    {0x01E6, 'g', 0, 0, 1},
    {0x01E7, 'g', 0, 0, 0},
    {0x01E8, 'k', 0, 0, 1},
    {0x01E9, 'k', 0, 0, 0},
    {0x01EA, 'o', 0, 0, 1},
    {0x01EB, 'o', 0, 0, 0},
    {0x01EC, 'o', 0, 0, 1},
    {0x01ED, 'o', 0, 0, 0},
    {0x01F0, 'j', 0, 0, 0},
    {0x01F4, 'g', 0, 2, 1},
    {0x01F5, 'g', 0, 2, 0},
    {0x01F8, 'n', 0, 1, 1},
    {0x01F9, 'n', 0, 1, 0},
    {0x01FA, 'a', 0, 2, 1},
    {0x01FB, 'a', 0, 2, 0},
    {0x0200, 'a', 0, 0, 1},
    {0x0201, 'a', 0, 0, 0},
    {0x0202, 'a', 0, 0, 1},
    {0x0203, 'a', 0, 0, 0},
    {0x0204, 'e', 0, 0, 1},
    {0x0205, 'e', 0, 0, 0},
    {0x0206, 'e', 0, 0, 1},
    {0x0207, 'e', 0, 0, 0},
    {0x0208, 'i', 0, 0, 1},
    {0x0209, 'i', 0, 0, 0},
    {0x020A, 'i', 0, 0, 1},
    {0x020B, 'i', 0, 0, 0},
    {0x020C, 'o', 0, 0, 1},
    {0x020D, 'o', 0, 0, 0},
    {0x020E, 'o', 0, 0, 1},
    {0x020F, 'o', 0, 0, 0},
    {0x0210, 'r', 0, 0, 1},
    {0x0211, 'r', 0, 0, 0},
    {0x0212, 'r', 0, 0, 1},
    {0x0213, 'r', 0, 0, 0},
    {0x0214, 'u', 0, 0, 1},
    {0x0215, 'u', 0, 0, 0},
    {0x0216, 'u', 0, 0, 1},
    {0x0217, 'u', 0, 0, 0},
    {0x0218, 's', 0, 0, 1},
    {0x0219, 's', 0, 0, 0},
    {0x021A, 't', 0, 0, 1},
    {0x021B, 't', 0, 0, 0},
    {0x021E, 'h', 0, 0, 1},
    {0x021F, 'h', 0, 0, 0},
    {0x0226, 'a', 0, 0, 1},
    {0x0227, 'a', 0, 0, 0},
    {0x0228, 'e', 0, 0, 1},
    {0x0229, 'e', 0, 0, 0},
    {0x022A, 'o', 0, 0, 1},
    {0x022B, 'o', 0, 0, 0},
    {0x022C, 'o', 0, 4, 1},
    {0x022D, 'o', 0, 4, 0},
    {0x022E, 'o', 0, 0, 1},
    {0x022F, 'o', 0, 0, 0},
    {0x0230, 'o', 0, 0, 1},
    {0x0231, 'o', 0, 0, 0},
    {0x0232, 'y', 0, 0, 1},
    {0x0233, 'y', 0, 0, 0},
    {0x1E00, 'a', 0, 0, 1},
    {0x1E01, 'a', 0, 0, 0},
    {0x1E02, 'b', 0, 0, 1},
    {0x1E03, 'b', 0, 0, 0},
    {0x1E04, 'b', 0, 5, 1},
    {0x1E05, 'b', 0, 5, 0},
    {0x1E06, 'b', 0, 0, 1},
    {0x1E07, 'b', 0, 0, 0},
    {0x1E08, 'c', 0, 2, 1},
    {0x1E09, 'c', 0, 2, 0},
    {0x1E0A, 'd', 0, 0, 1},
    {0x1E0B, 'd', 0, 0, 0},
    {0x1E0C, 'd', 0, 5, 1},
    {0x1E0D, 'd', 0, 5, 0},
    {0x1E0E, 'd', 0, 0, 1},
    {0x1E0F, 'd', 0, 0, 0},
    {0x1E10, 'd', 0, 0, 1},
    {0x1E11, 'd', 0, 0, 0},
    {0x1E12, 'd', 0, 0, 1},
    {0x1E13, 'd', 0, 0, 0},
    {0x1E14, 'e', 0, 1, 1},
    {0x1E15, 'e', 0, 1, 0},
    {0x1E16, 'e', 0, 2, 1},
    {0x1E17, 'e', 0, 2, 0},
    {0x1E18, 'e', 0, 0, 1},
    {0x1E19, 'e', 0, 0, 0},
    {0x1E1A, 'e', 0, 0, 1},
    {0x1E1B, 'e', 0, 0, 0},
    {0x1E1C, 'e', 2, 0, 1},
    {0x1E1D, 'e', 2, 0, 0},
    {0x1E1E, 'f', 0, 0, 1},
    {0x1E1F, 'f', 0, 0, 0},
    {0x1E20, 'g', 0, 0, 1},
    {0x1E21, 'g', 0, 0, 0},
    {0x1E22, 'h', 0, 0, 1},
    {0x1E23, 'h', 0, 0, 0},
    {0x1E24, 'h', 0, 5, 1},
    {0x1E25, 'h', 0, 5, 0},
    {0x1E26, 'h', 0, 0, 1},
    {0x1E27, 'h', 0, 0, 0},
    {0x1E28, 'h', 0, 0, 1},
    {0x1E29, 'h', 0, 0, 0},
    {0x1E2A, 'h', 0, 0, 1},
    {0x1E2B, 'h', 0, 0, 0},
    {0x1E2C, 'i', 0, 0, 1},
    {0x1E2D, 'i', 0, 0, 0},
    {0x1E2E, 'i', 0, 2, 1},
    {0x1E2F, 'i', 0, 2, 0},
    {0x1E30, 'k', 0, 2, 1},
    {0x1E31, 'k', 0, 2, 0},
    {0x1E32, 'k', 0, 5, 1},
    {0x1E33, 'k', 0, 5, 0},
    {0x1E34, 'k', 0, 0, 1},
    {0x1E35, 'k', 0, 0, 0},
    {0x1E36, 'l', 0, 5, 1},
    {0x1E37, 'l', 0, 5, 0},
    {0x1E38, 'l', 0, 5, 1},
    {0x1E39, 'l', 0, 5, 0},
    {0x1E3A, 'l', 0, 0, 1},
    {0x1E3B, 'l', 0, 0, 0},
    {0x1E3C, 'l', 0, 0, 1},
    {0x1E3D, 'l', 0, 0, 0},
    {0x1E3E, 'm', 0, 2, 1},
    {0x1E3F, 'm', 0, 2, 0},
    {0x1E40, 'm', 0, 0, 1},
    {0x1E41, 'm', 0, 0, 0},
    {0x1E42, 'm', 0, 5, 1},
    {0x1E43, 'm', 0, 5, 0},
    {0x1E44, 'n', 0, 0, 1},
    {0x1E45, 'n', 0, 0, 0},
    {0x1E46, 'n', 0, 5, 1},
    {0x1E47, 'n', 0, 5, 0},
    {0x1E48, 'n', 0, 0, 1},
    {0x1E49, 'n', 0, 0, 0},
    {0x1E4A, 'n', 0, 0, 1},
    {0x1E4B, 'n', 0, 0, 0},
    {0x1E4C, 'o', 0, 2, 1},
    {0x1E4D, 'o', 0, 2, 0},
    {0x1E4E, 'o', 0, 4, 1},
    {0x1E4F, 'o', 0, 4, 0},
    {0x1E50, 'o', 0, 1, 1},
    {0x1E51, 'o', 0, 1, 0},
    {0x1E52, 'o', 0, 2, 1},
    {0x1E53, 'o', 0, 2, 0},
    {0x1E54, 'p', 0, 2, 1},
    {0x1E55, 'p', 0, 2, 0},
    {0x1E56, 'p', 0, 0, 1},
    {0x1E57, 'p', 0, 0, 0},
    {0x1E58, 'r', 0, 0, 1},
    {0x1E59, 'r', 0, 0, 0},
    {0x1E5A, 'r', 0, 5, 1},
    {0x1E5B, 'r', 0, 5, 0},
    {0x1E5C, 'r', 0, 5, 1},
    {0x1E5D, 'r', 0, 5, 0},
    {0x1E5E, 'r', 0, 0, 1},
    {0x1E5F, 'r', 0, 0, 0},
    {0x1E60, 's', 0, 0, 1},
    {0x1E61, 's', 0, 0, 0},
    {0x1E62, 's', 0, 5, 1},
    {0x1E63, 's', 0, 5, 0},
    {0x1E64, 's', 0, 2, 1},
    {0x1E65, 's', 0, 2, 0},
    {0x1E66, 's', 0, 0, 1},
    {0x1E67, 's', 0, 0, 0},
    {0x1E68, 's', 0, 5, 1},
    {0x1E69, 's', 0, 5, 0},
    {0x1E6A, 't', 0, 0, 1},
    {0x1E6B, 't', 0, 0, 0},
    {0x1E6C, 't', 0, 5, 1},
    {0x1E6D, 't', 0, 5, 0},
    {0x1E6E, 't', 0, 0, 1},
    {0x1E6F, 't', 0, 0, 0},
    {0x1E70, 't', 0, 0, 1},
    {0x1E71, 't', 0, 0, 0},
    {0x1E72, 'u', 0, 0, 1},
    {0x1E73, 'u', 0, 0, 0},
    {0x1E74, 'u', 0, 0, 1},
    {0x1E75, 'u', 0, 0, 0},
    {0x1E76, 'u', 0, 0, 1},
    {0x1E77, 'u', 0, 0, 0},
    {0x1E78, 'u', 0, 2, 1},
    {0x1E79, 'u', 0, 2, 0},
    {0x1E7A, 'u', 0, 0, 1},
    {0x1E7B, 'u', 0, 0, 0},
    {0x1E7C, 'v', 0, 4, 1},
    {0x1E7D, 'v', 0, 4, 0},
    {0x1E7E, 'v', 0, 5, 1},
    {0x1E7F, 'v', 0, 5, 0},
    {0x1E80, 'w', 0, 1, 1},
    {0x1E81, 'w', 0, 1, 0},
    {0x1E82, 'w', 0, 2, 1},
    {0x1E83, 'w', 0, 2, 0},
    {0x1E84, 'w', 0, 0, 1},
    {0x1E85, 'w', 0, 0, 0},
    {0x1E86, 'w', 0, 0, 1},
    {0x1E87, 'w', 0, 0, 0},
    {0x1E88, 'w', 0, 5, 1},
    {0x1E89, 'w', 0, 5, 0},
    {0x1E8A, 'x', 0, 0, 1},
    {0x1E8B, 'x', 0, 0, 0},
    {0x1E8C, 'x', 0, 0, 1},
    {0x1E8D, 'x', 0, 0, 0},
    {0x1E8E, 'y', 0, 0, 1},
    {0x1E8F, 'y', 0, 0, 0},
    {0x1E90, 'z', 1, 0, 1},
    {0x1E91, 'z', 1, 0, 0},
    {0x1E92, 'z', 0, 5, 1},
    {0x1E93, 'z', 0, 5, 0},
    {0x1E94, 'z', 0, 0, 1},
    {0x1E95, 'z', 0, 0, 0},
    {0x1E96, 'h', 0, 0, 0},
    {0x1E97, 't', 0, 0, 0},
    {0x1E98, 'w', 0, 0, 0},
    {0x1E99, 'y', 0, 0, 0},
    {0x1EA0, 'a', 0, 5, 1},
    {0x1EA1, 'a', 0, 5, 0},
    {0x1EA2, 'a', 0, 3, 1},
    {0x1EA3, 'a', 0, 3, 0},
    {0x1EA4, 'a', 1, 2, 1},
    {0x1EA5, 'a', 1, 2, 0},
    {0x1EA6, 'a', 1, 1, 1},
    {0x1EA7, 'a', 1, 1, 0},
    {0x1EA8, 'a', 1, 3, 1},
    {0x1EA9, 'a', 1, 3, 0},
    {0x1EAA, 'a', 1, 4, 1},
    {0x1EAB, 'a', 1, 4, 0},
    {0x1EAC, 'a', 1, 5, 1},
    {0x1EAD, 'a', 1, 5, 0},
    {0x1EAE, 'a', 2, 2, 1},
    {0x1EAF, 'a', 2, 2, 0},
    {0x1EB0, 'a', 2, 1, 1},
    {0x1EB1, 'a', 2, 1, 0},
    {0x1EB2, 'a', 2, 3, 1},
    {0x1EB3, 'a', 2, 3, 0},
    {0x1EB4, 'a', 2, 4, 1},
    {0x1EB5, 'a', 2, 4, 0},
    {0x1EB6, 'a', 2, 5, 1},
    {0x1EB7, 'a', 2, 5, 0},
    {0x1EB8, 'e', 0, 5, 1},
    {0x1EB9, 'e', 0, 5, 0},
    {0x1EBA, 'e', 0, 3, 1},
    {0x1EBB, 'e', 0, 3, 0},
    {0x1EBC, 'e', 0, 4, 1},
    {0x1EBD, 'e', 0, 4, 0},
    {0x1EBE, 'e', 1, 2, 1},
    {0x1EBF, 'e', 1, 2, 0},
    {0x1EC0, 'e', 1, 1, 1},
    {0x1EC1, 'e', 1, 1, 0},
    {0x1EC2, 'e', 1, 3, 1},
    {0x1EC3, 'e', 1, 3, 0},
    {0x1EC4, 'e', 1, 4, 1},
    {0x1EC5, 'e', 1, 4, 0},
    {0x1EC6, 'e', 1, 5, 1},
    {0x1EC7, 'e', 1, 5, 0},
    {0x1EC8, 'i', 0, 3, 1},
    {0x1EC9, 'i', 0, 3, 0},
    {0x1ECA, 'i', 0, 5, 1},
    {0x1ECB, 'i', 0, 5, 0},
    {0x1ECC, 'o', 0, 5, 1},
    {0x1ECD, 'o', 0, 5, 0},
    {0x1ECE, 'o', 0, 3, 1},
    {0x1ECF, 'o', 0, 3, 0},
    {0x1ED0, 'o', 1, 2, 1},
    {0x1ED1, 'o', 1, 2, 0},
    {0x1ED2, 'o', 1, 1, 1},
    {0x1ED3, 'o', 1, 1, 0},
    {0x1ED4, 'o', 1, 3, 1},
    {0x1ED5, 'o', 1, 3, 0},
    {0x1ED6, 'o', 1, 4, 1},
    {0x1ED7, 'o', 1, 4, 0},
    {0x1ED8, 'o', 1, 5, 1},
    {0x1ED9, 'o', 1, 5, 0},
    {0x1EDA, 'o', 3, 2, 1},
    {0x1EDB, 'o', 3, 2, 0},
    {0x1EDC, 'o', 3, 1, 1},
    {0x1EDD, 'o', 3, 1, 0},
    {0x1EDE, 'o', 3, 3, 1},
    {0x1EDF, 'o', 3, 3, 0},
    {0x1EE0, 'o', 3, 4, 1},
    {0x1EE1, 'o', 3, 4, 0},
    {0x1EE2, 'o', 3, 5, 1},
    {0x1EE3, 'o', 3, 5, 0},
    {0x1EE4, 'u', 0, 5, 1},
    {0x1EE5, 'u', 0, 5, 0},
    {0x1EE6, 'u', 0, 3, 1},
    {0x1EE7, 'u', 0, 3, 0},
    {0x1EE8, 'u', 3, 2, 1},
    {0x1EE9, 'u', 3, 2, 0},
    {0x1EEA, 'u', 3, 1, 1},
    {0x1EEB, 'u', 3, 1, 0},
    {0x1EEC, 'u', 3, 3, 1},
    {0x1EED, 'u', 3, 3, 0},
    {0x1EEE, 'u', 3, 4, 1},
    {0x1EEF, 'u', 3, 4, 0},
    {0x1EF0, 'u', 3, 5, 1},
    {0x1EF1, 'u', 3, 5, 0},
    {0x1EF2, 'y', 0, 1, 1},
    {0x1EF3, 'y', 0, 1, 0},
    {0x1EF4, 'y', 0, 5, 1},
    {0x1EF5, 'y', 0, 5, 0},
    {0x1EF6, 'y', 0, 3, 1},
    {0x1EF7, 'y', 0, 3, 0},
    {0x1EF8, 'y', 0, 4, 1},
    {0x1EF9, 'y', 0, 4, 0},
};

static const vn_letter *find_letter(uint32_t cp)
{
    size_t lo = 0, hi = sizeof letters / sizeof letters[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (letters[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof letters / sizeof letters[0] && letters[lo].cp == cp ? &letters[lo] : NULL;
}

/* Decode one UTF-8 sequence at s[0, n) (n >= 1): its length, or 0 if it is
 * not well formed (overlong, surrogate, above U+10FFFF, cut short). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static int is_hard_separator(uint32_t cp)
{
    switch (cp) {
    case ',': case ';': case '|': case '/': case '\\': case '\n': case '\r': case '\t':
    case 0x0B: case 0x0C: case 0x85: case 0x2028: case 0x2029:
    case 0xFF0C: /* fullwidth comma */
    case 0x3001: /* ideographic comma */
    case 0xFF1B: /* fullwidth semicolon */
        return 1;
    default:
        return 0;
    }
}

/* A combining mark's quality (1-3) or tone (1-5), 0 for other marks. */
static int combining(uint32_t cp, int *is_tone)
{
    *is_tone = 1;
    switch (cp) {
    case 0x0300: case 0x0340: return 1;
    case 0x0301: case 0x0341: return 2;
    case 0x0309: return 3;
    case 0x0303: return 4;
    case 0x0323: return 5;
    default: break;
    }
    *is_tone = 0;
    switch (cp) {
    case 0x0302: return 1;
    case 0x0306: return 2;
    case 0x031B: return 3;
    default: return 0;
    }
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Put each run of vowels' tone on its first vowel; a number loses its
 * leading zeros. */
static void finish_token(vpc_norm *norm, vpc_token *t, size_t *used)
{
    char *f = norm->fold + t->fold;
    char *m = norm->marks + t->fold;
    if (t->number) {
        size_t z = 0;
        while (z + 1 < t->len && f[z] == '0')
            z++;
        if (z > 0) {
            memmove(f, f + z, t->len - z);
            memmove(m, m + z, t->len - z);
            t->len = (uint16_t)(t->len - z);
            *used -= z;
        }
        return;
    }
    size_t i = 0;
    while (i < t->len) {
        if (!is_vowel(f[i])) {
            i++;
            continue;
        }
        size_t j = i;
        int tone = 0;
        while (j < t->len && is_vowel(f[j])) {
            int tj = (m[j] - VPC_MARK_BASE) & 7;
            if (tone == 0)
                tone = tj;
            m[j] = (char)(m[j] - tj);
            j++;
        }
        m[i] = (char)(m[i] + tone);
        i = j;
    }
}

vpc_status vpc_norm_text(const char *text, size_t len, vpc_norm *norm, size_t *error_position)
{
    if (len > VPC_ADDRESS_MAX_BYTES)
        return VPC_E_ADDRESS_TOO_LONG;
    const unsigned char *s = (const unsigned char *)text;
    norm->ntok = 0;
    norm->marked = 0;
    size_t used = 0;        /* bytes of fold/marks */
    int sep = VPC_SEP_HARD; /* separator seen since the last token */
    int kind = 0;           /* of the open token: 0 none, 1 letters, 2 digits */
    int lower_seen = 0;
    int other = 0;
    vpc_token *t = NULL;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            if (error_position)
                *error_position = i;
            return VPC_E_ADDRESS_ENCODING;
        }
        char base = 0;
        int quality = 0, tone = 0, capital = 0, digit = 0;
        if (cp < 0x80) {
            if (cp >= 'a' && cp <= 'z') {
                base = (char)cp;
            } else if (cp >= 'A' && cp <= 'Z') {
                base = (char)(cp - 'A' + 'a');
                capital = 1;
            } else if (cp >= '0' && cp <= '9') {
                base = (char)cp;
                digit = 1;
            }
        } else if (cp >= 0x0300 && cp <= 0x036F) {
            /* A combining mark: it changes the letter before it. */
            int is_tone;
            int v = combining(cp, &is_tone);
            if (kind == 1 && v != 0 && used > 0) {
                char *m = &norm->marks[used - 1];
                int q0 = (*m - VPC_MARK_BASE) >> 3, t0 = (*m - VPC_MARK_BASE) & 7;
                if (is_tone)
                    t0 = v;
                else if (q0 == 0)
                    q0 = v;
                *m = (char)(VPC_MARK_BASE + q0 * 8 + t0);
                t->marked = 1;
                norm->marked = 1;
            }
            t = kind ? t : NULL;
            i += n;
            if (t)
                t->end = (uint32_t)i;
            continue;
        } else {
            const vn_letter *l = find_letter(cp);
            if (l) {
                base = l->base;
                quality = l->quality;
                tone = l->tone;
                capital = l->capital;
            }
        }
        if (base == 0 && ((cp >= 0x0370 && cp < 0x2000) || (cp >= 0x2E80 && cp < 0xFF00) ||
                          cp >= 0x10000))
            other = 1; /* a letter of another script */
        if (base == 0) {
            /* A separator (anything that is neither letter nor digit). */
            if (kind) {
                finish_token(norm, t, &used);
                kind = 0;
                sep = VPC_SEP_NONE;
            }
            if (is_hard_separator(cp))
                sep = VPC_SEP_HARD;
            else if (sep == VPC_SEP_NONE)
                sep = VPC_SEP_SOFT;
            i += n;
            continue;
        }
        int want = digit ? 2 : 1;
        if (kind != want) {
            if (kind) {
                finish_token(norm, t, &used);
                sep = VPC_SEP_NONE;
            }
            if (norm->ntok == VPC_NORM_MAX_TOKENS)
                return VPC_E_ADDRESS_TOO_LONG;
            t = &norm->tok[norm->ntok++];
            memset(t, 0, sizeof *t);
            t->start = (uint32_t)i;
            t->fold = (uint32_t)used;
            t->number = (uint8_t)digit;
            t->sep = (uint8_t)(norm->ntok == 1 ? VPC_SEP_HARD : sep);
            t->upper = (uint8_t)!digit;
            kind = want;
            lower_seen = 0;
        }
        norm->fold[used] = base;
        norm->marks[used] = (char)(VPC_MARK_BASE + quality * 8 + tone);
        used++;
        t->len++;
        if (quality || tone) {
            t->marked = 1;
            norm->marked = 1;
        }
        if (!digit && !capital)
            lower_seen = 1;
        if (!digit)
            t->upper = (uint8_t)!lower_seen;
        i += n;
        t->end = (uint32_t)i;
    }
    if (kind)
        finish_token(norm, t, &used);
    norm->fold[used] = '\0';
    norm->marks[used] = '\0';
    if (norm->ntok == 0)
        return other ? VPC_E_ADDRESS_NOT_FOUND : VPC_E_ADDRESS_EMPTY;
    return VPC_OK;
}

/* Type words: their tokens (folded, space-separated), level, unit type. */
typedef struct type_word {
    const char *words;
    uint8_t level, unit_type;
    const char *marks; /* of the Vietnamese word, NULL for abbreviations and English */
} type_word;

static const type_word type_words[] = {
    /* Two-token words first: the longest match wins. */
    {"thi tran", VPC_TW_WARD, VPC_LEXTYPE_THI_TRAN, "@@E @@J@"},
    {"dac khu", VPC_TW_WARD, VPC_LEXTYPE_DAC_KHU, "`U@ @@@"},
    {"thi xa", VPC_TW_DISTRICT, VPC_LEXTYPE_THI_XA, "@@E @D"},
    {"thanh pho", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO, "@@A@@ @@J"},
    {"t p", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO, NULL},
    {"viet nam", VPC_TW_COUNTRY, 0, "@EH@ @@@"},
    {"khu pho", VPC_TW_STREET, 0, "@@@ @@J"},
    {"to dan pho", VPC_TW_STREET, 0, "@K @H@ @@J"},
    {"khu cong nghiep", VPC_TW_STREET, 0, "@@@ @H@@ @@@EH@"},
    {"cum cong nghiep", VPC_TW_STREET, 0, "@E@ @H@@ @@@EH@"},
    {"khu dan cu", VPC_TW_STREET, 0, "@@@ @H@ @X"},
    {"khu do thi", VPC_TW_STREET, 0, "@@@ `H @@E"},
    {"khu che xuat", VPC_TW_STREET, 0, "@@@ @@J @BH@"},
    {"toa nha", VPC_TW_STREET, 0, "@A@ @@A"},
    {"chung cu", VPC_TW_STREET, 0, "@@@@@ @X"},
    {"can ho", VPC_TW_STREET, 0, "@P@ @M"},
    {"so nha", VPC_TW_STREET, 0, "@J @@A"},
    {"quoc lo", VPC_TW_STREET, 0, "@BH@ @M"},
    {"tinh lo", VPC_TW_STREET, 0, "@C@@ @M"},
    {"special zone", VPC_TW_WARD, VPC_LEXTYPE_DAC_KHU, NULL},
    {"phuong", VPC_TW_WARD, VPC_LEXTYPE_PHUONG, "@@YX@@"},
    {"p", VPC_TW_WARD, VPC_LEXTYPE_PHUONG, NULL},
    {"f", VPC_TW_WARD, VPC_LEXTYPE_PHUONG, NULL},
    {"ward", VPC_TW_WARD, VPC_LEXTYPE_PHUONG, NULL},
    {"xa", VPC_TW_WARD, VPC_LEXTYPE_XA, "@D"},
    {"x", VPC_TW_WARD, VPC_LEXTYPE_XA, NULL},
    {"commune", VPC_TW_WARD, VPC_LEXTYPE_XA, NULL},
    {"thitran", VPC_TW_WARD, VPC_LEXTYPE_THI_TRAN, NULL},
    {"tt", VPC_TW_WARD, VPC_LEXTYPE_THI_TRAN, NULL},
    {"township", VPC_TW_WARD, VPC_LEXTYPE_THI_TRAN, NULL},
    {"quan", VPC_TW_DISTRICT, VPC_LEXTYPE_QUAN, "@EH@"},
    {"q", VPC_TW_DISTRICT, VPC_LEXTYPE_QUAN, NULL},
    {"district", VPC_TW_DISTRICT, VPC_LEXTYPE_QUAN, NULL},
    {"dist", VPC_TW_DISTRICT, VPC_LEXTYPE_QUAN, NULL},
    {"huyen", VPC_TW_DISTRICT, VPC_LEXTYPE_HUYEN, "@E@H@"},
    {"h", VPC_TW_DISTRICT, VPC_LEXTYPE_HUYEN, NULL},
    {"thixa", VPC_TW_DISTRICT, VPC_LEXTYPE_THI_XA, NULL},
    {"tx", VPC_TW_DISTRICT, VPC_LEXTYPE_THI_XA, NULL},
    {"town", VPC_TW_TOWN, 0, NULL},
    {"thanhpho", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO, NULL},
    {"tp", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO, NULL},
    {"city", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO, NULL},
    {"tinh", VPC_TW_PROVINCE, VPC_LEXTYPE_TINH, "@C@@"},
    {"province", VPC_TW_PROVINCE, VPC_LEXTYPE_TINH, NULL},
    {"vietnam", VPC_TW_COUNTRY, 0, NULL},
    {"vn", VPC_TW_COUNTRY, 0, NULL},
    {"ap", VPC_TW_STREET, 0, "J@"},
    {"thon", VPC_TW_STREET, 0, "@@H@"},
    {"xom", VPC_TW_STREET, 0, "@B@"},
    {"to", VPC_TW_STREET, 0, "@K"},
    {"tdp", VPC_TW_STREET, 0, NULL},
    {"kp", VPC_TW_STREET, 0, NULL},
    {"khom", VPC_TW_STREET, 0, "@@B@"},
    {"khu", VPC_TW_STREET, 0, "@@@"},
    {"duong", VPC_TW_STREET, 0, "`YX@@"},
    {"d", VPC_TW_STREET, 0, NULL},
    {"pho", VPC_TW_STREET, 0, "@@J"},
    {"so", VPC_TW_STREET, 0, "@J"},
    {"sn", VPC_TW_STREET, 0, NULL},
    {"ngo", VPC_TW_STREET, 0, "@@D"},
    {"ngach", VPC_TW_STREET, 0, "@@B@@"},
    {"hem", VPC_TW_STREET, 0, "@C@"},
    {"kiet", VPC_TW_STREET, 0, "@EH@"},
    {"kcn", VPC_TW_STREET, 0, NULL},
    {"ccn", VPC_TW_STREET, 0, NULL},
    {"kdc", VPC_TW_STREET, 0, NULL},
    {"kdt", VPC_TW_STREET, 0, NULL},
    {"kcx", VPC_TW_STREET, 0, NULL},
    {"lo", VPC_TW_STREET, 0, "@H"},
    {"ql", VPC_TW_STREET, 0, NULL},
    {"tl", VPC_TW_STREET, 0, NULL},
    {"ban", VPC_TW_STREET, 0, "@C@"},
    {"buon", VPC_TW_STREET, 0, "@@H@"},
    {"bon", VPC_TW_STREET, 0, "@@@"},
    {"lang", VPC_TW_STREET, 0, "@A@@"},
    {"block", VPC_TW_STREET, 0, NULL},
    {"building", VPC_TW_STREET, 0, NULL},
    {"tower", VPC_TW_STREET, 0, NULL},
    {"street", VPC_TW_STREET, 0, NULL},
    {"st", VPC_TW_STREET, 0, NULL},
    {"road", VPC_TW_STREET, 0, NULL},
    {"alley", VPC_TW_STREET, 0, NULL},
    {"lane", VPC_TW_STREET, 0, NULL},
    {"hamlet", VPC_TW_STREET, 0, NULL},
    {"village", VPC_TW_STREET, 0, NULL},
};

static int token_is(const vpc_norm *norm, size_t i, const char *w, size_t wl)
{
    const vpc_token *t = &norm->tok[i];
    return t->len == wl && !t->number && memcmp(norm->fold + t->fold, w, wl) == 0;
}

int vpc_norm_typeword(const vpc_norm *norm, size_t i, int *unit_type, size_t *ntok)
{
    *unit_type = 0;
    *ntok = 0;
    if (i >= norm->ntok || norm->tok[i].number)
        return 0;
    const vpc_token *t0 = &norm->tok[i];
    char first = norm->fold[t0->fold];
    for (size_t k = 0; k < sizeof type_words / sizeof type_words[0]; k++) {
        const char *w = type_words[k].words;
        const char *marks = type_words[k].marks;
        if (w[0] != first)
            continue;
        size_t j = i;
        int ok = 1;
        while (*w) {
            size_t wl = 0;
            while (w[wl] != '\0' && w[wl] != ' ')
                wl++;
            if (j >= norm->ntok || !token_is(norm, j, w, wl) ||
                (j > i && norm->tok[j].sep == VPC_SEP_HARD)) {
                ok = 0;
                break;
            }
            /* Written with diacritics, they must be the word's: "Quân" in
             * "Lạc Long Quân" is no "Quận". */
            if (marks != NULL && norm->tok[j].marked &&
                memcmp(norm->marks + norm->tok[j].fold, marks + (w - type_words[k].words),
                       wl) != 0) {
                ok = 0;
                break;
            }
            j++;
            w += wl;
            if (*w == ' ')
                w++;
        }
        if (ok) {
            *unit_type = type_words[k].unit_type;
            *ntok = j - i;
            return type_words[k].level;
        }
    }
    return 0;
}

/* Trailing English type words of a name ("Hoan Kiem Ward"). */
static size_t trailing_type(const vpc_norm *norm, size_t first, size_t end, int *unit_type)
{
    static const struct {
        const char *w;
        uint8_t unit_type;
    } trail[] = {
        {"ward", VPC_LEXTYPE_PHUONG},     {"commune", VPC_LEXTYPE_XA},
        {"township", VPC_LEXTYPE_THI_TRAN}, {"district", VPC_LEXTYPE_QUAN},
        {"town", VPC_LEXTYPE_THI_XA},     {"city", VPC_LEXTYPE_THANH_PHO},
        {"province", VPC_LEXTYPE_TINH},
    };
    if (end <= first + 1)
        return end;
    for (size_t k = 0; k < sizeof trail / sizeof trail[0]; k++) {
        if (token_is(norm, end - 1, trail[k].w, strlen(trail[k].w))) {
            if (*unit_type == 0)
                *unit_type = trail[k].unit_type;
            /* "Special Zone" */
            if (k == 0 && end - 1 > first + 1 && token_is(norm, end - 2, "special", 7))
                return end - 2;
            return end - 1;
        }
    }
    if (end > first + 2 && token_is(norm, end - 1, "zone", 4) &&
        token_is(norm, end - 2, "special", 7)) {
        if (*unit_type == 0)
            *unit_type = VPC_LEXTYPE_DAC_KHU;
        return end - 2;
    }
    return end;
}

vpc_status vpc_norm_name(const char *name, char *key, char *marks, size_t size, size_t *len,
                         int *unit_type, int *number, int *has_marks)
{
    static _Thread_local vpc_norm norm;
    vpc_status st = vpc_norm_text(name, strlen(name), &norm, NULL);
    if (st != VPC_OK)
        return st;
    size_t first = 0, end = norm.ntok, n;
    int type = 0;
    int level = vpc_norm_typeword(&norm, 0, &type, &n);
    if (level >= VPC_TW_WARD && level <= VPC_TW_PROVINCE && n < end)
        first = n;
    else
        type = 0;
    end = trailing_type(&norm, first, end, &type);
    size_t k = 0;
    int marked = 0;
    for (size_t i = first; i < end; i++) {
        const vpc_token *t = &norm.tok[i];
        if (k + t->len + 1 > size)
            return VPC_E_BUFFER_TOO_SMALL;
        memcpy(key + k, norm.fold + t->fold, t->len);
        memcpy(marks + k, norm.marks + t->fold, t->len);
        k += t->len;
        marked |= t->marked;
    }
    if (k == 0)
        return VPC_E_ADDRESS_EMPTY;
    key[k] = '\0';
    marks[k] = '\0';
    *len = k;
    *unit_type = type;
    *number = end - first == 1 && norm.tok[first].number;
    *has_marks = marked;
    return VPC_OK;
}

size_t vpc_norm_ascii(const char *text, size_t len, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t need = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            n = 1, cp = 0xFFFD;
        const vn_letter *l = cp >= 0x80 ? find_letter(cp) : NULL;
        if (cp >= 0x0300 && cp <= 0x036F) {
            /* dropped */
        } else if (l) {
            if (need + 1 < size)
                out[need] = l->capital ? (char)(l->base - 'a' + 'A') : l->base;
            need++;
        } else {
            for (size_t k = 0; k < n; k++) {
                if (need + 1 < size)
                    out[need] = (char)s[i + k];
                need++;
            }
        }
        i += n;
    }
    if (size > 0)
        out[need < size ? need : size - 1] = '\0';
    return need;
}
