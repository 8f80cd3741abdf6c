import WasmCore
import WasmRuntime

// ifloats8: the two-square sum branches (`brF32SquaresAddLt`..., LoweringFloatLoads.swift) hand
// both squares on, on either way out: the first (`dst`) in the float accumulator, the second
// (`dst2`) in the accumulator. The ops after `x*x + y*y < r` use the squares (`x*x - y*y + c`),
// which otherwise come back from their slots just written: a store-to-load round trip on the
// loop's dependency chain. The generated handlers of these ops hand on what they got instead;
// these hand-written ones replace them (`chooseSquaresHandler`), with a variant reading `src`
// from the float accumulator.
extension ThreadedOp {
    /// The slots a two-square branch hands on (accumulator, float accumulator), or nil.
    static func squaresHandedOn(_ op: Op) -> (Slot, Slot)? {
        switch op {
        case .brF32SquaresAddLt(let d, _, let e, _, _, _), .brF32SquaresAddNotLt(let d, _, let e, _, _, _),
             .brF64SquaresAddLt(let d, _, let e, _, _, _), .brF64SquaresAddNotLt(let d, _, let e, _, _, _):
            return (Slot(e), Slot(d))
        default: return nil
        }
    }

    /// Gives `t` (a two-square branch) its handler handing the squares on, reading `src` from the
    /// float accumulator when it holds it (`float`); false for other ops.
    static func chooseSquaresHandler(_ op: Op, float: Held, for t: inout ThreadedOp) -> Bool {
        let s: Slot, handlers: (ThreadedHandler, ThreadedHandler)
        switch op {
        case .brF32SquaresAddLt(_, let x, _, _, _, _): (s, handlers) = (Slot(x), (t_brF32SquaresAddLtHanding, t_brF32SquaresAddLtHanding_sF))
        case .brF32SquaresAddNotLt(_, let x, _, _, _, _): (s, handlers) = (Slot(x), (t_brF32SquaresAddNotLtHanding, t_brF32SquaresAddNotLtHanding_sF))
        case .brF64SquaresAddLt(_, let x, _, _, _, _): (s, handlers) = (Slot(x), (t_brF64SquaresAddLtHanding, t_brF64SquaresAddLtHanding_sF))
        case .brF64SquaresAddNotLt(_, let x, _, _, _, _): (s, handlers) = (Slot(x), (t_brF64SquaresAddNotLtHanding, t_brF64SquaresAddNotLtHanding_sF))
        default: return false
        }
        t.accumulatorSlot = ThreadedOp.noAccumulator
        if float == .slot(s) {
            t.handler = handlers.1
            t.floatAccumulatorSlot = s
        } else {
            t.handler = handlers.0
            t.floatAccumulatorSlot = ThreadedOp.noAccumulator
        }
        return true
    }
}

/// The body of the two-square branch handlers: `wide` (f64), `negated` (`NotLt`), `srcInFloat`
/// (`src` read from the float accumulator). Operand words: `dst | src << 16`, `dst2 | src2 << 16`,
/// `limit`, the target.
@inline(__always)
func squaresBranch(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer,
                   _ mb: UnsafeMutableRawPointer, _ fa: Double,
                   wide: Bool, negated: Bool, srcInFloat: Bool) -> OpaquePointer {
    let at = ThreadedPC(op), cx = ThreadedContextPointer(context)
    let w0 = at.pointee.operands.0, w1 = at.pointee.operands.1
    let d = Int(w0 & 0xFFFF), s = Int(w0 >> 16), e = Int(w1 & 0xFFFF), u = Int(w1 >> 16)
    let k = Int(at.pointee.operands.2), t = PC(bitPattern: at.pointee.operands.3)
    let first: Double, second: UInt64, holds: Bool
    if wide {
        let x = srcInFloat ? fa : f64(fp[s]), y = f64(fp[u])
        let a = x * x, b = y * y
        fp[d] = a.bitPattern
        fp[e] = b.bitPattern
        holds = a + b < f64(fp[k])
        (first, second) = (a, b.bitPattern)
    } else {
        let x = srcInFloat ? f32(fa.bitPattern) : f32(fp[s]), y = f32(fp[u])
        let a = x * x, b = y * y
        fp[d] = w(a)
        fp[e] = w(b)
        holds = a + b < f32(fp[k])
        (first, second) = (fw(a), w(b))
    }
    if holds != negated { return next(cx.pointee.code + Int(t), fp, cx, second, mb, first) }
    return next(at + 1, fp, cx, second, mb, first)
}

@inline(__always)
func t_brF32SquaresAddLtHanding(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: false, negated: false, srcInFloat: false)
}

@inline(__always)
func t_brF32SquaresAddLtHanding_sF(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: false, negated: false, srcInFloat: true)
}

@inline(__always)
func t_brF32SquaresAddNotLtHanding(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: false, negated: true, srcInFloat: false)
}

@inline(__always)
func t_brF32SquaresAddNotLtHanding_sF(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: false, negated: true, srcInFloat: true)
}

@inline(__always)
func t_brF64SquaresAddLtHanding(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: true, negated: false, srcInFloat: false)
}

@inline(__always)
func t_brF64SquaresAddLtHanding_sF(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: true, negated: false, srcInFloat: true)
}

@inline(__always)
func t_brF64SquaresAddNotLtHanding(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: true, negated: true, srcInFloat: false)
}

@inline(__always)
func t_brF64SquaresAddNotLtHanding_sF(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    squaresBranch(op, fp, context, mb, fa, wide: true, negated: true, srcInFloat: true)
}
