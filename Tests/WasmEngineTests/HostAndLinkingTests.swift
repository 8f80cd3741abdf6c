import Testing
import WasmEngine

struct HostFailure: Error {}

@Suite struct HostFunctionTests {
    @Test func hostFunctionReadsCallerMemoryAndCallsBackIntoWasm() throws {
        let engine = try interpreterEngine()
        let store = Store(engine, data: 40)
        let linker = Linker(engine)
        var seen: [UInt8] = []
        try linker.defineFunction(store, "env", "peek", type: FuncType(params: [.i32, .i32], results: [.i32])) { caller, args in
            guard case .memory(let mem)? = caller.export("memory"), case .i32(let p) = args[0], case .i32(let n) = args[1] else {
                throw HostFailure()
            }
            seen = try mem.read(at: Int(p), count: Int(n))
            // Re-enter wasm from the host.
            guard case .function(let double)? = caller.export("double") else { throw HostFailure() }
            let extra = (caller.store.data as? Int) ?? 0
            return try double.call([.i32(Int32(n) + Int32(extra))])
        }
        let module = try Module(engine, wat: """
        (module
          (import "env" "peek" (func $peek (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello")
          (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func (export "run") (result i32) (call $peek (i32.const 16) (i32.const 5))))
        """)
        let inst = try linker.instantiate(store, module)
        #expect(try call(inst, "run") == [.i32(90)])  // (5 + 40) * 2
        #expect(seen == Array("hello".utf8))
    }

    @Test func hostErrorsBecomeHostErrorTraps() throws {
        let engine = try interpreterEngine()
        let store = Store(engine)
        let fail = Func(store, type: FuncType()) { _, _ in throw HostFailure() }
        let module = try Module(engine, wat: """
        (module (import "m" "f" (func $f)) (func (export "run") (call $f)))
        """)
        let inst = try Instance(store, module: module, imports: [.function(fail)])
        #expect(trapKind { try call(inst, "run") } == .hostError)
        // A Trap thrown by the host keeps its kind.
        let trapping = Func(store, type: FuncType()) { _, _ in throw Trap(.unreachable) }
        let inst2 = try Instance(store, module: module, imports: [.function(trapping)])
        #expect(trapKind { try call(inst2, "run") } == .unreachable)
    }

    @Test func hostFunctionCalledDirectlyAndArgumentChecks() throws {
        let store = Store(try interpreterEngine())
        let add = Func(store, type: FuncType(params: [.i32, .i32], results: [.i32])) { _, args in
            guard case .i32(let a) = args[0], case .i32(let b) = args[1] else { throw HostFailure() }
            return [.i32(a &+ b)]
        }
        #expect(try add.call([.i32(2), .i32(3)]) == [.i32(5)])
        #expect(throws: EngineError.self) { try add.call([.i32(2)]) }
        #expect(throws: EngineError.self) { try add.call([.i32(2), .i64(3)]) }
        #expect(add.type == FuncType(params: [.i32, .i32], results: [.i32]))
    }
}

@Suite struct LinkingTests {
    @Test func unknownImport() throws {
        let engine = try interpreterEngine()
        let module = try Module(engine, wat: #"(module (import "env" "missing" (func)))"#)
        #expect { try Linker(engine).instantiate(Store(engine), module) } throws: { error in
            (error as? LinkError)?.message.contains("unknown import") == true
        }
    }

    @Test func incompatibleImportTypes() throws {
        let engine = try interpreterEngine()
        let store = Store(engine)
        let wrongSig = Func(store, type: FuncType(params: [.i64])) { _, _ in [] }
        let funcModule = try Module(engine, wat: #"(module (import "m" "f" (func (param i32))))"#)
        #expect { try Instance(store, module: funcModule, imports: [.function(wrongSig)]) } throws: { error in
            (error as? LinkError)?.message.contains("incompatible import type") == true
        }
        // Memory limits: an import wanting at least 2 pages rejects a 1-page memory.
        let memModule = try Module(engine, wat: #"(module (import "m" "mem" (memory 2)))"#)
        let small = try Memory(store, type: MemoryType(limits: Limits(min: 1)))
        #expect(throws: LinkError.self) { try Instance(store, module: memModule, imports: [.memory(small)]) }
        // A declared maximum requires the import to have a maximum no larger.
        let maxModule = try Module(engine, wat: #"(module (import "m" "mem" (memory 1 2)))"#)
        let unbounded = try Memory(store, type: MemoryType(limits: Limits(min: 1)))
        let bounded = try Memory(store, type: MemoryType(limits: Limits(min: 1, max: 2)))
        #expect(throws: LinkError.self) { try Instance(store, module: maxModule, imports: [.memory(unbounded)]) }
        _ = try Instance(store, module: maxModule, imports: [.memory(bounded)])
        // Kind mismatch.
        #expect(throws: LinkError.self) { try Instance(store, module: maxModule, imports: [.function(wrongSig)]) }
        // Global mutability must match.
        let globalModule = try Module(engine, wat: #"(module (import "m" "g" (global (mut i32))))"#)
        let constant = try Global(store, type: GlobalType(valueType: .i32, mutability: .constant), value: .i32(1))
        #expect(throws: LinkError.self) { try Instance(store, module: globalModule, imports: [.global(constant)]) }
    }

    @Test func instancesLinkThroughTheLinker() throws {
        let engine = try interpreterEngine()
        let store = Store(engine)
        let linker = Linker(engine)
        let a = try linker.instantiate(store, try Module(engine, wat: """
        (module (func (export "five") (result i32) (i32.const 5)) (global (export "g") (mut i32) (i32.const 9)))
        """))
        try linker.defineInstance("a", a)
        let b = try linker.instantiate(store, try Module(engine, wat: """
        (module (import "a" "five" (func $five (result i32))) (import "a" "g" (global $g (mut i32)))
          (func (export "run") (result i32) (global.set $g (i32.const 11)) (i32.add (call $five) (global.get $g))))
        """))
        #expect(try call(b, "run") == [.i32(16)])
        #expect(a.global("g")?.get() == .i32(11))  // the global is shared
        #expect(throws: LinkError.self) { try linker.defineInstance("a", a) }  // no shadowing by default
        linker.allowShadowing = true
        try linker.defineInstance("a", a)
    }

    @Test func failedInitializationKeepsEarlierWrites() throws {
        let engine = try interpreterEngine()
        let store = Store(engine)
        let mem = try Memory(store, type: MemoryType(limits: Limits(min: 1)))
        let module = try Module(engine, wat: """
        (module (import "m" "mem" (memory 1))
          (data (i32.const 0) "ab")
          (data (i32.const 65535) "cd"))
        """)
        #expect { try Instance(store, module: module, imports: [.memory(mem)]) } throws: { error in
            (error as? Trap)?.kind == .outOfBoundsMemoryAccess
        }
        #expect(try mem.read(at: 0, count: 2) == Array("ab".utf8))
    }

    @Test func startFunctionRunsAndItsTrapFailsInstantiation() throws {
        let engine = try interpreterEngine()
        let store = Store(engine)
        let ok = try Instance(store, module: try Module(engine, wat: """
        (module (global $g (export "g") (mut i32) (i32.const 0)) (func $s (global.set $g (i32.const 3))) (start $s))
        """), imports: [])
        #expect(ok.global("g")?.get() == .i32(3))
        let bad = try Module(engine, wat: "(module (func $s (unreachable)) (start $s))")
        #expect { try Instance(store, module: bad, imports: []) } throws: { ($0 as? Trap)?.kind == .unreachable }
    }

    @Test func decodeAndValidationErrorsPropagate() throws {
        let engine = try interpreterEngine()
        #expect(throws: DecodeError.self) { try Module(engine, bytes: [0, 0x61, 0x73]) }
        #expect(throws: ValidationError.self) { try Module(engine, wat: "(module (func (result i32)))") }
    }
}
