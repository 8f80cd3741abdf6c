import WasmEngine

/// An engine running the JIT backend, with optional epoch/fuel settings.
func jitEngine(epoch: Bool = false, fuel: Bool = false, maxWasmStack: Int? = nil) throws -> Engine {
    var c = Config()
    c.strategy = .jit
    c.epochInterruption = epoch
    c.consumeFuel = fuel
    if let s = maxWasmStack { c.maxWasmStack = s }
    return try Engine(c)
}

/// The same settings on the interpreter (the reference backend).
func interpreterEngine(epoch: Bool = false, fuel: Bool = false) throws -> Engine {
    var c = Config()
    c.strategy = .interpreter
    c.epochInterruption = epoch
    c.consumeFuel = fuel
    return try Engine(c)
}

/// Instantiates `wat` (no imports) in a fresh store of `engine` (the JIT by default).
func jitInstance(_ wat: String, engine: Engine? = nil) throws -> (Store, Instance) {
    let e = try engine ?? jitEngine()
    let store = Store(e)
    let module = try Module(e, wat: wat)
    return (store, try Instance(store, module: module, imports: []))
}

/// Calls export `name` of `instance`.
func invoke(_ instance: Instance, _ name: String, _ args: [Value] = []) throws -> [Value] {
    guard let f = instance.function(name) else { throw EngineError("no export \(name)") }
    return try f.call(args)
}

/// The trap thrown by `body`, nil if it did not trap.
func trapOf(_ body: () throws -> Any) -> Trap? {
    do { _ = try body() } catch let t as Trap { return t } catch { return nil }
    return nil
}

/// What one call did on one backend: results or trap (kind, backtrace), plus the state after it.
struct Outcome: Equatable {
    var results: [Value]?
    var trap: TrapKind?
    var backtrace: [FrameInfo] = []
    var memory: [UInt8] = []
    var globals: [Value] = []
    var fuel: UInt64?
}

/// Instantiates `wat` on `engine`, optionally sets `fuel`, calls `name` and records the outcome
/// with the contents of export "mem" and the values of exports "g0", "g1", ... (if present).
func outcome(_ wat: String, engine: Engine, _ name: String, _ args: [Value] = [], fuel: UInt64? = nil) throws -> Outcome {
    let store = Store(engine)
    let module = try Module(engine, wat: wat)
    let inst = try Instance(store, module: module, imports: [])
    if let f = fuel { try store.setFuel(f) }
    var o = Outcome()
    do {
        o.results = try invoke(inst, name, args)
    } catch let t as Trap {
        o.trap = t.kind
        o.backtrace = t.backtrace
    }
    if let m = inst.memory("mem") { o.memory = try m.read(at: 0, count: m.byteCount) }
    var k = 0
    while let g = inst.global("g\(k)") {
        o.globals.append(g.get())
        k += 1
    }
    if fuel != nil { o.fuel = try store.getFuel() }
    return o
}

/// The outcome on the JIT and on the interpreter (the reference), with the same settings.
func bothBackends(_ wat: String, _ name: String, _ args: [Value] = [], fuel: UInt64? = nil) throws -> (jit: Outcome, reference: Outcome) {
    let consume = fuel != nil
    return (try outcome(wat, engine: try jitEngine(fuel: consume), name, args, fuel: fuel),
            try outcome(wat, engine: try interpreterEngine(fuel: consume), name, args, fuel: fuel))
}
