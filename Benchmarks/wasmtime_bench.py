#!/usr/bin/env python3
"""Times wasmtime (the PyPI `wasmtime` package, an embedded wasmtime) for wasm-bench.

Timings are taken inside this process, so interpreter start-up is not counted, and follow
wasm-bench's rules: best of REPEATS wall-clock runs; a run instantiates afresh and calls `run`.

    wasmtime_bench.py run FILE.wasm ARGUMENT REPEATS
        -> {"compile": seconds, "run": seconds, "result": "decimal result"}
    wasmtime_bench.py compile REPEATS FILE.wasm...
        -> {"compile": seconds, "bytes": total}   (all files compiled once per repeat)

Output is one JSON object on stdout. wasmtime's default configuration is used (Cranelift,
optimising), with no fuel and no epoch interruption, like our backends in the benchmark.
"""
import json
import sys
import time

import wasmtime


def best(repeats, body):
    result = None
    fastest = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = body()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


def run(path, argument, repeats):
    engine = wasmtime.Engine()
    with open(path, "rb") as f:
        data = f.read()
    compile_seconds, module = best(repeats, lambda: wasmtime.Module(engine, data))

    def call():
        store = wasmtime.Store(engine)
        instance = wasmtime.Instance(store, module, [])
        value = instance.exports(store)["run"](store, argument)
        # Integer programs return an unsigned i32; floating-point ones an f64.
        return value & 0xFFFFFFFF if isinstance(value, int) else value

    run_seconds, value = best(repeats, call)
    return {"compile": compile_seconds, "run": run_seconds, "result": str(value)}


def compile_all(repeats, paths):
    engine = wasmtime.Engine()
    blobs = []
    for p in paths:
        with open(p, "rb") as f:
            blobs.append(f.read())
    seconds, _ = best(repeats, lambda: [wasmtime.Module(engine, b) for b in blobs])
    return {"compile": seconds, "bytes": sum(len(b) for b in blobs)}


def main(argv):
    if len(argv) >= 5 and argv[1] == "run":
        out = run(argv[2], int(argv[3]), int(argv[4]))
    elif len(argv) >= 4 and argv[1] == "compile":
        out = compile_all(int(argv[2]), argv[3:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
