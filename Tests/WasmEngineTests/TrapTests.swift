import Testing
import WasmEngine

/// Every trap kind, bounds at the exact edge, messages and backtraces, on each backend. Expected
/// kinds and edges come from the spec's rules (effective address = operand + offset, no wrap).
@Suite struct TrapTests {
    static let wat = """
    (module
      (type $i (func (result i32)))
      (type $v (func))
      (memory (export "mem") 1)
      (table 4 funcref)
      (elem (i32.const 0) $seven)
      (func $seven (type $i) (i32.const 7))
      (func (export "unreachable") (unreachable))
      (func (export "div0") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
      (func (export "badconv32") (result i32) (i32.trunc_f32_s (f32.const nan)))
      (func (export "badconv64") (result i32) (i32.trunc_f64_u (f64.const nan)))
      (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
      (func (export "load64") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
      (func (export "store8") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
      (func (export "table.get") (param i32) (result funcref) (table.get 0 (local.get 0)))
      (func (export "table.set") (param i32) (table.set 0 (local.get 0) (ref.null func)))
      (func (export "call_indirect") (param i32) (result i32) (call_indirect (type $i) (local.get 0)))
      (func (export "call_indirect_v") (param i32) (call_indirect (type $v) (local.get 0)))
      (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
      (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
      (func $inner (param i32) (result i32) (i32.rem_u (i32.const 1) (local.get 0)))
      (func $middle (param i32) (result i32) (i32.add (i32.const 1) (call $inner (local.get 0))))
      (func (export "nested") (param i32) (result i32) (call $middle (local.get 0))))
    """

    func instance(_ b: Strategy) throws -> Instance { try instantiate(Self.wat, engine: engine(b)).1 }

    @Test(arguments: testedBackends) func everyExecutionTrapKind(_ b: Strategy) throws {
        let inst = try instance(b)
        #expect(trapKind { try call(inst, "unreachable") } == .unreachable)
        #expect(trapKind { try call(inst, "div0", [.i32(0)]) } == .integerDivideByZero)
        #expect(try call(inst, "div0", [.i32(-1)]) == [.i32(-1)])
        #expect(trapKind { try call(inst, "overflow") } == .integerOverflow)
        #expect(trapKind { try call(inst, "badconv32") } == .invalidConversionToInteger)
        #expect(trapKind { try call(inst, "badconv64") } == .invalidConversionToInteger)
        #expect(trapKind { try call(inst, "table.get", [.i32(4)]) } == .outOfBoundsTableAccess)
        #expect(trapKind { try call(inst, "table.set", [.i32(4)]) } == .outOfBoundsTableAccess)
        #expect(trapKind { try call(inst, "call_indirect", [.i32(4)]) } == .undefinedElement)
        #expect(trapKind { try call(inst, "call_indirect", [.i32(1)]) } == .uninitializedElement)
        #expect(trapKind { try call(inst, "call_indirect_v", [.i32(0)]) } == .indirectCallTypeMismatch)
        #expect(try call(inst, "call_indirect", [.i32(0)]) == [.i32(7)])
    }

    @Test(arguments: testedBackends) func memoryBoundsUseTheFullEffectiveAddress(_ b: Strategy) throws {
        let inst = try instance(b)
        // One page = 65536 bytes: the last valid i32 load with offset 4 is at address 65528.
        #expect(try call(inst, "load", [.i32(65528)]) == [.i32(0)])
        #expect(trapKind { try call(inst, "load", [.i32(65529)]) } == .outOfBoundsMemoryAccess)
        // 0xFFFFFFFF + 4 must not wrap around to a small address.
        #expect(trapKind { try call(inst, "load", [.i32(-1)]) } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "load64", [.i32(65520)]) == [.i64(0)])
        #expect(trapKind { try call(inst, "load64", [.i32(65521)]) } == .outOfBoundsMemoryAccess)
        #expect(trapKind { try call(inst, "load64", [.i32(-8)]) } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "store8", [.i32(65535)]) == [])
        #expect(trapKind { try call(inst, "store8", [.i32(65536)]) } == .outOfBoundsMemoryAccess)
        // Bulk: zero length at the end is fine, one past traps, a partial overlap traps.
        #expect(try call(inst, "fill", [.i32(65536), .i32(0)]) == [])
        #expect(trapKind { try call(inst, "fill", [.i32(65537), .i32(0)]) } == .outOfBoundsMemoryAccess)
        #expect(trapKind { try call(inst, "fill", [.i32(65000), .i32(1000)]) } == .outOfBoundsMemoryAccess)
        #expect(trapKind { try call(inst, "copy", [.i32(0), .i32(65000), .i32(1000)]) } == .outOfBoundsMemoryAccess)
    }

    @Test(arguments: testedBackends) func trapMessagesAndBacktrace(_ b: Strategy) throws {
        let inst = try instance(b)
        #expect(trapOf { try call(inst, "call_indirect", [.i32(2)]) }?.message == "uninitialized element 2")
        let t = try #require(trapOf { try call(inst, "nested", [.i32(0)]) })
        #expect(t.message == "integer divide by zero")
        // Innermost first: $inner (function 15), $middle (16), "nested" (17).
        #expect(t.backtrace.map(\.functionIndex) == [15, 16, 17])
        let offsets = t.backtrace.compactMap(\.moduleOffset)
        #expect(offsets.count == 3)
        #expect(offsets == offsets.sorted())  // the bodies come in that order in the code section
    }

    @Test func backtracesAgreeAcrossBackends() throws {
        let traces = try testedBackends.map { b in
            try #require(trapOf { try call(try instance(b), "nested", [.i32(0)]) }).backtrace
        }
        #expect(Set(traces).count == 1)
    }

    @Test(arguments: testedBackends) func storeStaysUsableAfterTraps(_ b: Strategy) throws {
        let inst = try instance(b)
        for _ in 0..<3 { #expect(trapKind { try call(inst, "unreachable") } == .unreachable) }
        #expect(try call(inst, "call_indirect", [.i32(0)]) == [.i32(7)])
    }
}

/// Stack exhaustion: deep recursion is a "call stack exhausted" trap, never a crash, and the
/// limit follows `Config.maxWasmStack`.
@Suite struct StackTests {
    static let wat = """
    (module
      (func $depth (export "depth") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
      (func $forever (export "forever") (call $forever))
      (func $big (export "big") (param i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
        (if (local.get 0) (then (call $big (i32.sub (local.get 0) (i32.const 1)))))))
    """

    @Test(arguments: testedBackends) func unboundedRecursionTrapsWithTheDefaultStack(_ b: Strategy) throws {
        let (_, inst) = try instantiate(Self.wat, engine: engine(b))
        let forever = trapOf { try call(inst, "forever") }
        #expect(forever?.kind == .callStackExhausted)
        #expect(forever?.backtrace.first?.functionIndex == 1)
        #expect(trapKind { try call(inst, "depth", [.i32(10_000_000)]) } == .callStackExhausted)
        #expect(trapKind { try call(inst, "big", [.i32(-1)]) } == .callStackExhausted)
        // The store is still usable, and moderate depth works.
        #expect(try call(inst, "depth", [.i32(1000)]) == [.i32(1000)])
    }

    @Test(arguments: testedBackends) func millionDeepRecursionFitsABigStack(_ b: Strategy) throws {
        let (_, inst) = try instantiate(Self.wat, engine: engine(b) { $0.maxWasmStack = 256 << 20 })
        #expect(try call(inst, "depth", [.i32(1_000_000)]) == [.i32(1_000_000)])
    }

    @Test(arguments: testedBackends) func smallStackLimitIsHonoured(_ b: Strategy) throws {
        let (_, inst) = try instantiate(Self.wat, engine: engine(b) { $0.maxWasmStack = 4096 })
        #expect(try call(inst, "depth", [.i32(10)]) == [.i32(10)])
        #expect(trapKind { try call(inst, "depth", [.i32(1000)]) } == .callStackExhausted)
    }
}
