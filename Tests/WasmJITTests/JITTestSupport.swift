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
