// Floating-point kernels: a small matrix multiply and a Mandelbrot escape count.
#define N 48
static double a[N * N], b[N * N], c[N * N];

static double matmul(void) {
    for (int i = 0; i < N * N; i++) { a[i] = (i % 7) * 0.5; b[i] = (i % 5) * 0.25; }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
            c[i * N + j] = s;
        }
    double t = 0;
    for (int i = 0; i < N * N; i++) t += c[i];
    return t;
}

static int mandel(int size) {
    int count = 0;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            float cr = 2.5f * x / size - 2.0f, ci = 2.0f * y / size - 1.0f, zr = 0, zi = 0;
            int it = 0;
            while (it < 100 && zr * zr + zi * zi < 4.0f) { float t = zr * zr - zi * zi + cr; zi = 2 * zr * zi + ci; zr = t; it++; }
            count += it;
        }
    return count;
}

double run(int n) {
    double total = 0;
    for (int r = 0; r < n; r++) total += matmul() + mandel(64);
    return total;
}
