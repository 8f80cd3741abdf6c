#!/usr/bin/env python3
"""Generates Sources/WasmInterpreter/ThreadedHandlers.swift from the execution loop's `switch`.

The interpreter runs most ops through threaded handlers (see ThreadedCode.swift): one function
per op that ends by calling the next op's handler in tail position, so each op has its own
indirect branch. The handlers are derived from the `case` bodies of the `switch op` in
`Machine.run` (Machine.swift), so the semantics are written once:

- only bodies that touch nothing but frame slots (`fp`), memory 0 (`mem`), globals (`globals`)
  and branch targets (`pc = code + ...`) become handlers; bodies that call, return, use the
  store, the instance, tables or helpers with `inout` traps stay in the `switch` only (their ops
  leave the threaded code: the handler table maps them to nil);
- `throw trap(K, pc)` becomes `return trapped(K, pc, cx)` (the trap is raised by the loop);
- `pc = code + X` becomes a tail call of the target's handler; the body then falls through to a
  tail call of the next op's handler.

    python3 Utilities/gen-threaded-handlers.py            # rewrite the file
    python3 Utilities/gen-threaded-handlers.py --check    # exit 1 when it is stale
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "Sources" / "WasmInterpreter"
OUT = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else ROOT / "ThreadedHandlers.swift"

# A body mentioning any of these stays in the switch.
# (Words not preceded by a dot: `UInt32.self` and `MemoryAccess.store` are fine.)
EXCLUDED = ["self", "try", "frameCount", "frames", "store", "inst", "stack", "functions", "fn",
            "wrap", "return", "evalUnary", "evalBinary", "memset", "memmove", "bytes", "table", "for",
            "switchInstance", "enter", "call"]


def excluded(body):
    return any(re.search(r"(?<![.\w])" + tok + r"\b", body) for tok in EXCLUDED)


def cases(machine):
    """(patterns, body lines) of each case of the `switch op` in `run()`."""
    text = machine[machine.index("            switch op {"):]
    lines = text.split("\n")[1:]
    result = []
    current = None
    for line in lines:
        if line.startswith("            case ."):
            header = line.strip()[len("case "):]
            # Multi-line headers do not occur in Machine.swift.
            assert header.endswith(":"), line
            current = (header[:-1], [])
            result.append(current)
        elif line.startswith("                ") and current is not None:
            current[1].append(line[16:])
        elif line.startswith("            }") or line.startswith("        }"):
            break
        elif line.strip() == "" or line.strip().startswith("//"):
            continue
        else:
            current = None
    return result


def split_patterns(header):
    """`.a(let x), .b(let y)` -> ['.a(let x)', '.b(let y)']."""
    out, depth, cur = [], 0, ""
    for ch in header:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def translate(body):
    out = []
    for line in body:
        line = re.sub(r"throw trap\((\.[A-Za-z]+), pc\)", r"return trapped(\1, pc, fp, cx)", line)
        line = re.sub(r"pc = code \+ (Int\([a-z]+\))", r"return next(cx.pointee.code + \1, fp, cx)", line)
        line = re.sub(r"\bmem\.pointee\b", "cx.pointee.mem.pointee", line)
        line = re.sub(r"\bglobals\[", "cx.pointee.globals[", line)
        out.append(line)
    return out


def main():
    machine = (ROOT / "Machine.swift").read_text()
    handlers, table = [], []
    for header, body in cases(machine):
        joined = "\n".join(body)
        if excluded(joined):
            continue
        if re.search(r"\bpc\b", re.sub(r"throw trap\(\.[A-Za-z]+, pc\)|pc = code \+", "", joined)):
            continue
        patterns = split_patterns(header)
        names = [re.match(r"\.([A-Za-z0-9]+)", p).group(1) for p in patterns]
        fn = "t_" + names[0]
        lines = [f"@inline(never)",
                 f"func {fn}(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer) -> OpaquePointer {{",
                 f"    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)",
                 f"    let pc = at + 1",
                 f"    switch at.pointee.op {{",
                 f"    case {header}:"]
        translated = translate(body)
        lines += ["        " + l for l in translated]
        if not translated[-1].startswith("return "):
            lines.append("        return next(pc, fp, cx)")
        lines += [
                  "    default:",
                  "        return leave(at, fp, cx)",
                  "    }",
                  "}"]
        handlers.append("\n".join(lines))
        table.append(f"        case {', '.join('.' + n for n in names)}: return {fn}")
    text = f"""// GENERATED by Utilities/gen-threaded-handlers.py from the `switch` of `Machine.run`: do not edit.
// One threaded handler per op whose case only touches slots, memory 0, globals and branch
// targets (see ThreadedCode.swift for the protocol).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmRuntime

extension ThreadedOp {{
    /// The handler of `op`, or nil for ops only the execution loop's `switch` runs.
    static func handler(for op: Op) -> ThreadedHandler? {{
        switch op {{
{chr(10).join(table)}
        default: return nil
        }}
    }}
}}

{chr(10).join(chr(10) + h for h in handlers).lstrip()}
"""
    # Unused `let pc` in handlers that neither trap nor branch is harmless, but keep the file
    # warning-free: drop it where the body never mentions `pc` except in the final dispatch.
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            print("ThreadedHandlers.swift is stale: run Utilities/gen-threaded-handlers.py")
            sys.exit(1)
        return
    OUT.write_text(text)
    print(f"{len(handlers)} handlers, {len(table)} table rows")


main()
