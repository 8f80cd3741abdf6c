import Testing
@testable import WasmEngine
@testable import WasmInterpreter

/// A call hands its first argument to the callee in the accumulator (ThreadedCallArgument.swift):
/// callees whose first op reads their first parameter, entered by direct calls whose argument
/// the op before computed (handed on as is) or copied (loaded), by the second of two arguments
/// computed last, by `call_indirect`, from the host, with a loop at the entry whose back edge
/// changes the parameter, and without parameters. Expected values come from Swift arithmetic.
@Suite struct CallArgumentAccumulatorTests {
    static let wat = """
    (module
      (type $t (func (param i32) (result i32)))
      (table 2 funcref)
      (elem (i32.const 0) $inc $half)
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $half (param i32) (result i32)
        (if (i32.lt_s (local.get 0) (i32.const 2)) (then (return (local.get 0))))
        (i32.shr_s (local.get 0) (i32.const 1)))
      (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
      ;; A loop at the entry: its back edge writes the parameter.
      (func $countdown (param i32) (result i32)
        (local i32)
        (loop
          (local.set 1 (i32.add (local.get 1) (i32.const 3)))
          (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 1))
      (func $seven (result i32) (i32.const 7))
      (func (export "computed") (param i32) (result i32) (call $half (i32.add (local.get 0) (i32.const 9))))
      (func (export "copied") (param i32 i32) (result i32)
        (i32.add (call $half (local.get 1)) (call $inc (local.get 0))))
      (func (export "second") (param i32 i32) (result i32) (call $sub (local.get 0) (i32.add (local.get 1) (i32.const 5))))
      (func (export "indirect") (param i32 i32) (result i32)
        (call_indirect (type $t) (i32.mul (local.get 0) (i32.const 3)) (local.get 1)))
      (func (export "countdown") (param i32) (result i32) (call $countdown (i32.add (local.get 0) (i32.const 1))))
      (func (export "seven") (param i32) (result i32) (i32.add (call $seven) (i32.mul (local.get 0) (i32.const 2))))
      (func (export "half") (param i32) (result i32) (call $half (local.get 0)))
    )
    """

    static func half(_ x: Int32) -> Int32 { x < 2 ? x : x >> 1 }

    @Test func calleesReadTheirFirstArgumentLikeSwift() throws {
        let (_, inst) = try instantiate(CallArgumentAccumulatorTests.wat)
        let values: [Int32] = [0, 1, 2, 3, -1, -9, -10, 100, Int32.max, Int32.min, Int32.max - 8]
        for x in values {
            let h = CallArgumentAccumulatorTests.half
            #expect(try call(inst, "computed", [.i32(x)]) == [.i32(h(x &+ 9))], "computed \(x)")
            #expect(try call(inst, "half", [.i32(x)]) == [.i32(h(x))], "half \(x)")
            #expect(try call(inst, "seven", [.i32(x)]) == [.i32(7 &+ x &* 2)], "seven \(x)")
            for y in values {
                #expect(try call(inst, "copied", [.i32(x), .i32(y)]) == [.i32(h(y) &+ (x &+ 1))], "copied \(x) \(y)")
                #expect(try call(inst, "second", [.i32(x), .i32(y)]) == [.i32(x &- (y &+ 5))], "second \(x) \(y)")
            }
            for i: Int32 in [0, 1] {
                let a = x &* 3
                #expect(try call(inst, "indirect", [.i32(x), .i32(i)]) == [.i32(i == 0 ? a &+ 1 : h(a))], "indirect \(x) \(i)")
            }
        }
        #expect(trapKind { try call(inst, "indirect", [.i32(1), .i32(2)]) } == .undefinedElement)
        // `countdown(n)`: 3 per iteration, n iterations for n >= 1 (the argument is x + 1).
        for x: Int32 in [0, 1, 2, 9, 499] {
            #expect(try call(inst, "countdown", [.i32(x)]) == [.i32(3 &* (x &+ 1))], "countdown \(x)")
        }
    }

    /// A call whose argument the op before computed hands the accumulator on; one whose last
    /// computed argument is not the first does not.
    @Test func computedArgumentsAreHandedOn() throws {
        let module = try Module(try interpreterEngine(), wat: CallArgumentAccumulatorTests.wat)
        let functions = unsafeDowncast(module.box.compiled, to: CompiledModule.self).functions
        let handing = unsafeBitCast(t_callDefinedCodeAccumulator as ThreadedHandler, to: UnsafeRawPointer.self)
        func handsOn(_ f: Int) -> [Bool] {
            let c = functions[f]
            return (0..<c.codeCount).compactMap { k in
                guard case .callDefined = c.op(k) else { return nil }
                return unsafeBitCast(c.code[k].handler, to: UnsafeRawPointer.self) == handing
            }
        }
        #expect(handsOn(5) == [true])          // computed
        #expect(handsOn(7) == [false])         // second: the accumulator holds the second argument
    }
}
