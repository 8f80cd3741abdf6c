// Integer loops: Collatz step counts and an xorshift checksum. No memory traffic.
unsigned run(unsigned n) {
    unsigned total = 0;
    for (unsigned i = 1; i <= n; i++) {
        unsigned long long x = i;
        while (x != 1) { x = (x & 1) ? 3 * x + 1 : x >> 1; total++; }
    }
    unsigned s = 2463534242u;
    for (unsigned i = 0; i < n * 16; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; total += s & 7; }
    return total;
}
