#!/usr/bin/env python3
"""Regenerates the two `Op` switches of precompiled interpreter code from
Sources/WasmInterpreter/Op.swift (run it after changing `Op`; `--check` exits 1 when stale):

- `Op.serialFields` in LoweredCodeVerifier.swift: each case's tag (its position) and its operands
  classified as `OpField`s (what the verifier checks and the writer writes);
- `ArtifactReader.op()` in LoweredCodeSerialization.swift: the reverse;
- `Interpreter.artifactSchema`: a hash of the case list, part of the artifact settings, so
  artifacts written with another `Op` layout are rejected as incompatible.

Classification: `Slot` operands are slots (`Slot16`, a slot packed in 16 bits, too) (a `base` operand spans the count in SLOT_SPANS), `PC`
operands branch targets, `UInt64` immediates, enum payloads by type. Every `UInt32` operand must
be classified in INDICES or IMMEDIATES: an unknown one stops the script, so no index can slip
through the verifier as an unchecked immediate.
"""
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "Sources" / "WasmInterpreter"

# (case, label) -> OpField kind, for UInt32 operands that index something.
INDICES = {
    ("brTable", "start"): "tableStart", ("brTable", "count"): "tableCount",
    ("callDefined", "function"): "definedFunction", ("callAny", "function"): "function",
    ("refFunc", "function"): "function", ("callIndirect", "typeIndex"): "type",
    ("callIndirect", "table"): "table", ("globalGet", "index"): "global", ("globalSet", "index"): "global",
    ("memoryInit", "data"): "data", ("dataDrop", "_0"): "data", ("elemDrop", "_0"): "element",
    ("tableInit", "element"): "element", ("tableInit", "table"): "table",
    ("tableCopy", "dst"): "table", ("tableCopy", "src"): "table",
    ("tableGet", "table"): "table", ("tableSet", "table"): "table", ("tableSize", "table"): "table",
    ("tableGrow", "table"): "table", ("tableFill", "table"): "table",
}
# UInt32 operands that are plain values: by (case, label), or by label for any case.
IMMEDIATES = {("fuel", "_0"), ("const32", "_1"), ("i32MulImmAddImm", "factor"), ("i64MulImmAddImm", "factor"), ("i32MulImmAdd", "factor"),
              # calls/memory/arith
              ("brAddImmI32NeImm", "limit"), ("brAddImmI32LtSImm", "limit"), ("brAddImmI32LtUImm", "limit"),
              # ifloats
              ("i32ShlImmAddImm", "shift"),
              # imem
              ("i32LoadScaled", "shift"), ("i32ShlImmAddImmCopy", "shift"),
              # iloops
              ("selectAndImmI64ShrURhs", "shift"), ("selectAndImmI32ShrURhs", "shift"),
              ("selectAndImmI64ShrULhs", "shift"), ("selectAndImmI32ShrULhs", "shift"),
              ("brI64NeImmStep", "step"), ("brI32NeImmStep", "step"),
              # icalls8-r2
              ("brI32GtUImmStepTee", "cmp"), ("brI32GtSImmStepTee", "cmp")}
IMMEDIATE_LABELS = {"offset", "imm"}
# Multi-slot operands: (case, label) -> number of consecutive slots.
SLOT_SPANS = {
    ("memoryFill", "base"): 3, ("memoryCopy", "base"): 3, ("memoryInit", "base"): 3,
    ("tableSet", "base"): 2, ("tableGrow", "base"): 2, ("tableFill", "base"): 3,
    ("tableCopy", "base"): 3, ("tableInit", "base"): 3,
}
ENUMS = {"TrapKind": "trapKind", "NumericOp": "numeric", "LoadOp": "load", "StoreOp": "store"}
READERS = {"slot": "u32", "slot16": "slot16", "argBase": "u32", "pc": "i32", "imm64": "varint", "trapKind": "trapKind",
           "numeric": "numericOp", "load": "loadOp", "store": "storeOp"}


def split_top(text):
    """Splits at commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def cases():
    """Each case of `enum Op` as (name, [(label, type)]), in declaration order."""
    src = (ROOT / "Op.swift").read_text()
    body = src[src.index("enum Op {"):]
    body = body[:body.index("\n}\n")]
    for line in re.findall(r"^\s*case (.*?)\s*(?://.*)?$", body, re.M):
        for decl in split_top(line):
            m = re.fullmatch(r"(\w+)(?:\((.*)\))?", decl)
            if not m:
                sys.exit(f"cannot parse case declaration {decl!r}")
            name, args = m.group(1), m.group(2)
            params = []
            for i, a in enumerate(split_top(args) if args else []):
                label, ty = ([x.strip() for x in a.split(":")] if ":" in a else (f"_{i}", a))
                params.append((label, ty))
            yield name, params


def classify(name, label, ty):
    if ty == "Slot":
        if (name, label) in SLOT_SPANS:
            return f"slots{SLOT_SPANS[(name, label)]}"
        if label == "base":
            sys.exit(f"classify the slot span of {name}({label}:) in SLOT_SPANS")
        return "argBase" if label == "argBase" else "slot"
    if ty == "Slot16":
        return "slot16"
    if ty == "PC":
        return "pc"
    if ty == "UInt64":
        return "imm64"
    if ty in ENUMS:
        return ENUMS[ty]
    if ty == "UInt32":
        if (name, label) in INDICES:
            return INDICES[(name, label)]
        if (name, label) in IMMEDIATES or label in IMMEDIATE_LABELS:
            return "imm32"
        sys.exit(f"classify the UInt32 operand {name}({label}:) in INDICES or IMMEDIATES of {__file__}")
    sys.exit(f"unknown operand type {ty} in {name}")


def generate():
    fields, readers = [], []
    all_cases = list(cases())
    schema = hashlib.sha256(repr(all_cases).encode()).hexdigest()[:16]
    for tag, (name, params) in enumerate(all_cases):
        kinds = [classify(name, label, ty) for label, ty in params]
        names = [f"v{i}" for i in range(len(params))]
        pattern = f".{name}" + (f"({', '.join('let ' + v for v in names)})" if params else "")
        items = [f".slots({v}, count: {k[5:]})" if k.startswith("slots") else f".slot(Slot({v}))" if k == "slot16"
                 else f".{k}({v})" for k, v in zip(kinds, names)]
        if re.search(r"load|store|memory", name, re.I):
            items.append(".memory")
        fields.append(f"        case {pattern}: return ({tag}, [{', '.join(items)}])")
        args = [("" if label.startswith("_") else label + ": ") + f"try r.{READERS.get(k, 'u32')}()"
                for (label, _), k in zip(params, kinds)]
        readers.append(f"        case {tag}: return .{name}" + (f"({', '.join(args)})" if args else ""))
    return "\n".join(fields), "\n".join(readers), schema


def replace_region(path, text, check, indent="        "):
    begin = indent + "// BEGIN GENERATED by ci/gen_op_serialization.py\n"
    end = indent + "// END GENERATED\n"
    src = path.read_text()
    a, b = src.index(begin) + len(begin), src.index(end)
    new = src[:a] + text + "\n" + src[b:]
    if new == src:
        return False
    if not check:
        path.write_text(new)
    return True


if __name__ == "__main__":
    check = "--check" in sys.argv
    fields, readers, schema = generate()
    stale = replace_region(ROOT / "LoweredCodeVerifier.swift", fields, check)
    stale |= replace_region(ROOT / "LoweredCodeSerialization.swift", readers, check)
    stale |= replace_region(ROOT / "LoweredCodeSerialization.swift", "    /// Identifies the `Op` layout (a hash of its cases); part of the artifact settings.\n"
                            f'    public static let artifactSchema = "{schema}"', check, "    ")
    if check and stale:
        sys.exit("the Op switches are stale: run ci/gen_op_serialization.py")
