// Integer arithmetic in registers: an xorshift generator mixed through a multiply-rotate hash
// (no memory traffic, no data-dependent branches).
static unsigned rotl(unsigned x, int k) { return (x << k) | (x >> (32 - k)); }

unsigned run(unsigned n) {
    unsigned s = 2463534242u, h = 0x9e3779b9u, acc = 0;
    for (unsigned i = 0; i < n * 1000; i++) {
        s ^= s << 13; s ^= s >> 17; s ^= s << 5;
        h = rotl(h ^ s, 13) * 0x85ebca6bu + i;
        acc += (h >> 7) ^ (s & 0xff);
    }
    return acc ^ h;
}
