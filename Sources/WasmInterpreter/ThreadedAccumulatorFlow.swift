import WasmCore
import WasmRuntime

// Where the threaded accumulator holds a known slot (see ThreadedCode.swift), across branches.
//
// The slot in the accumulator when op `k` starts is known when every way into `k` agrees:
// falling through from `k - 1` (the slot that op produced, or the one it got when it writes no
// slot) and each branch to `k` (a branch writes no slot, so it hands on the accumulator it got).
// Function entry and `br_table` targets (entered from the `switch`, where an op that reads no
// slot from the accumulator gets none) know nothing. A return point (the op after a call) gets
// the call's first result slot: `t_ret` hands on the callee's slot 0, which is that slot (a
// `ret` whose accumulator already holds slot 0 hands it on as is: `t_retAccumulator`), and
// a return through the `switch` re-enters threaded code with the slot loaded. A loop header
// thus reads a value the ops before the loop and the back edge both leave in the accumulator (a
// loop-carried variable updated last in the body) without a store-to-load round trip.
//
// A local stepped in place by a constant (`i += k`, `total++`), when the next op does not read
// it, runs a handler that keeps the accumulator it got instead of producing the local
// (`t_i32AddImmInPlace`, `t_i64AddImmInPlace`), so a value produced before the step still
// reaches a later reader, such as the loop header after the back edge. So does a `copy` right
// before a `call_indirect` (an argument moved after the element index was computed:
// `t_copyKeepingAccumulator`), so that the call reads the index from the accumulator.
extension ThreadedOp {
    /// What an accumulator holds when an op starts: `unknown` until the fixed point reaches it.
    enum Held: Equatable {
        case unknown
        case slot(Slot)
        case nothing

        func meet(_ other: Held) -> Held {
            switch (self, other) {
            case (.unknown, _): return other
            case (_, .unknown): return self
            default: return self == other ? self : .nothing
            }
        }

        /// What is left after slot `d` is written by something else than this accumulator.
        func overwritten(_ d: Slot) -> Held { self == .slot(d) ? .nothing : self }
    }

    /// What both accumulators hold when an op starts (ifloats: the float accumulator, see
    /// ThreadedFloatAccumulator.swift).
    struct HeldPair: Equatable {
        var int: Held
        var float: Held

        static let unknown = HeldPair(int: .unknown, float: .unknown)
        static let nothing = HeldPair(int: .nothing, float: .nothing)

        func meet(_ other: HeldPair) -> HeldPair { HeldPair(int: int.meet(other.int), float: float.meet(other.float)) }
        func overwritten(_ d: Slot) -> HeldPair { HeldPair(int: int.overwritten(d), float: float.overwritten(d)) }
    }

    /// Chooses, for `ops` threaded into `code` (initialized, one entry per op), the handler
    /// variants that read their operand from the accumulator wherever its slot is known.
    static func chooseAccumulatorVariants(_ ops: [Op], tableTargets: [PC], in code: ThreadedPC, entryHoldsSlot0: Bool = false) {
        let n = ops.count
        // Branch sources of each op (threaded branches only: others run in the `switch`).
        var sources = [[Int]](repeating: [], count: n)
        for (k, op) in ops.enumerated() where code[k].threaded {
            var targets: [PC] = []
            if let t = branchTarget(of: op) { targets.append(t) }
            if case .brTable(_, let start, let count) = op {
                targets += tableTargets.dropFirst(Int(start)).prefix(Int(count) + 1)
            }
            for t in targets where t >= 0 && Int(t) < n { sources[Int(t)].append(k) }
        }
        // `br_table` targets: entered from the `switch` with the accumulator an op's own variant
        // loads (nothing for other ops, which would hand on garbage).
        var enteredFromSwitch = [Bool](repeating: false, count: n)
        for t in tableTargets where t >= 0 && Int(t) < n { enteredFromSwitch[Int(t)] = true }
        // In-place steps whose result the next op does not read keep the accumulator.
        var inPlace = [Bool](repeating: false, count: n)
        for (k, op) in ops.enumerated() where code[k].threaded {
            guard let h = inPlaceHandler(for: op, before: k + 1 < n ? ops[k + 1] : nil),
                  let d = accumulatorResult(of: op) else { continue }
            if k + 1 < n, accumulatorHandler(for: ops[k + 1], reading: d) != nil { continue }
            if storesLocalValue(op), copyIsReadAhead(ops, after: k, slot: d) { continue }
            // A `ret` after a step of slot 0 hands the result on (`t_retAccumulator`).
            if k + 1 < n, d == 0, case .ret = ops[k + 1] { continue }
            code[k].handler = h
            inPlace[k] = true
        }
        /// What op `k`, started with `before`, hands on to its successors (`taken`: a branch).
        /// Every handler passes on the float accumulator it got unless it produces a float; one
        /// that writes a slot the float accumulator held makes it stale.
        func handsOn(_ k: Int, _ before: HeldPair, taken: Bool, _ both: [Bool]) -> HeldPair {
            if before == .unknown { return .unknown }
            guard code[k].threaded else { return .nothing }
            if inPlace[k], let d = accumulatorResult(of: ops[k]) { return before.overwritten(d) }
            if !taken, let d = accumulatorResult(of: ops[k]) {
                return HeldPair(int: .slot(d), float: handsResultToBoth(ops[k]) ? .slot(d) : before.float.overwritten(d))
            }
            if !taken, let d = floatAccumulatorResult(of: ops[k]) {
                return HeldPair(int: both[k] ? .slot(d) : before.int.overwritten(d), float: .slot(d))
            }
            if !taken, let d = returnedSlot(of: ops[k]) { return HeldPair(int: .slot(d), float: .nothing) }
            if let s = stepTeeResult(ops[k]) { return HeldPair(int: .slot(s.0), float: before.float.overwritten(s.0).overwritten(s.1).overwritten(s.2)) } // icalls8, icalls8-r2
            if let (i, f) = squaresHandedOn(ops[k]) { return HeldPair(int: .slot(i), float: .slot(f)) } // ifloats8
            if let c = passesAccumulatorWriting(ops[k]) { return before.overwritten(c) }
            return keepsAccumulator(ops[k]) ? before : .nothing
        }
        /// What the accumulators hold at each op when the float operators `both` marks also
        /// hand their result on in the accumulator.
        func flow(_ both: [Bool]) -> [HeldPair] {
            var held = [HeldPair](repeating: .unknown, count: n)
            var changed = true
            while changed {
                changed = false
                for k in 0..<n {
                    var h: HeldPair = k == 0 || enteredFromSwitch[k] ? .nothing : .unknown
                    if k == 0, entryHoldsSlot0, !enteredFromSwitch[k] { h = HeldPair(int: .slot(0), float: .nothing) } // icalls8
                    if k > 0, fallsThrough(ops[k - 1]) { h = h.meet(handsOn(k - 1, held[k - 1], taken: false, both)) }
                    for b in sources[k] { h = h.meet(handsOn(b, held[b], taken: true, both)) }
                    if h != held[k] {
                        held[k] = h
                        changed = true
                    }
                }
            }
            return held
        }
        // The ways into each op (2 for one entered from outside: the function entry, the `switch`).
        var predecessors = [Int](repeating: 0, count: n)
        for k in 0..<n {
            predecessors[k] = sources[k].count
            if k == 0 || enteredFromSwitch[k] {
                predecessors[k] += 2
            } else if fallsThrough(ops[k - 1]) {
                predecessors[k] += 1
            }
        }
        let both = floatResultsHandedToBoth(ops, held: flow([Bool](repeating: false, count: n)), predecessors: predecessors,
                                            inPlace: inPlace, in: code)
        let held = flow(both)
        for k in 0..<n where code[k].threaded && !inPlace[k] {
            if case .ret = ops[k], held[k].int == .slot(0) {
                code[k].handler = t_retAccumulator
                code[k].accumulatorSlot = 0
                continue
            }
            if case .callIndirect(_, _, let index, _) = ops[k], held[k].int == .slot(index) {
                code[k].handler = t_callIndirectAccumulator
                code[k].accumulatorSlot = index
                continue
            }
            if chooseSquaresHandler(ops[k], float: held[k].float, for: &code[k]) { continue } // ifloats8
            chooseVariant(ops[k], int: held[k].int, float: held[k].float, handingBoth: both[k], for: &code[k])
        }
        if entryHoldsSlot0 { entersWithFirstArgument(ops, held: held.map(\.int), in: code) } // icalls8
    }

    /// Gives `t` the handler variant of `op` reading what the accumulators hold, if any;
    /// `handingBoth`: a float operator that also hands its result on in the accumulator
    /// (ThreadedFloatAccumulator.swift), whose variants come from the `...HandingBoth` tables.
    private static func chooseVariant(_ op: Op, int: Held, float: Held, handingBoth: Bool, for t: inout ThreadedOp) {
        // Every float operator has a handler handing both (floatResultsHandedToBoth picks only those).
        if handingBoth, let h = handlerHandingBoth(for: op) { t.handler = h }
        if case .slot(let f) = float {
            let mixed = handingBoth ? mixedAccumulatorHandlerHandingBoth(for:reading:floatSlot:)
                                    : mixedAccumulatorHandler(for:reading:floatSlot:)
            if case .slot(let s) = int, let h = mixed(op, s, f) {
                t.handler = h
                t.accumulatorSlot = s
                t.floatAccumulatorSlot = f
                return
            }
            let square = handingBoth ? floatSquareHandlerHandingBoth(for:reading:) : floatSquareHandler(for:reading:)
            let reading = handingBoth ? floatAccumulatorHandlerHandingBoth(for:reading:) : floatAccumulatorHandler(for:reading:)
            if let h = square(op, f) ?? reading(op, f) {
                t.handler = h
                t.floatAccumulatorSlot = f
                return
            }
        }
        guard case .slot(let s) = int else { return }
        let h = handingBoth ? accumulatorHandlerHandingBoth(for: op, reading: s)
                            : squareHandler(for: op, reading: s) ?? accumulatorHandler(for: op, reading: s)
        guard let h else { return }
        t.handler = h
        t.accumulatorSlot = s
    }

    /// The slot a call's callee returns its first result in (the accumulator at the return point).
    static func returnedSlot(of op: Op) -> Slot? {
        switch op {
        case .callDefined(_, let base), .callAny(_, let base), .callIndirect(_, _, _, let base): return base
        default: return nil
        }
    }

    /// Whether control can go from `op` to the op after it.
    static func fallsThrough(_ op: Op) -> Bool {
        switch op {
        case .br, .ret, .trap, .brTable: return false
        default: return true
        }
    }

    /// The accumulator-keeping handler of an in-place step (`dst == src`), if `op` is one, or of
    /// a `copy` (an argument) right before a `call_indirect`, which may read its element index
    /// from the accumulator.
    private static func inPlaceHandler(for op: Op, before successor: Op?) -> ThreadedHandler? {
        switch op {
        case .i32AddImm(let d, let s, _) where d == s: return t_i32AddImmInPlace
        case .i64AddImm(let d, let s, _) where d == s: return t_i64AddImmInPlace
        case .i32AddAndImmPair(let d, let l, _, _, _) where d == l: return t_i32AddAndImmPairInPlace // iloops
        case .copy(let d, _):
            // A copy of a `call_indirect`'s index produces it; others keep the accumulator
            // (`copyIsReadAhead` decides for readers further on).
            if case .callIndirect(_, _, let index, _)? = successor, index == d { return nil }
            return t_copyKeepingAccumulator
        // icalls: a constant stored into a local by a const op keeps it like such a copy.
        case .const32: return t_const32KeepingAccumulator
        case .const64: return t_const64KeepingAccumulator
        default: return nil
        }
    }
}

/// `i32AddImm` of a local to itself that hands on the accumulator it got.
@inline(__always)
func t_i32AddImmInPlace(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    // `i32AddImm(dst, src, imm)` with dst == src: its operand words.
    let d = at.pointee.operands.0, imm = at.pointee.operands.2
    fp[Int(d)] = UInt64(UInt32(truncatingIfNeeded: fp[Int(d)]) &+ imm)
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, fa)
}

/// `copy` that hands on the accumulator it got.
@inline(__always)
func t_copyKeepingAccumulator(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    // `copy(dst, src)`: its operand words.
    let d = at.pointee.operands.0, s = at.pointee.operands.1
    fp[Int(d)] = fp[Int(s)]
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, fa)
}

/// `i64AddImm` of a local to itself that hands on the accumulator it got.
@inline(__always)
func t_i64AddImmInPlace(_ op: OpaquePointer, _ fp: UnsafeMutablePointer<UInt64>, _ context: OpaquePointer, _ acc: UInt64,
    _ mb: UnsafeMutableRawPointer, _ fa: Double) -> OpaquePointer {
    let at = ThreadedPC(op)
    let d = at.pointee.operands.0, imm = UInt64(at.pointee.operands.2) | UInt64(at.pointee.operands.3) << 32
    fp[Int(d)] = fp[Int(d)] &+ imm
    return next(at + 1, fp, ThreadedContextPointer(context), acc, mb, fa)
}
