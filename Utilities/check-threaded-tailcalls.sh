#!/bin/bash
# Checks that every threaded handler of the interpreter (ThreadedHandlers.swift, `t_*`) ends in
# a jump to the next handler in a release binary: a handler that calls the next one instead
# would grow the native stack by one frame per executed op. Both the C entry points (`...To`,
# what the code array holds) and any Swift bodies they still jump to are checked (a direct
# jump to another function counts: identical handlers are folded into one). Usage:
#   Utilities/check-threaded-tailcalls.sh .build/release/wasm
# Exits 1 and names the handlers with an indirect `call` or without a jump (but `t_leave` and
# `t_trap`, which always stop the run), and the handlers that set up a frame pointer although
# they call nothing (WasmInterpreter is built with `-momit-leaf-frame-pointer`: see Package.swift).
set -euo pipefail
bin=${1:?usage: $0 RELEASE_BINARY}
objdump -d --no-show-raw-insn "$bin" | awk '
  /^[0-9a-f]+ <\$s15WasmInterpreter[0-9]+t_/ { name = $2; n++; calls[name] = 0; anyCalls[name] = 0; jumps[name] = 0; next }
  /^[0-9a-f]+ </ { name = ""; next }
  name != "" && /call +\*/ { calls[name]++ }
  name != "" && /call / { anyCalls[name]++ }
  name != "" && /mov +%rsp,%rbp/ { framePointer[name] = 1 }
  name != "" && /jmp +\*/ { jumps[name]++ }
  # A direct jump into another function: the linker folded identical handler code.
  name != "" && /jmp +[0-9a-f]+ </ {
    target = $NF; sub(/\+0x[0-9a-f]+>$/, ">", target)
    if (target ":" != name) jumps[name]++
  }
  END {
    bad = 0
    for (h in calls) if (calls[h] > 0 || (jumps[h] == 0 && h !~ /[0-9]t_(leave|trap)ys/)) { print "not a tail call: " h; bad++ }
    for (h in framePointer) if (anyCalls[h] == 0) { print "frame pointer in a leaf handler: " h; bad++ }
    printf "%d handlers checked, %d bad\n", n, bad
    exit bad > 0
  }'
