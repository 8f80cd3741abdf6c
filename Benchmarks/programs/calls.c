// Calls and recursion: naive Fibonacci, Ackermann, and an indirect-call dispatch loop.
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static int add1(int x) { return x + 1; }
static int dbl(int x) { return x * 2 - x + 3; }
static int neg(int x) { return -x + 7; }
static int (*const table[3])(int) = { add1, dbl, neg };

int run(int n) {
    int total = fib(n) + ack(2, n);
    int x = 0;
    for (int i = 0; i < n * 20000; i++) x = table[i % 3](x) & 0xffff;
    return total + x;
}
