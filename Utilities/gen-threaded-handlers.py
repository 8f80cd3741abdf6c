#!/usr/bin/env python3
"""Generates Sources/WasmInterpreter/ThreadedHandlers.swift from the execution loop's `switch`.

The interpreter runs most ops through threaded handlers (see ThreadedCode.swift): one function
per op that ends by calling the next op's handler in tail position, so each op has its own
indirect branch. The handlers are derived from the `case` bodies of the `switch op` in
`Machine.run` (Machine.swift), so the semantics are written once:

- only bodies that touch nothing but frame slots (`fp`), memory 0 (`mem`), globals (`globals`),
  branch targets (`pc = code + ...`) and free functions of values (`evalBinary`...) become
  handlers; bodies that call, return, use the store, the instance or tables stay in the
  `switch` only (their ops leave the threaded code: the handler table maps them to nil);
- `throw trap(K, pc)` becomes `return trapped(K, pc, fp, cx)` (the trap is raised by the loop);
- `pc = code + X` becomes a tail call of the target's handler; the body then falls through to a
  tail call of the next op's handler;
- memory 0's base comes in as an argument and its size from the context (`mem.pointee` becomes
  a `MemoryContext` of them); a body reaches memory 0's bytes only through the checked accesses
  of CheckedMemoryAccess.swift, in the one idiom `guard [let v =] checkedLoad(..., in: mem.pointee)` (or
  `checkedStore`, `checkedPointer`) `else { throw trap(.outOfBoundsMemoryAccess, pc) }` (checked
  by `memory_accesses_checked`), so the switch and its handler share the bounds check;
- the accumulator (ThreadedCode.swift): a body ending in its only slot write `fp[Int(d)] = e`
  passes `e` on (`accumulatorResult` names `d`); every other handler passes on the accumulator
  it got (`keepsAccumulator` lists those that write no slot at all); each operand slot a body reads (`fp[Int(x)]`) gets a variant `t_op_x` reading the
  accumulator instead (`accumulatorHandler`); every branch target a body sets (`pc = code +
  Int(t)`) is listed by `branchTarget` (a `case` setting `pc` another way stops the script);
- operands: the payloads of `enum Op` (Op.swift) that fit four 32-bit words are copied into
  `ThreadedOp.operands` (`operands(of:)`), and handlers of such ops read them from there instead
  of matching the enum case; others keep a `switch` on `op`.

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
            "wrap", "return", "memset", "memmove", "bytes", "table", "for",
            "switchInstance", "enter", "call"]


# The one way a case reaches memory 0's bytes (CheckedMemoryAccess.swift): a checked access
# whose failure traps at the op itself.
CHECKED_ACCESS = re.compile(r"^guard (?:let \w+ = )?(?:checkedLoad|checkedStore|checkedPointer)\(.*, in: mem\.pointee\) "
                            r"else \{ throw trap\(\.outOfBoundsMemoryAccess, pc\) \}$")


def memory_accesses_checked(header, body):
    """Stops the script when a case reaches memory 0 other than through a checked access in
    its idiom (or as a whole `MemoryContext` handed to a helper, or its `size`)."""
    for line in body:
        line = line.strip()
        if re.search(r"(?<![.\w])(checkedLoad|checkedStore|checkedPointer)\(", line):
            assert CHECKED_ACCESS.match(line), f"`case {header}`: a checked access must be `guard ... else {{ throw trap(.outOfBoundsMemoryAccess, pc) }}`: {line}"
        assert not re.search(r"=\s*mem\.pointee\s*$|\bm\.base\b", line), \
            f"`case {header}`: reach memory 0 through CheckedMemoryAccess.swift, not its base: {line}"


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


# A slot read: `fp[Int(x)]`, or `fp.selectArm(Int(x))` (a read kept out of conditional moves).
READ = r"(?:fp\[Int\((\w+)\)\](?! = )|fp\.selectArm\(Int\((\w+)\)\))"
WRITE = re.compile(r"^fp\[Int\((\w+)\)\] = (.*)$")
BRANCH = re.compile(r"pc = code \+ Int\((\w+)\)")
# A trap of a literal kind or of one a helper returned (`var t: TrapKind?` ... `throw trap(t, pc)`).
TRAP = r"throw trap\((\.[A-Za-z]+|[a-z]\w*), pc\)"


def op_cases():
    """{case name: [payload type]} of `enum Op` (Op.swift)."""
    text = (ROOT / "Op.swift").read_text()
    body = text[text.index("enum Op {"):]
    body = body[:body.index("\n}\n")]
    result = {}
    for line in body.split("\n"):
        line = line.strip()
        if not line.startswith("case "):
            continue
        for item in split_patterns(line[len("case "):]):
            m = re.match(r"(\w+)(?:\((.*)\))?$", item)
            assert m, f"unparsed Op case: {item}"
            params = split_patterns(m.group(2)) if m.group(2) else []
            result[m.group(1)] = [q.split(":")[-1].strip() for q in params]
    return result


# Operand types ThreadedOp carries in its four 32-bit words (`operands`), by the number of
# half-words they take (a `Slot16` takes the low or high half of a word; other values start a new
# word); ops with other types or more words are read from `op` with a `switch`.
HALVES = {"Slot": 2, "UInt32": 2, "PC": 2, "Int32": 2, "UInt64": 4, "Slot16": 1}


def layout(types):
    """The first half-word of each payload value, or None when the payload does not fit the words."""
    if any(t not in HALVES for t in types):
        return None
    starts, half = [], 0
    for t in types:
        if HALVES[t] > 1 and half % 2:
            half += 1
        starts.append(half)
        half += HALVES[t]
    return starts if half <= 8 else None


def decode(t, start):
    w = lambda k: f"at.pointee.operands.{k}"
    if t == "Slot16":
        return f"{w(start // 2)} >> 16" if start % 2 else f"{w(start // 2)} & 0xFFFF"
    start //= 2
    if t == "UInt64":
        return f"UInt64({w(start)}) | UInt64({w(start + 1)}) << 32"
    if t in ("PC", "Int32"):
        return f"{t}(bitPattern: {w(start)})"
    return w(start)


def encode(t, v):
    if t == "Slot16":
        return [f"UInt32({v})"]
    if t == "UInt64":
        return [f"UInt32(truncatingIfNeeded: {v})", f"UInt32(truncatingIfNeeded: {v} >> 32)"]
    if t in ("PC", "Int32"):
        return [f"UInt32(bitPattern: {v})"]
    return [v]


def bound_names(pattern):
    """`.a(let x, _, let y)` -> ['x', None, 'y']."""
    m = re.match(r"\.\w+(?:\((.*)\))?$", pattern)
    if not m or not m.group(1):
        return []
    return [re.sub(r"^let ", "", a) if a.startswith("let ") else None for a in split_patterns(m.group(1))]


def field_access(header, ops):
    """[(name, decode expression)] of the header's bound values when all its cases have the
    same payload types and they fit the operand words; else None."""
    patterns = split_patterns(header)
    names = [re.match(r"\.(\w+)", p).group(1) for p in patterns]
    types = [ops.get(n) for n in names]
    if any(t is None or t != types[0] for t in types):
        return None
    starts = layout(types[0])
    bound = bound_names(patterns[0])
    if starts is None or any(bound_names(p) != bound for p in patterns) or len(bound) != len(types[0]):
        return None
    return [(v, decode(t, k)) for v, t, k in zip(bound, types[0], starts) if v is not None]


def operands_table(ops):
    rows = []
    for name, types in ops.items():
        if not types or layout(types) is None:
            continue
        vs = [f"v{k}" for k in range(len(types))]
        words = []
        for t, v, start in zip(types, vs, layout(types)):
            if t == "Slot16" and start % 2:
                words[-1] += f" | UInt32({v}) << 16"
            else:
                words += encode(t, v)
        words += ["0"] * (4 - len(words))
        rows.append(f"        case .{name}({', '.join('let ' + v for v in vs)}): return ({', '.join(words)})")
    return rows


def translate(body, acc_var=None, float_var=None, float_result=False, both=False, returning=False):
    """The handler body: traps and branches rewritten; with `acc_var`, reads of that operand's
    slot come from the accumulator, with `float_var` from the float accumulator; a final
    `fp[Int(d)] = e` also hands `e` on as the new accumulator (`float_result`: as the new float
    accumulator, computed in the float domain when `e` is `w(x)` of a float `x`; `returning`:
    to the return point of the `ret` after the op, which the handler runs too: see
    ThreadedReturnFusion.swift)."""
    out = []
    for line in body:
        line = re.sub(TRAP, r"return trapped(\1, pc, fp, cx)", line)
        line = re.sub(r"pc = code \+ (Int\([a-z]+\))", r"return next(cx.pointee.code + \1, fp, cx, acc, mb, fa)", line)
        # imem2: `code + Int(t) == pc - 1` asks whether a branch targets its own op (a self loop).
        line = re.sub(r"(?<![.\w])code \+ (Int\(\w+\)) == pc - 1", r"cx.pointee.code + \1 == pc - 1", line)
        line = re.sub(r"\bmem\.pointee\b", "MemoryContext(base: mb, size: cx.pointee.memorySize)", line)
        line = re.sub(r"\bglobals\[", "cx.pointee.globals[", line)
        for var, value in ((acc_var, "acc"), (float_var, "fa.bitPattern")):
            if var is not None:
                line = re.sub(r"fp\[Int\(" + var + r"\)\](?! = )|fp\.selectArm\(Int\(" + var + r"\)\)", value, line)
        out.append(line)
    m = WRITE.match(out[-1]) if produced_slot(body) else None
    if m and float_result:
        e = m.group(2)
        value = f"fw({e[2:-1]})" if e.startswith("w(") and balanced(e[2:-1]) and e.endswith(")") else f"Double(bitPattern: {e})"
        # "both": the result goes to the accumulator too (ThreadedFloatAccumulator.swift).
        int = "result.bitPattern" if float_result == "both" else "acc"
        out[-1:] = [f"let result = {value}", f"fp[Int({m.group(1)})] = result.bitPattern", f"return next(pc, fp, cx, {int}, mb, result)"]
    elif m:
        fa = "Double(bitPattern: result)" if both else "fa"
        tail = (f"return returnThreaded(OpaquePointer(pc), fp, OpaquePointer(cx), result, mb, {fa})" if returning
                else f"return next(pc, fp, cx, result, mb, {fa})")
        out[-1:] = [f"let result: UInt64 = {m.group(2)}", f"fp[Int({m.group(1)})] = result", tail]
    elif not out[-1].startswith("return "):
        out.append("return next(pc, fp, cx, acc, mb, fa)")
    # icalls8: a body marked `// threaded: hands on X` passes `X` on as the accumulator on
    # every way out (ThreadedOp.stepTeeResult tells the flow which slot that is).
    hand = next((m.group(1) for l in body for m in [re.search(r"// threaded: hands on (\w+)", l)] if m), None)
    if hand:
        out = [l.replace("fp, cx, acc, mb", f"fp, cx, {hand}, mb") if "return next(" in l else l for l in out]
    return out


def balanced(e):
    """Whether the parentheses of `e` balance without closing below depth 0."""
    depth = 0
    for ch in e:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def float_result(name, body):
    """Whether op `name`'s handler hands its result on as the float accumulator: a float
    operator (named `f32...`/`f64...`, not a comparison) that produces a value."""
    return bool(re.match(r"f(32|64)[A-Z]", name)) and not re.search(r"(Eq|Ne|Lt|Gt|Le|Ge)$", name) \
        and produced_slot(body) is not None


def reads_floats(name):
    """Whether op `name` may read a float operand (it gets float-accumulator variants): a float
    operator, a conversion or reinterpretation of a float, a store (float stores are lowered to
    the integer stores of their width), a copy or a select."""
    return bool(re.search(r"[fF](32|64)", name)) or name in FLOAT_READERS


def may_be_float(name, body, v):
    """Whether operand `v` of op `name` may be a float: not a memory address (read as a 32-bit
    integer) nor the integer source of a conversion."""
    if re.search(r"truncatingIfNeeded: fp\[Int\(" + v + r"\)\]", body):
        return False
    return not re.search(r"ConvertI|ReinterpretI", name)


# Untyped producers: they hand their value on in both accumulators (a float local set from a
# constant or a copy before a loop then is where the loop's back edge leaves it).
BOTH_RESULTS = {"copy", "const32", "const64", "select"}

FLOAT_READERS = {"copy", "select", "i32Store", "i64Store", "i32StoreAdd", "i64StoreAdd", "store"}


def produced_slot(body):
    """The operand naming the slot the body writes last, when that is its only slot write and
    it falls through: the op then produces the accumulator."""
    m = WRITE.match(body[-1])
    writes = [l for l in body if re.search(r"\bfp\[[^\]]*\] = ", l)]
    if m and len(writes) == 1 and not any(BRANCH.search(l) for l in body):
        return m.group(1)
    return None


def read_slots(body):
    """Operands whose slots the body reads (in order of first use), but not those it reads
    again after writing a slot (the read may see the new value, not the accumulator)."""
    seen, late, written = [], set(), False
    for line in body:
        for v in (a or b for a, b in re.findall(READ, line)):
            if v not in seen:
                seen.append(v)
            if written:
                late.add(v)
        if re.search(r"\bfp\[[^\]]*\] = ", line):
            written = True
    return [v for v in seen if v not in late]


def binding_only(header, keep):
    """The case header with every bound name but `keep` replaced by `_`."""
    return re.sub(r"\blet (\w+)", lambda m: m.group(0) if m.group(1) in keep else "_", header)


def handler_text(fn, header, body, fields, acc_var=None, float_var=None, float_result=False, returning=False):
    """A handler; `fields`: its operands as read from the operand words (None: from `op`)."""
    base = re.match(r"t_([A-Za-z0-9]+)", fn).group(1)
    translated = translate(body, acc_var, float_var, float_result, base in BOTH_RESULTS, returning)
    lines = [f"@inline(__always)",
             f"func {fn}(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,",
             f"    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {{",
             f"    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)",
             f"    let pc = at + 1"]
    if not any(re.search(r"\bpc\b", l) for l in translated):
        lines.pop()
    if fields is not None:
        used = [(v, e) for v, e in fields if any(re.search(r"\b" + v + r"\b", l) for l in translated)]
        lines += [f"    let {v} = {e}" for v, e in used]
        lines += ["    " + l for l in translated]
        lines.append("}")
        return "\n".join(lines)
    lines += [f"    switch at.pointee.op {{",
              f"    case {header}:"]
    unused = [v for v in (acc_var, float_var) if v is not None and not any(re.search(r"\b" + v + r"\b", l) for l in translated)]
    if unused:
        lines[-1] = "    case " + re.sub(r"\blet (" + "|".join(unused) + r")\b", "_", header) + ":"
    lines += ["        " + l for l in translated]
    lines += ["    default:",
              "        return leave(at, fp, cx)",
              "    }",
              "}"]
    return "\n".join(lines)


def main():
    machine = (ROOT / "Machine.swift").read_text()
    ops = op_cases()
    handlers, table, acc_table, result_table, target_table, keeps_table = [], [], [], [], [], []
    float_acc_table, mixed_table, float_result_table, both_table = [], [], [], []
    both_handler_table, both_acc_table, both_float_table, both_mixed_table = [], [], [], []
    # icalls: producers' variants that also run the `ret` after them (ThreadedReturnFusion.swift).
    ret_table = []
    for header, body in cases(machine):
        joined = "\n".join(body)
        # Every way the switch sets `pc` must be known here: branch targets are where the
        # accumulator is not valid (see `ThreadedOp.thread`).
        targets = BRANCH.findall(joined)
        if targets:
            target_table.append(f"        case {binding_only(header, targets)}: return {targets[0]}")
        for m in re.finditer(r"\bpc = (.*)", joined):
            known = BRANCH.match(m.group(0)) or re.match(r"(\.brTable|\.ret|\.call)", header)
            assert known, f"unknown way of setting pc in `case {header}`: teach gen-threaded-handlers.py its targets"
        if excluded(joined):
            continue
        memory_accesses_checked(header, body)
        if re.search(r"\bpc\b", re.sub(TRAP + r"|pc = code \+|code \+ Int\(\w+\) == pc - 1", "", joined)):
            continue
        patterns = split_patterns(header)
        names = [re.match(r"\.([A-Za-z0-9]+)", p).group(1) for p in patterns]
        fn = "t_" + names[0]
        fields = field_access(header, ops)
        floats = float_result(names[0], body)
        handlers.append(handler_text(fn, header, body, fields, float_result=floats))
        cases_list = ', '.join('.' + n for n in names)
        table.append(f"        case {cases_list}: return {fn}")
        if floats:
            handlers.append(handler_text(fn + "B", header, body, fields, float_result="both"))
            both_handler_table.append(f"        case {cases_list}: return {fn}B")
        produced = produced_slot(body)
        if produced:
            # A `Slot16` destination (iloops: packed fused ops) widens to `Slot`.
            types = dict(zip(bound_names(patterns[0]), ops.get(names[0], [])))
            value = f"Slot({produced})" if types.get(produced) == "Slot16" else produced
            if floats:
                float_result_table.append(f"        case {binding_only(header, [produced])}: return {value}")
            else:
                result_table.append(f"        case {binding_only(header, [produced])}: return {value}")
                if names[0] in BOTH_RESULTS:
                    both_table.append(f"        case {cases_list}: return true")
        elif not re.search(r"\bfp\[[^\]]*\] = ", joined):
            keeps_table.append(f"        case {cases_list}: return true")
        # icalls: returning variants, not for ops read from `op` with a `switch` (the generic
        # `unary` / `binary`: theirs do not compile to tail calls); not for float producers, whose result goes to the float accumulator.
        if produced and fields is not None and not floats:
            reads = read_slots(body)
            handlers.append(handler_text(f"{fn}_ret", header, body, fields, returning=True))
            checks = [f"            if slot == ThreadedOp.noAccumulator {{ return {fn}_ret }}"]
            for v in reads:
                handlers.append(handler_text(f"{fn}_{v}_ret", header, body, fields, v, returning=True))
                checks.append(f"            if {v} == slot {{ return {fn}_{v}_ret }}")
            ret_table.append(f"        case {binding_only(header, reads)}:\n" + "\n".join(checks) + "\n            return nil")
        reads = read_slots(body)
        if reads:
            checks = []
            for v in reads:
                handlers.append(handler_text(f"{fn}_{v}", header, body, fields, v, float_result=floats))
                checks.append(f"            if {v} == slot {{ return {fn}_{v} }}")
            acc_table.append(f"        case {binding_only(header, reads)}:\n" + "\n".join(checks) + "\n            return nil")
            if floats:
                for v in reads:
                    handlers.append(handler_text(f"{fn}_{v}B", header, body, fields, v, float_result="both"))
                both_acc_table.append(f"        case {binding_only(header, reads)}:\n" + "\n".join(checks).replace(" }", "B }") + "\n            return nil")
            if reads_floats(names[0]):
                checks = []
                freads = [v for v in reads if may_be_float(names[0], joined, v)]
                for v in freads:
                    handlers.append(handler_text(f"{fn}_{v}F", header, body, fields, float_var=v, float_result=floats))
                    if floats:
                        handlers.append(handler_text(f"{fn}_{v}FB", header, body, fields, float_var=v, float_result="both"))
                    checks.append(f"            if {v} == slot {{ return {fn}_{v}F }}")
                float_acc_table.append(f"        case {binding_only(header, freads)}:\n" + "\n".join(checks) + "\n            return nil")
                if floats:
                    both_float_table.append(f"        case {binding_only(header, freads)}:\n" + "\n".join(checks).replace("F }", "FB }") + "\n            return nil")
                checks = []
                # Both accumulators read: ops of up to three operands (more make many variants).
                for v in reads if len(reads) <= 3 else []:
                    for u in freads:
                        if u == v:
                            continue
                        handlers.append(handler_text(f"{fn}_{v}_{u}F", header, body, fields, v, u, floats))
                        if floats:
                            handlers.append(handler_text(f"{fn}_{v}_{u}FB", header, body, fields, v, u, "both"))
                        checks.append(f"            if {v} == slot && {u} == floatSlot && slot != floatSlot {{ return {fn}_{v}_{u}F }}")
                if checks:
                    mixed_table.append(f"        case {binding_only(header, reads)}:\n" + "\n".join(checks) + "\n            return nil")
                    if floats:
                        both_mixed_table.append(f"        case {binding_only(header, reads)}:\n" + "\n".join(checks).replace("F }", "FB }") + "\n            return nil")
    nl = chr(10)
    text = f"""// GENERATED by Utilities/gen-threaded-handlers.py from the `switch` of `Machine.run`: do not edit.
// One threaded handler per op whose case only touches slots, memory 0, globals and branch
// targets, plus one variant per slot operand that reads the accumulator instead of the slot
// (see ThreadedCode.swift for the protocol).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmRuntime

extension ThreadedOp {{
    /// The operand words of `op` (`ThreadedOp.operands`): its payload values in order, a 64-bit
    /// one in two words (low first); zeros for ops whose handlers read `op` itself.
    static func operands(of op: Op) -> (UInt32, UInt32, UInt32, UInt32) {{
        switch op {{
{nl.join(operands_table(ops))}
        default: return (0, 0, 0, 0)
        }}
    }}

    /// The handler of `op`, or nil for ops only the execution loop's `switch` runs.
    static func handler(for op: Op) -> ThreadedHandler? {{
        switch op {{
{nl.join(table)}
        default: return nil
        }}
    }}

    /// The variant of `op`'s handler that reads operand slot `slot` from the accumulator, if any.
    static func accumulatorHandler(for op: Op, reading slot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(acc_table)}
        default: return nil
        }}
    }}

    /// The variant of `op`'s handler that reads operand slot `slot` from the float accumulator, if any.
    static func floatAccumulatorHandler(for op: Op, reading slot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(float_acc_table)}
        default: return nil
        }}
    }}

    /// The variant of `op`'s handler that reads operand slot `slot` from the accumulator and
    /// another operand slot `floatSlot` from the float accumulator, if any.
    static func mixedAccumulatorHandler(for op: Op, reading slot: Slot, floatSlot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(mixed_table)}
        default: return nil
        }}
    }}

    /// The variant of `op`'s handler (reading slot `slot` from the accumulator, or none when
    /// `slot` is `noAccumulator`) that then runs the `ret` after it, if any.
    static func returningHandler(for op: Op, reading slot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(ret_table)}
        default: return nil
        }}
    }}

    /// The slot whose new value `op`'s handler passes on as the accumulator, if any.
    static func accumulatorResult(of op: Op) -> Slot? {{
        switch op {{
{nl.join(result_table)}
        default: return nil
        }}
    }}

    /// For a float operator (`floatAccumulatorResult`): the handler and its accumulator
    /// variants that also hand the result on in the accumulator.
    static func handlerHandingBoth(for op: Op) -> ThreadedHandler? {{
        switch op {{
{nl.join(both_handler_table)}
        default: return nil
        }}
    }}

    static func accumulatorHandlerHandingBoth(for op: Op, reading slot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(both_acc_table)}
        default: return nil
        }}
    }}

    static func floatAccumulatorHandlerHandingBoth(for op: Op, reading slot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(both_float_table)}
        default: return nil
        }}
    }}

    static func mixedAccumulatorHandlerHandingBoth(for op: Op, reading slot: Slot, floatSlot: Slot) -> ThreadedHandler? {{
        switch op {{
{nl.join(both_mixed_table)}
        default: return nil
        }}
    }}

    /// Whether `op`'s handler passes its result (`accumulatorResult`) on in the float
    /// accumulator too.
    static func handsResultToBoth(_ op: Op) -> Bool {{
        switch op {{
{nl.join(both_table)}
        default: return false
        }}
    }}

    /// The slot whose new value `op`'s handler passes on as the float accumulator, if any
    /// (such a handler passes on the accumulator it got).
    static func floatAccumulatorResult(of op: Op) -> Slot? {{
        switch op {{
{nl.join(float_result_table)}
        default: return nil
        }}
    }}

    /// Whether `op`'s handler writes no slot and passes on the accumulator it got unchanged.
    static func keepsAccumulator(_ op: Op) -> Bool {{
        switch op {{
{nl.join(keeps_table)}
        default: return false
        }}
    }}

    /// The branch target of `op` (besides falling through), if any (`br_table` targets are in
    /// the function's table).
    static func branchTarget(of op: Op) -> PC? {{
        switch op {{
{nl.join(target_table)}
        default: return nil
        }}
    }}
}}

{nl.join(nl + h for h in handlers).lstrip()}
"""
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            print("ThreadedHandlers.swift is stale: run Utilities/gen-threaded-handlers.py")
            sys.exit(1)
        return
    OUT.write_text(text)
    print(f"{len(handlers)} handlers, {len(table)} table rows, {len(result_table)} producers, "
          f"{len(float_result_table)} float producers, {len(target_table)} branches")


main()
