import Testing
import WasmEngine

@Suite struct TrapTests {
    let inst: Instance

    init() throws {
        (_, inst) = try instantiate("""
        (module
          (type $i (func (result i32)))
          (type $v (func))
          (memory 1)
          (table 4 funcref)
          (elem (i32.const 0) $seven)
          (func $seven (type $i) (i32.const 7))
          (func (export "unreachable") (unreachable))
          (func (export "div0") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
          (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
          (func (export "badconv") (result i32) (i32.trunc_f32_s (f32.const nan)))
          (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
          (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
          (func (export "table.get") (param i32) (result funcref) (table.get 0 (local.get 0)))
          (func (export "call_indirect") (param i32) (result i32) (call_indirect (type $i) (local.get 0)))
          (func (export "call_indirect_v") (param i32) (call_indirect (type $v) (local.get 0)))
          (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
          (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
          (func (export "nested") (result i32) (call $inner (i32.const 0)))
        )
        """)
    }

    @Test func everyExecutionTrapKind() throws {
        #expect(trapKind { try call(inst, "unreachable") } == .unreachable)
        #expect(trapKind { try call(inst, "div0") } == .integerDivideByZero)
        #expect(trapKind { try call(inst, "overflow") } == .integerOverflow)
        #expect(trapKind { try call(inst, "badconv") } == .invalidConversionToInteger)
        #expect(trapKind { try call(inst, "table.get", [.i32(4)]) } == .outOfBoundsTableAccess)
        #expect(trapKind { try call(inst, "call_indirect", [.i32(4)]) } == .undefinedElement)
        #expect(trapKind { try call(inst, "call_indirect", [.i32(1)]) } == .uninitializedElement)
        #expect(trapKind { try call(inst, "call_indirect_v", [.i32(0)]) } == .indirectCallTypeMismatch)
        #expect(try call(inst, "call_indirect", [.i32(0)]) == [.i32(7)])
    }

    @Test func memoryBoundsUseTheFullEffectiveAddress() throws {
        // One page = 65536 bytes: the last valid i32 load with offset 4 is at address 65528.
        #expect(try call(inst, "load", [.i32(65528)]) == [.i32(0)])
        #expect(trapKind { try call(inst, "load", [.i32(65529)]) } == .outOfBoundsMemoryAccess)
        // 0xFFFFFFFF + 4 must not wrap around to a small address.
        #expect(trapKind { try call(inst, "load", [.i32(-1)]) } == .outOfBoundsMemoryAccess)
        #expect(try call(inst, "load64", [.i32(65528)]) == [.i64(0)])
        #expect(trapKind { try call(inst, "load64", [.i32(65529)]) } == .outOfBoundsMemoryAccess)
        // Bulk: zero length at the end is fine, one past traps.
        #expect(try call(inst, "fill", [.i32(65536), .i32(0)]) == [])
        #expect(trapKind { try call(inst, "fill", [.i32(65537), .i32(0)]) } == .outOfBoundsMemoryAccess)
        #expect(trapKind { try call(inst, "fill", [.i32(65000), .i32(1000)]) } == .outOfBoundsMemoryAccess)
    }

    @Test func trapMessagesAndBacktrace() throws {
        do {
            _ = try call(inst, "nested")
            Issue.record("expected a trap")
        } catch let t as Trap {
            #expect(t.message == "integer divide by zero")
            // Innermost first: $inner (function 11, the twelfth) then "nested" (function 12).
            #expect(t.backtrace.map(\.functionIndex) == [11, 12])
            #expect(t.backtrace.allSatisfy { $0.moduleOffset != nil })
            if let inner = t.backtrace.first?.moduleOffset, let outer = t.backtrace.last?.moduleOffset {
                #expect(inner < outer)  // $inner's body comes first in the code section
            }
        }
    }

    @Test func storeStaysUsableAfterATrap() throws {
        #expect(trapKind { try call(inst, "unreachable") } == .unreachable)
        #expect(try call(inst, "call_indirect", [.i32(0)]) == [.i32(7)])
    }
}

@Suite struct StackTests {
    static let wat = """
    (module
      (func $depth (export "depth") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
      (func $forever (export "forever") (call $forever)))
    """

    @Test func millionDeepRecursionTrapsWithDefaultStack() throws {
        let (_, inst) = try instantiate(Self.wat)
        #expect(trapKind { try call(inst, "depth", [.i32(1_000_000)]) } == .callStackExhausted)
        #expect(trapKind { try call(inst, "forever") } == .callStackExhausted)
        // The store is still usable, and moderate depth works.
        #expect(try call(inst, "depth", [.i32(1000)]) == [.i32(1000)])
    }

    @Test func millionDeepRecursionFitsABigStack() throws {
        var config = Config()
        config.strategy = .interpreter
        config.maxWasmStack = 256 << 20
        let (_, inst) = try instantiate(Self.wat, engine: try Engine(config))
        #expect(try call(inst, "depth", [.i32(1_000_000)]) == [.i32(1_000_000)])
    }

    @Test func smallStackLimitIsHonoured() throws {
        var config = Config()
        config.strategy = .interpreter
        config.maxWasmStack = 4096
        let (_, inst) = try instantiate(Self.wat, engine: try Engine(config))
        #expect(try call(inst, "depth", [.i32(10)]) == [.i32(10)])
        #expect(trapKind { try call(inst, "depth", [.i32(1000)]) } == .callStackExhausted)
    }
}
