import Testing
import WasmEngine

@Suite struct EngineConfigTests {
    @Test func configValidation() throws {
        var jit = Config()
        jit.strategy = .jit
        #if arch(x86_64)
        #expect(try Engine(jit).isInterpreter == false)
        #else
        #expect(throws: EngineError.self) { try Engine(jit) }
        #endif
        var async = Config()
        async.asyncSupport = true
        // Async calls run on fibers, implemented for x86-64 only.
        #if arch(x86_64)
        #expect(try Engine(async).isAsync)
        #else
        #expect(throws: EngineError.self) { try Engine(async) }
        #endif
        var zero = Config()
        zero.maxWasmStack = 0
        #expect(throws: EngineError.self) { try Engine(zero) }
        let e = try Engine()
        // `.auto` (the default) picks the JIT on x86-64, the interpreter elsewhere.
        #if arch(x86_64)
        #expect(!e.isInterpreter)
        #else
        #expect(e.isInterpreter)
        #endif
        var interpreter = Config()
        interpreter.strategy = .interpreter
        #expect(try Engine(interpreter).isInterpreter)
        #expect(!e.isAsync)
    }

    /// `Strategy.available` lists exactly the concrete strategies an engine can be made with.
    @Test func availableStrategiesAreTheOnesThatWork() {
        for strategy in Strategy.allCases where strategy != .auto {
            var config = Config()
            config.strategy = strategy
            let works = (try? Engine(config)) != nil
            #expect(Strategy.available.contains(strategy) == works, "\(strategy)")
        }
        #expect(Strategy.available.contains(.interpreter))
        #expect(!Strategy.available.contains(.auto))
    }

    @Test func handlesAndWeakReferences() throws {
        let a = try Engine()
        let b = a
        #expect(Engine.same(a, b))
        #expect(!Engine.same(a, try Engine()))
        #expect(Engine.same(Engine.default, Engine.default))
        let weak = a.weak()
        #expect(weak.upgrade().map { Engine.same($0, a) } == true)
        a.tlsEagerInitialize()
        try a.unloadProcessHandlers()
        #expect(a.currentEpoch == 0)
        a.incrementEpoch()
        #expect(b.currentEpoch == 1)
    }
}

@Suite struct ObjectAPITests {
    @Test func memoryGrowReadWrite() throws {
        let store = Store(try interpreterEngine())
        let mem = try Memory(store, type: MemoryType(limits: Limits(min: 1, max: 3)))
        #expect(mem.pageCount == 1)
        #expect(mem.byteCount == 65536)
        try mem.write([1, 2, 3], at: 65533)
        #expect(try mem.read(at: 65533, count: 3) == [1, 2, 3])
        #expect(throws: EngineError.self) { try mem.write([1], at: 65536) }
        #expect(try mem.grow(by: 2) == 1)
        #expect(mem.pageCount == 3)
        #expect(try mem.read(at: 65536 * 3 - 1, count: 1) == [0])  // new pages are zeroed
        #expect(try mem.read(at: 65533, count: 3) == [1, 2, 3])  // old contents survive
        #expect(throws: EngineError.self) { try mem.grow(by: 1) }  // over the maximum
    }

    @Test func memoryGrowFromWasmIsVisibleToTheHost() throws {
        let (_, inst) = try instantiate("""
        (module (memory (export "m") 0 2)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
        """)
        #expect(try call(inst, "grow", [.i32(1)]) == [.i32(0)])
        #expect(try call(inst, "grow", [.i32(2)]) == [.i32(-1)])  // would exceed max 2
        _ = try call(inst, "store", [.i32(100), .i32(0x0403_0201)])
        #expect(try inst.memory("m")?.read(at: 100, count: 4) == [1, 2, 3, 4])  // little-endian
    }

    @Test func funcrefsRoundTripThroughTablesAndGlobals() throws {
        let (store, inst) = try instantiate("""
        (module
          (table (export "t") 2 funcref)
          (global (export "g") (mut funcref) (ref.null func))
          (func $f (export "f") (result i32) (i32.const 42))
          (elem declare func $f)
          (func (export "call0") (result i32) (call_indirect (result i32) (i32.const 0)))
          (func (export "get_ref") (result funcref) (ref.func $f)))
        """)
        let f = try #require(inst.function("f"))
        let table = try #require(inst.table("t"))
        try table.set(0, .funcref(f))
        #expect(table.get(0) == .funcref(f))
        #expect(table.get(1) == .funcref(nil))
        #expect(table.get(2) == nil)
        #expect(try call(inst, "call0") == [.i32(42)])
        #expect(try call(inst, "get_ref") == [.funcref(f)])
        let g = try #require(inst.global("g"))
        try g.set(.funcref(f))
        guard case .funcref(let back?) = g.get() else { Issue.record("expected a function"); return }
        #expect(try back.call([]) == [.i32(42)])
        // A host function stored in a table is callable from wasm.
        let host = Func(store, type: FuncType(results: [.i32])) { _, _ in [.i32(7)] }
        try table.set(0, .funcref(host))
        #expect(try call(inst, "call0") == [.i32(7)])
        #expect(try table.grow(by: 3, initial: .funcref(nil)) == 2)
        #expect(table.size == 5)
        #expect(throws: EngineError.self) { try table.set(0, .externref(1)) }
    }

    @Test func externrefsRoundTripEveryValue() throws {
        let (_, inst) = try instantiate("""
        (module
          (table (export "t") 1 externref)
          (func (export "id") (param externref) (result externref) (local.get 0))
          (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
          (func (export "put") (param externref) (table.set 0 (i32.const 0) (local.get 0)))
          (func (export "get") (result externref) (table.get 0 (i32.const 0))))
        """)
        for v: ExternRef in [0, 1, 42, UInt64.max, UInt64.max - 1] {
            #expect(try call(inst, "id", [.externref(v)]) == [.externref(v)])
            #expect(try call(inst, "is_null", [.externref(v)]) == [.i32(0)])
            _ = try call(inst, "put", [.externref(v)])
            #expect(try call(inst, "get") == [.externref(v)])
            #expect(inst.table("t")?.get(0) == .externref(v))
        }
        #expect(try call(inst, "id", [.externref(nil)]) == [.externref(nil)])
        #expect(try call(inst, "is_null", [.externref(nil)]) == [.i32(1)])
    }

    @Test func globals() throws {
        let store = Store(try interpreterEngine())
        let g = try Global(store, type: GlobalType(valueType: .f64, mutability: .variable), value: .float64(1.5))
        #expect(g.get() == .float64(1.5))
        try g.set(.f64(0x7FF0_0000_0000_0001))  // a signaling NaN payload is kept
        #expect(g.get() == .f64(0x7FF0_0000_0000_0001))
        #expect(throws: EngineError.self) { try g.set(.i32(1)) }
        let c = try Global(store, type: GlobalType(valueType: .i32, mutability: .constant), value: .i32(3))
        #expect(throws: EngineError.self) { try c.set(.i32(4)) }
        #expect(throws: EngineError.self) { try Global(store, type: GlobalType(valueType: .i32, mutability: .constant), value: .i64(3)) }
    }
}
