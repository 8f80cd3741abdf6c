#!/usr/bin/env bash
# Compiles the benchmark C programs to wasm with the Swift toolchain's clang (--target=wasm32).
# The .wasm files are committed, so the benchmark runs without clang.
set -euo pipefail
cd "$(dirname "$0")/programs"
for c in *.c; do
    clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run \
        -o "${c%.c}.wasm" "$c"
    echo "built ${c%.c}.wasm ($(wc -c < "${c%.c}.wasm") bytes)"
done
