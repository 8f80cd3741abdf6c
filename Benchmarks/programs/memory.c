// Memory-heavy: sort an array with quicksort and count words in an open-addressing hash table.
#define SIZE 20000
static unsigned data[SIZE];
static unsigned keys[1 << 14];
static unsigned counts[1 << 14];

static void quicksort(unsigned *v, int lo, int hi) {
    while (lo < hi) {
        unsigned p = v[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { unsigned t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; } else { quicksort(v, i, hi); hi = j; }
    }
}

static unsigned hash(unsigned x) { x ^= x >> 16; x *= 0x45d9f3b; x ^= x >> 16; return x; }

unsigned run(int n) {
    unsigned checksum = 0, s = 12345;
    for (int r = 0; r < n; r++) {
        for (int i = 0; i < SIZE; i++) { s = s * 1103515245 + 12345; data[i] = s >> 8; }
        quicksort(data, 0, SIZE - 1);
        for (int i = 0; i < SIZE; i += 97) checksum += data[i];
        for (int i = 0; i < (1 << 14); i++) { keys[i] = 0; counts[i] = 0; }
        for (int i = 0; i < SIZE; i++) {
            unsigned k = (data[i] % 5000) + 1, h = hash(k) & ((1 << 14) - 1);
            while (keys[h] && keys[h] != k) h = (h + 1) & ((1 << 14) - 1);
            keys[h] = k; counts[h]++;
        }
        for (int i = 0; i < (1 << 14); i++) checksum += counts[i] * keys[i];
    }
    return checksum;
}
