#!/usr/bin/env python3
"""Embedded wasmtime behind the differential oracle (WasmtimeDiffEngine in WasmOracle).

A persistent process speaking one JSON message per line on stdin/stdout. Requests:

  {"op": "instantiate", "wasm": BASE64, "imports": [IMPORT...], "order": [INDEX...], "epochDeadline": N|null}
      IMPORTS holds one host object per import name; ORDER gives, for each of the module's imports,
      the index of its object. A global IMPORT may carry its initial "value" (VALUE).
      IMPORT is {"module", "name", "kind": "func", "params": [T], "results": [T]}
             or {"module", "name", "kind": "memory", "min", "max"}
             or {"module", "name", "kind": "table", "element": "funcref"|"externref", "min", "max"}
             or {"module", "name", "kind": "global", "type": T, "mutable": bool}
      Every function import returns zeros of its result types and is logged; `host.tick` also
      increments the engine's epoch. Memories, tables and globals are made from their types.
  {"op": "call", "name": EXPORT, "args": [VALUE]}
  {"op": "snapshot"}
  {"op": "epoch"}       advances the epoch; handled at once, even while a call runs (no reply).

VALUE is {"t": "i32"|"i64"|"f32"|"f64", "v": unsigned bit pattern} or {"t": "funcref", "null": bool}
or {"t": "externref", "v": N|null}. Replies are OUTCOME objects:
  {"outcome": "returned", "values": [VALUE]} | {"outcome": "trapped", "trap": CLASS, "message": S}
  | {"outcome": "stackExhausted"} | {"outcome": "rejected", "message": S}
and, for snapshot, {"memories": {name: BASE64}, "globals": {name: VALUE}, "tables": {name: [VALUE]},
"hostCalls": [{"module", "name", "args": [VALUE]}]}.
"""
import base64
import json
import queue
import struct
import sys
import threading

import wasmtime
from wasmtime import TrapCode

TRAP_CLASSES = {
    TrapCode.UNREACHABLE: "unreachable",
    TrapCode.INTEGER_DIVISION_BY_ZERO: "integerDivideByZero",
    TrapCode.INTEGER_OVERFLOW: "integerOverflow",
    TrapCode.BAD_CONVERSION_TO_INTEGER: "invalidConversionToInteger",
    TrapCode.MEMORY_OUT_OF_BOUNDS: "outOfBoundsMemoryAccess",
    TrapCode.HEAP_MISALIGNED: "outOfBoundsMemoryAccess",
    TrapCode.TABLE_OUT_OF_BOUNDS: "tableBounds",
    TrapCode.INDIRECT_CALL_TO_NULL: "uninitializedElement",
    TrapCode.BAD_SIGNATURE: "indirectCallTypeMismatch",
    TrapCode.INTERRUPT: "interrupt",
    TrapCode.OUT_OF_FUEL: "outOfFuel",
}

# Wasm 2.0 without SIMD, like our engine: proposals past 2.0 are switched off (where the
# installed wasmtime knows the switch).
OFF = ["wasm_relaxed_simd", "wasm_simd", "wasm_tail_call", "wasm_gc", "wasm_function_references",
       "wasm_exceptions", "wasm_multi_memory", "wasm_memory64", "wasm_threads",
       "wasm_wide_arithmetic", "wasm_custom_page_sizes", "wasm_stack_switching"]


def make_engine(epochs):
    config = wasmtime.Config()
    for name in OFF:
        try:
            setattr(config, name, False)
        except Exception:
            pass
    config.epoch_interruption = epochs
    config.cranelift_nan_canonicalization = False
    return wasmtime.Engine(config)


ENGINES = {False: make_engine(False), True: make_engine(True)}


def valtype(name):
    return {
        "i32": wasmtime.ValType.i32(), "i64": wasmtime.ValType.i64(),
        "f32": wasmtime.ValType.f32(), "f64": wasmtime.ValType.f64(),
        "funcref": wasmtime.ValType.funcref(), "externref": wasmtime.ValType.externref(),
    }[name]


def zero(name):
    return {
        "i32": wasmtime.Val.i32(0), "i64": wasmtime.Val.i64(0),
        "f32": wasmtime.Val.f32(0.0), "f64": wasmtime.Val.f64(0.0),
        "funcref": wasmtime.Val.funcref(None), "externref": wasmtime.Val.externref(None),
    }[name]


def signed(v, bits):
    return v - (1 << bits) if v >= 1 << (bits - 1) else v


def to_val(value):
    t = value["t"]
    if t == "i32":
        return wasmtime.Val.i32(signed(value["v"], 32))
    if t == "i64":
        return wasmtime.Val.i64(signed(value["v"], 64))
    if t == "f32":
        return wasmtime.Val.f32(struct.unpack("<f", struct.pack("<I", value["v"]))[0])
    if t == "f64":
        return wasmtime.Val.f64(struct.unpack("<d", struct.pack("<Q", value["v"]))[0])
    if t == "funcref":
        return wasmtime.Val.funcref(None)
    return wasmtime.Val.externref(value.get("v"))


def from_py(x, t):
    """A Python value as wasmtime hands it out, with its wasm type name, as a VALUE."""
    if isinstance(x, wasmtime.Val):  # references read from tables and globals come wrapped
        x = x.value
    if t == "i32":
        return {"t": t, "v": x & 0xFFFFFFFF}
    if t == "i64":
        return {"t": t, "v": x & 0xFFFFFFFFFFFFFFFF}
    if t == "f32":
        return {"t": t, "v": struct.unpack("<I", struct.pack("<f", x))[0]}
    if t == "f64":
        return {"t": t, "v": struct.unpack("<Q", struct.pack("<d", x))[0]}
    if t == "funcref":
        return {"t": t, "null": x is None}
    return {"t": "externref", "v": x if isinstance(x, int) else None}


def type_name(valtype_obj):
    text = str(valtype_obj)
    return {"anyref": "externref"}.get(text, text)


def from_val(val):
    """A wasmtime.Val (or plain Python value from a typed call) as a VALUE."""
    if isinstance(val, wasmtime.Val):
        return from_py(val.value, type_name(val.type))
    raise TypeError("untyped value")


class Session:
    def __init__(self):
        self.store = None
        self.instance = None
        self.host_calls = []
        self.engine = ENGINES[False]

    def instantiate(self, msg):
        self.engine = ENGINES[msg.get("epochDeadline") is not None]
        self.store = wasmtime.Store(self.engine)
        self.host_calls = []
        self.instance = None
        if msg.get("epochDeadline") is not None:
            self.store.set_epoch_deadline(msg["epochDeadline"])
        try:
            module = wasmtime.Module(self.engine, base64.b64decode(msg["wasm"]))
        except Exception as e:
            return {"outcome": "rejected", "message": str(e)}
        objects = []
        for imp in msg["imports"]:
            try:
                objects.append(self.make_import(imp))
            except Exception as e:
                return {"outcome": "rejected", "message": "import %s.%s: %s" % (imp["module"], imp["name"], e)}
        # One object per import name; each of the module's imports names its object by index.
        order = msg.get("order", range(len(objects)))
        externs = [objects[i] for i in order]
        try:
            self.instance = wasmtime.Instance(self.store, module, externs)
        except Exception as e:
            return outcome_of(e)
        return {"outcome": "returned", "values": []}

    def make_import(self, imp):
        kind = imp["kind"]
        limits = lambda: wasmtime.Limits(imp["min"], imp.get("max"))
        if kind == "memory":
            return wasmtime.Memory(self.store, wasmtime.MemoryType(limits()))
        if kind == "table":
            element = imp["element"]
            init = None
            return wasmtime.Table(self.store, wasmtime.TableType(valtype(element), limits()), init)
        if kind == "global":
            ty = wasmtime.GlobalType(valtype(imp["type"]), imp["mutable"])
            initial = to_val(imp["value"]) if imp.get("value") else zero(imp["type"])
            return wasmtime.Global(self.store, ty, initial)
        params, results = imp["params"], imp["results"]
        ftype = wasmtime.FuncType([valtype(p) for p in params], [valtype(r) for r in results])
        module, name = imp["module"], imp["name"]
        is_tick = module == "host" and name == "tick"
        engine = self.engine

        def host(*args):
            self.host_calls.append({"module": module, "name": name,
                                    "args": [from_py(a, t) for a, t in zip(args, params)]})
            if is_tick:
                engine.increment_epoch()
            values = [zero(r) for r in results]
            if len(values) == 0:
                return None
            if len(values) == 1:
                return values[0]
            return values

        return wasmtime.Func(self.store, ftype, host)

    def call(self, msg):
        if self.instance is None:
            return {"outcome": "unsupported", "message": "not instantiated"}
        func = self.instance.exports(self.store).get(msg["name"])
        if not isinstance(func, wasmtime.Func):
            return {"outcome": "unsupported", "message": "no exported function " + msg["name"]}
        results = [type_name(r) for r in func.type(self.store).results]
        try:
            out = func(self.store, *[to_val(a) for a in msg["args"]])
        except Exception as e:
            return outcome_of(e)
        if len(results) == 0:
            values = []
        elif len(results) == 1:
            values = [out]
        else:
            values = list(out)
        return {"outcome": "returned", "values": [from_py(v, t) for v, t in zip(values, results)]}

    def snapshot(self, msg):
        state = {"memories": {}, "globals": {}, "tables": {}, "hostCalls": self.host_calls}
        if self.instance is None:
            return state
        exports = self.instance.exports(self.store)
        for name in exports:
            item = exports[name]
            if isinstance(item, wasmtime.Memory):
                size = item.data_len(self.store)
                state["memories"][name] = base64.b64encode(bytes(item.read(self.store, 0, size))).decode()
            elif isinstance(item, wasmtime.Global):
                t = type_name(item.type(self.store).content)
                state["globals"][name] = from_py(item.value(self.store), t)
            elif isinstance(item, wasmtime.Table):
                t = type_name(item.type(self.store).element)
                state["tables"][name] = [from_py(item.get(self.store, i), t) for i in range(item.size(self.store))]
        return state


def outcome_of(error):
    message = str(error).strip()
    if isinstance(error, wasmtime.Trap):
        code = error.trap_code
        if code == TrapCode.STACK_OVERFLOW:
            return {"outcome": "stackExhausted"}
        return {"outcome": "trapped", "trap": TRAP_CLASSES.get(code, "other"), "message": message}
    if "call stack exhausted" in message:
        return {"outcome": "stackExhausted"}
    if isinstance(error, wasmtime.WasmtimeError):
        # Start-function traps and link errors both arrive here; only wording tells them apart.
        for needle, cls in [("wasm trap: wasm `unreachable`", "unreachable"),
                            ("integer divide by zero", "integerDivideByZero"),
                            ("integer overflow", "integerOverflow"),
                            ("invalid conversion to integer", "invalidConversionToInteger"),
                            ("out of bounds memory access", "outOfBoundsMemoryAccess"),
                            ("undefined element", "tableBounds"),
                            ("out of bounds table access", "tableBounds"),
                            ("uninitialized element", "uninitializedElement"),
                            ("indirect call type mismatch", "indirectCallTypeMismatch"),
                            ("interrupt", "interrupt")]:
            if needle in message:
                return {"outcome": "trapped", "trap": cls, "message": message}
    return {"outcome": "rejected", "message": message}


def main():
    requests = queue.Queue()

    def reader():
        # Epoch ticks are handled here at once so they reach a call that is running.
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            msg = json.loads(line)
            if msg.get("op") == "epoch":
                for engine in ENGINES.values():
                    engine.increment_epoch()
            else:
                requests.put(msg)
        requests.put(None)

    threading.Thread(target=reader, daemon=True).start()
    session = Session()
    while True:
        msg = requests.get()
        if msg is None:
            return
        op = msg.get("op")
        try:
            if op == "instantiate":
                reply = session.instantiate(msg)
            elif op == "call":
                reply = session.call(msg)
            elif op == "snapshot":
                reply = session.snapshot(msg)
            elif op == "ping":
                reply = {"outcome": "returned", "values": [], "version": getattr(wasmtime, "__version__", "")}
            else:
                reply = {"outcome": "unsupported", "message": "unknown op %r" % op}
        except Exception as e:  # the runner itself must keep going
            reply = {"outcome": "unsupported", "message": "runner error: %s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
