#!/usr/bin/env python3
# Small synthetic runtime files (docs/FORMAT.md, format.h) for the fuzz_open corpus:
# made-up wards, provinces, pre-2025 communes and districts over tiles near Ha Noi.
import math, struct, sys, zlib, os

ALIGN = 64
S = 1e7  # index units per degree

def tile_from_lonlat(lon, lat, z):
    n = 2.0 ** z
    phi = math.radians(lat)
    return (lon + 180.0) / 360.0 * n, (1.0 - math.asinh(math.tan(phi)) / math.pi) / 2.0 * n

def tile_bounds(z, x, y):
    n = 2.0 ** z
    w = x / n * 360.0 - 180.0
    e = (x + 1) / n * 360.0 - 180.0
    lat = lambda yy: math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * yy / n))))
    return w, lat(y + 1), e, lat(y)  # west, south, east, north

class Pool:
    def __init__(self):
        self.data = b"\0"
        self.off = {"": 0}
    def add(self, s):
        if s not in self.off:
            self.off[s] = len(self.data)
            self.data += s.encode() + b"\0"
        return self.off[s]

def node(tag, payload):
    return (tag << 30) | payload

EMPTY, FULL, MIXED, INTERNAL = 0, 1, 2, 3

def rect_ring(w, s, e, n):
    pts = [(w, s), (e, s), (e, n), (w, n), (w, s)]
    return [(int(round(x * S)), int(round(y * S))) for x, y in pts]

def index_sections(base, h, nodes, leaves, cands, runs, breaks, vertices, rings, ward_rings, codes):
    (base_zoom, max_zoom, x0, y0, bw, bh) = h
    n = [len(nodes), len(leaves) - 1, len(cands) - 1, len(runs), len(breaks), len(vertices),
         len(rings), len(ward_rings) - 1]
    hdr = struct.pack("<8s16I", b"VPCTIDX1", 1, 0x01020304, base_zoom, max_zoom, x0, y0, bw, bh,
                      *n)
    assert len(hdr) == 72
    return [
        (base + 0, 72, 1, hdr),
        (base + 1, 4, len(nodes), b"".join(struct.pack("<I", v) for v in nodes)),
        (base + 2, 4, len(leaves), b"".join(struct.pack("<I", v) for v in leaves)),
        (base + 3, 12, len(cands), b"".join(struct.pack("<3I", *c) for c in cands)),
        (base + 4, 8, len(runs), b"".join(struct.pack("<2I", *r) for r in runs)),
        (base + 5, 4, len(breaks), b"".join(struct.pack("<i", v) for v in breaks)),
        (base + 6, 8, len(vertices), b"".join(struct.pack("<2i", *v) for v in vertices)),
        (base + 7, 12, len(rings), b"".join(struct.pack("<3I", *r) for r in rings)),
        (base + 8, 4, len(ward_rings), b"".join(struct.pack("<I", v) for v in ward_rings)),
        (base + 9, 5, len(codes), b"".join(c.encode().ljust(5, b"\0") for c in codes)),
    ]

def build(legacy, districts):
    pool = Pool()
    z = 10
    fx, fy = tile_from_lonlat(105.85, 21.03, z)
    X, Y = int(fx) - 1, int(fy)
    A = tile_bounds(z, X, Y)          # ward 0: the whole tile
    B = tile_bounds(z, X + 1, Y)      # its four children at zoom 11
    c00 = tile_bounds(z + 1, 2 * (X + 1), 2 * Y)          # ward 1
    c10 = tile_bounds(z + 1, 2 * (X + 1) + 1, 2 * Y)      # mixed: wards 1 and 2
    c01 = tile_bounds(z + 1, 2 * (X + 1), 2 * Y + 1)      # empty
    c11 = tile_bounds(z + 1, 2 * (X + 1) + 1, 2 * Y + 1)  # mixed: ward 2
    midx = (c10[0] + c10[2]) / 2
    midy = (c11[1] + c11[3]) / 2
    wards_geo = [
        rect_ring(*A),
        rect_ring(c00[0], c00[1], midx, c00[3]),          # c00 and the west half of c10
        [(int(round(x * S)), int(round(y * S))) for x, y in
         [(midx, c10[1]), (c10[2], c10[1]), (c10[2], c10[3]), (midx, c10[3]), (midx, c10[1])]],
    ]
    # ward 2 has a second ring: the north half of c11
    ring2b = rect_ring(c11[0], midy, c11[2], c11[3])
    vertices, rings, ward_rings = [], [], []
    def add_ring(r, flags=1):
        rings.append((len(vertices), len(r), flags))
        vertices.extend(r)
        return rings[-1]
    ward_rings.append(0)
    add_ring(wards_geo[0]); ward_rings.append(len(rings))
    add_ring(wards_geo[1]); ward_rings.append(len(rings))
    r2a = add_ring(wards_geo[2]); r2b = add_ring(ring2b); ward_rings.append(len(rings))
    r1 = rings[1]
    nodes = [node(FULL, 0), node(INTERNAL, 2),
             node(FULL, 1), node(MIXED, 0), node(EMPTY, 0), node(MIXED, 1)]
    runs = [(r1[0], r1[1] - 1), (r2a[0], r2a[1] - 1), (r2b[0], r2b[1] - 1), (r2b[0], r2b[1] - 1)]
    # leaf 0: cands 0, 1 (ward 1: run 0; ward 2: runs 1, 2); leaf 1: cand 2 (ward 2: run 3,
    # and a break above every point); then the sentinel
    cands = [(1, 0, 0), (2, 1, 0), (2, 3, 0), (0, 4, 1)]
    leaves = [0, 2, 3]
    breaks = [900000000]
    codes = ["00004", "00008", "00070"]
    sections_ix = index_sections(0x10, (z, z + 1, X, Y, 2, 1), nodes, leaves, cands, runs, breaks,
                                 vertices, rings, ward_rings, codes)

    provinces = [("01", "Thành phố Một", "Thanh pho Mot", "10 11"),
                 ("02", "Tỉnh Hai", "Tinh Hai", "20")]
    wards = [  # code, postal, name, ascii, type, long, province, ring box
        ("00004", "10000", "Phường Một", "Phuong Mot", 1, 0, 0, A),
        ("00008", "11000", "Xã Hai", "Xa Hai", 2, 0, 0, (c00[0], c00[1], midx, c00[3])),
        ("00070", "20000", "Đặc khu Ba", "Dac khu Ba", 3, 1, 1,
         (midx, midy, c10[2], c10[3])),
    ]
    meta = {"build_id": "0123456789abcdef0123456789abcdef", "dataset": "vpostcode",
            "legacy": "1" if legacy else "0", "license": "MIT",
            "runtime_format": "1", "schema_version": "1"}
    meta_recs = b"".join(struct.pack("<2I", pool.add(k), pool.add(v)) for k, v in sorted(meta.items()))
    prov_recs = b"".join(struct.pack("<2s2x3I", c.encode(), pool.add(n), pool.add(a), pool.add(p))
                         for c, n, a, p in provinces)
    ward_recs = b""
    for code, postal, name, asc, t, lf, prov, (w, s, e, n) in wards:
        ward_recs += struct.pack("<6d2IHBB5s5s2x", (s + n) / 2, (w + e) / 2, s, w, n, e,
                                 pool.add(name), pool.add(asc), prov, t, lf, code.encode(),
                                 postal.encode())
    assert len(ward_recs) == 72 * 3
    def postal_entries(pairs):  # (postal code, index), as sorted (key, index) entries
        return b"".join(struct.pack("<2I", int(p), i) for p, i in sorted((int(p), i) for p, i in pairs))
    by_postal = postal_entries([(w[1], i) for i, w in enumerate(wards)])
    secs = []
    flags = 0
    if legacy:
        flags |= 1
        communes = [  # code, postal, district code, province code, name, district, province, wards
            ("00001", "10001", "001", "01", "Phường Cũ Một", "Quận Một", "Thành phố Một", [0]),
            ("00002", "10002", "001", "01", "Phường Cũ Hai", "Quận Một", "Thành phố Một", [1, 2]),
            ("00003", "", "002", "02", "Xã Cũ Ba", "Huyện Hai", "Tỉnh Hai", []),
        ]
        commune_wards, com_recs = [], b""
        for code, postal, d, p, name, dn, pn, ws in communes:
            start = len(commune_wards) if ws else 0
            commune_wards += ws
            lat, lon = (21.0, 105.7) if ws else (0.0, 0.0)
            com_recs += struct.pack("<2d5I5s5s3s2sB4x", lat, lon, pool.add(name), pool.add(dn),
                                    pool.add(pn), start, len(ws), code.encode(),
                                    postal.encode().ljust(5, b"\0"), d.encode(), p.encode(),
                                    1 if ws else 0)
        assert len(com_recs) == 56 * 3
        ward_communes_start = [0, 1, 2, 3]
        ward_communes = [0, 1, 1]
        secs += [
            (6, 56, 3, com_recs),
            (7, 4, len(commune_wards), b"".join(struct.pack("<I", v) for v in commune_wards)),
            (8, 8, 2, postal_entries([("10001", 0), ("10002", 1)])),
            (9, 4, 4, b"".join(struct.pack("<I", v) for v in ward_communes_start)),
            (10, 4, 3, b"".join(struct.pack("<I", v) for v in ward_communes)),
        ]
    if legacy and districts:
        flags |= 2
        dv, dr = [], []
        for t in (A, B):
            r = rect_ring(*t)
            dr.append((len(dv), len(r), 1))
            dv += r
        secs_d = index_sections(0x20, (z, z, X, Y, 2, 1), [node(FULL, 0), node(FULL, 1)], [0],
                                [(0, 0, 0)], [], [], dv, dr, [0, 1, 2], ["001", "002"])
    head = [
        (1, 1, 0, None),  # strings: filled below
        (2, 8, len(meta), meta_recs),
        (3, 16, len(provinces), prov_recs),
        (4, 72, len(wards), ward_recs),
        (5, 8, 3, by_postal),
    ]
    allsecs = head + secs + sections_ix + (secs_d if legacy and districts else [])
    allsecs[0] = (1, 1, len(pool.data), pool.data)
    n = len(allsecs)
    at = (64 + 32 * n + ALIGN - 1) // ALIGN * ALIGN
    table, body = b"", bytearray()
    offsets = []
    for sid, el, cnt, data in allsecs:
        assert len(data) == el * cnt, (sid, el, cnt, len(data))
        offsets.append(at)
        table += struct.pack("<2I2Q2I", sid, el, at, len(data), cnt, zlib.crc32(data))
        at = (at + len(data) + ALIGN - 1) // ALIGN * ALIGN
    file_size = offsets[-1] + len(allsecs[-1][3])
    hdr = struct.pack("<8s4I2Q2I3I", b"VPCDB\0\r\n", 1, 0x01020304, 64, n, file_size, 64, flags,
                      zlib.crc32(table), 0, 0, 0)
    hdr += struct.pack("<I", zlib.crc32(hdr))
    assert len(hdr) == 64
    out = bytearray(file_size)
    out[0:64] = hdr
    out[64:64 + len(table)] = table
    for (sid, el, cnt, data), off in zip(allsecs, offsets):
        out[off:off + len(data)] = data
    return bytes(out), [(sid, off, len(d)) for (sid, el, cnt, d), off in zip(allsecs, offsets)]

def fix_header(b):
    """file_size set to the real size, the header CRC again (the table as it is)."""
    b = bytearray(b)
    if len(b) < 64:
        return bytes(b)
    struct.pack_into("<Q", b, 24, len(b))
    struct.pack_into("<I", b, 60, zlib.crc32(bytes(b[:60])))
    return bytes(b)

if __name__ == "__main__":
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    full, secs = build(True, True)
    cur, _ = build(False, False)
    nodist, _ = build(True, False)
    def w(name, how, data):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(bytes([how]) + data)
    w("rt-full", 0, full)
    w("rt-full-read", 1, full)
    w("rt-full-verify", 2, full)
    w("rt-current", 0, cur)
    w("rt-no-districts", 1, nodist)
    # truncated at section boundaries: as they are (file_size then disagrees),
    # and with the header made to agree (the sections past the end then leave the file)
    names = {1: "strings", 4: "wards", 0x16: "ward-vertices", 0x20: "district-header"}
    w("trunc-header", 0, full[:64])
    w("trunc-table", 0, full[:64 + 32 * len(secs)])
    for sid, off, size in secs:
        if sid in names:
            w("trunc-before-" + names[sid], 0, full[:off])
            w("trunc-before-" + names[sid] + "-sized", 1, fix_header(full[:off]))
    w("trunc-last-byte", 0, full[:-1])
    w("trunc-last-byte-sized", 0, fix_header(full[:-1]))
    print(len(full), len(cur), len(nodist), [(hex(s), o, n) for s, o, n in secs])
