import WasmCore
import WasmRuntime

// ifloats: the float accumulator of threaded code (see ThreadedCode.swift).
//
// Besides the 64-bit accumulator, handlers pass a `Double` along the chain: the C calling
// convention puts it in xmm0, which handlers that do no float arithmetic never touch, so it
// rides along for free. A float operator (`f32Add`, `f64Mul`, fused multiply-adds, float
// loads are not among them: they are integer loads) writes its result slot as always and hands
// the value on in the float accumulator (as the slot's bit pattern: an f32 zero-extended, `fw`)
// and the accumulator it got unchanged; so a chain of float operators never moves its values
// between vector and general registers, and an integer value (a loop counter, an address)
// survives the float operators in between. The generated handlers have a variant per operand
// that may be a float reading it from the float accumulator (`t_op_xF`), and for ops of up to
// three operands one per pair of operands reading one from each accumulator (`t_op_x_yF`).
// `ThreadedOp.chooseAccumulatorVariants` follows what both accumulators hold.
//
// A float result read again two or more ops later (`x*x` compared, then used in the next step)
// would come back from its slot: a store-to-load round trip on the dependency chain. When the
// ops in between (straight-line code) leave the accumulator alone and nothing reads what it
// holds, the producer also hands the result on in the accumulator (the `...B` variants), so the
// later reader takes it from there while the float accumulator moves on: two registers of
// recent float results.
extension ThreadedOp {
    /// The float operators of `ops` that hand their result on in the accumulator too. `held`:
    /// what the accumulators hold at each op when none does; `predecessors`: the number of ways
    /// into each op (2 for ops entered from the `switch`).
    static func floatResultsHandedToBoth(_ ops: [Op], held: [HeldPair], predecessors: [Int], inPlace: [Bool],
                                         in code: ThreadedPC) -> [Bool] {
        let n = ops.count
        var both = [Bool](repeating: false, count: n)
        // Ops on the paths from a marked producer to its readers: a producer there would take
        // the accumulator from it.
        var blocked = [Bool](repeating: false, count: n)
        for k in 0..<n where code[k].threaded && !blocked[k] {
            guard let d = floatAccumulatorResult(of: ops[k]) else { continue }
            var lost: Slot? = nil
            if case .slot(let s) = held[k].int, s != d { lost = s }
            // The ops reachable from k in up to 8 steps through ops that leave the accumulator
            // alone, entering no op that is also reached another way.
            var found = false, conflict = false
            var visited: [Int] = []
            var work = [(k + 1, 1)]
            while let (j, depth) = work.popLast(), !conflict {
                guard j < n, depth <= 8, predecessors[j] == 1, code[j].threaded, !visited.contains(j) else { continue }
                visited.append(j)
                let op = ops[j]
                if let s = lost, accumulatorHandler(for: op, reading: s) != nil { conflict = true; break }
                if depth > 1, accumulatorHandler(for: op, reading: d) != nil,
                   readsAccumulator(op, slot: d, float: held[j].float) { found = true } // ifloats8
                if inPlace[j] {
                    if accumulatorResult(of: op) == d { continue }
                } else if let c = passesAccumulatorWriting(op) {
                    if c == d { continue }
                } else if let e = floatAccumulatorResult(of: op) {
                    if e == d { continue }
                } else if !keepsAccumulator(op) {
                    continue
                }
                if fallsThrough(op) { work.append((j + 1, depth + 1)) }
                if let t = branchTarget(of: op), t >= 0 { work.append((Int(t), depth + 1)) }
            }
            guard found, !conflict else { continue }
            both[k] = true
            for j in visited { blocked[j] = true }
        }
        return both
    }

    /// `floatSquareHandler`'s variants handing the result on in both accumulators.
    static func floatSquareHandlerHandingBoth(for op: Op, reading s: Slot) -> ThreadedHandler? {
        switch op {
        case .f32Mul(_, let l, let r) where l == s && r == s: return t_f32SquareOfFloatAccumulatorB
        case .f64Mul(_, let l, let r) where l == s && r == s: return t_f64SquareOfFloatAccumulatorB
        default: return nil
        }
    }

    /// The handler of a float square of slot `s` reading both operands from the float accumulator.
    static func floatSquareHandler(for op: Op, reading s: Slot) -> ThreadedHandler? {
        switch op {
        case .f32Mul(_, let l, let r) where l == s && r == s: return t_f32SquareOfFloatAccumulator
        case .f64Mul(_, let l, let r) where l == s && r == s: return t_f64SquareOfFloatAccumulator
        default: return nil
        }
    }
}

/// `f32Mul(dst, x, x)` with `x` in the float accumulator.
@inline(__always)
func t_f32SquareOfFloatAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0
    let x = f32(fa.bitPattern)
    let result = fw(x * x)
    fp[Int(d)] = result.bitPattern
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, result)
}

/// `f64Mul(dst, x, x)` with `x` in the float accumulator.
@inline(__always)
func t_f64SquareOfFloatAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0
    let x = fa
    let result = x * x
    fp[Int(d)] = result.bitPattern
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, result)
}

/// `t_f32SquareOfFloatAccumulator` handing the result on in both accumulators.
@inline(__always)
func t_f32SquareOfFloatAccumulatorB(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0
    let x = f32(fa.bitPattern)
    let result = fw(x * x)
    fp[Int(d)] = result.bitPattern
    return next(at + 1, fp, ThreadedContextPointer(context), result.bitPattern, mb, result)
}

/// `t_f64SquareOfFloatAccumulator` handing the result on in both accumulators.
@inline(__always)
func t_f64SquareOfFloatAccumulatorB(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0
    let x = fa
    let result = x * x
    fp[Int(d)] = result.bitPattern
    return next(at + 1, fp, ThreadedContextPointer(context), result.bitPattern, mb, result)
}
