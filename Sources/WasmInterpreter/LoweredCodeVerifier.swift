import WasmCore
import WasmRuntime

/// Checks lowered code read from an artifact before the interpreter may run it, so that even a
/// checksum-valid but crafted artifact cannot make the execution loop read or write outside its
/// buffers.
///
/// Checked, per function: it is the defined function at its position (function index, parameter
/// and result counts from the module's type); `frameSize` covers parameters, locals, the
/// constant pool and results
/// and is at most `maxFrameSlots`; the code is non-empty and execution cannot fall off its end;
/// source indices (for backtraces) are not negative (backtraces check the upper bound).
/// Per op reachable from the entry: every slot (and every slot of a multi-slot operand) is below
/// `frameSize`; every branch target, including each `br_table` target, is inside the code and a
/// `br_table`'s entries are in its function's table; call arguments and results fit the frame
/// (`argBase` + the callee's parameter or result count); function, type, table, global, data and
/// element indices are in range for the module; ops that use memory 0 only appear in modules
/// with a memory. Unreachable ops (lowering leaves some after `unreachable`, with slots that may
/// lie outside the frame) are replaced by traps instead of being checked.
///
/// With `requireFuelOnLoops` (engines that consume fuel), every cycle of a function's control
/// flow must pass a `fuel` op with a positive cost, so a crafted artifact cannot loop forever
/// without running out of fuel (recursion ends at the stack limit).
///
/// Not checked: that the code computes what the wasm code says (wrong results, wrong value types
/// in slots, a mutated immutable global, different fuel charges are all possible from a crafted
/// artifact, as they would be from a different program); the module itself is validated.
struct LoweredCodeVerifier {
    /// Largest frame accepted (keeps the stack accounting far from overflow).
    static let maxFrameSlots = 1 << 26

    let module: ModuleDefinition
    let signatures: [FuncType]
    let imported: Int
    let tables: Int, globals: Int, memories: Int
    /// With fuel on: every loop of the code must charge fuel, so fuel bounds any run.
    let requireFuelOnLoops: Bool

    init(module: ModuleDefinition, requireFuelOnLoops: Bool = false) throws(ArtifactError) {
        self.module = module
        self.requireFuelOnLoops = requireFuelOnLoops
        var sigs: [FuncType] = []
        for ti in module.allFunctionTypeIndices {
            guard Int(ti) < module.types.count else { throw ArtifactError(.malformed, "malformed artifact: unknown type \(ti)") }
            sigs.append(module.types[Int(ti)])
        }
        signatures = sigs
        imported = module.importedFunctions.count
        tables = module.allTables.count
        globals = module.allGlobalTypes.count
        memories = module.allMemories.count
    }

    private func fail(_ function: UInt32, _ op: Int?, _ what: String) -> ArtifactError {
        let at = op.map { " op \($0)" } ?? ""
        return ArtifactError(.malformed, "malformed artifact: lowered function \(function)\(at): \(what)")
    }

    /// Verifies defined function number `position` (replacing its unreachable ops by traps).
    func verify(_ f: CompiledFunction, position: Int) throws(ArtifactError) {
        let fi = f.functionIndex
        guard Int(fi) == imported + position, Int(fi) < signatures.count else { throw fail(fi, nil, "wrong function index") }
        let type = signatures[Int(fi)]
        guard f.paramCount == type.params.count, f.resultCount == type.results.count else {
            throw fail(fi, nil, "parameter or result count differs from the function's type")
        }
        let frame = f.frameSize
        guard frame <= Self.maxFrameSlots, f.entrySlotCount <= frame, f.paramCount <= frame - f.entrySlotCount,
              f.resultCount <= frame else { throw fail(fi, nil, "frame size \(frame) too small or too large") }
        guard f.codeCount > 0 else { throw fail(fi, nil, "empty code") }
        for s in f.sourceIndex where s < 0 { throw fail(fi, nil, "negative source index \(s)") }
        let targets = UnsafeBufferPointer(start: f.tableTargets, count: f.tableTargetCount)
        for t in targets where t < 0 || Int(t) >= f.codeCount { throw fail(fi, nil, "br_table target \(t) outside the code") }
        let live = reachable(f)
        var dead: [Int] = []
        for k in 0..<f.codeCount {
            if live[k] {
                try verify(f.op(k), in: f, at: k)
            } else {
                // Dead code (lowering emits some after `unreachable`) need not be well formed.
                dead.append(k)
            }
        }
        if !dead.isEmpty { f.replaceOps(dead, with: .trap(.unreachable)) }
        if live[f.codeCount] { throw fail(fi, f.codeCount - 1, "the code falls through past its end") }
        if requireFuelOnLoops, let k = loopWithoutFuel(f) { throw fail(fi, k, "a loop that charges no fuel") }
    }

    /// The successors of op `k`: the next op unless it never falls through, and its targets.
    private func successors(_ f: CompiledFunction, _ k: Int) -> [Int] {
        let op = f.op(k)
        var next: [Int] = []
        for case .pc(let p) in op.serialFields.1 { next.append(Int(p)) }
        switch op {
        case .brTable(_, let start, let count):
            let first = Int(start), last = Int(start) + Int(count)
            if last < f.tableTargetCount { for t in first...last { next.append(Int(f.tableTargets[t])) } }
        case .ret, .br, .trap:
            break
        default:
            next.append(k + 1)
        }
        return next.filter { $0 >= 0 && $0 <= f.codeCount }
    }

    /// An op on a cycle of the control-flow graph that passes no `fuel` op with a positive cost
    /// (iterative depth-first search over the ops that charge nothing), or nil.
    private func loopWithoutFuel(_ f: CompiledFunction) -> Int? {
        var state = [UInt8](repeating: 0, count: f.codeCount + 1)  // 0 new, 1 on the path, 2 done
        for root in 0..<f.codeCount where state[root] == 0 {
            var stack: [(node: Int, next: [Int], i: Int)] = []
            func charges(_ k: Int) -> Bool {
                if k < f.codeCount, case .fuel(let c) = f.op(k), c > 0 { return true }
                return k >= f.codeCount
            }
            if charges(root) { state[root] = 2; continue }
            state[root] = 1
            stack.append((root, successors(f, root), 0))
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].i == stack[top].next.count {
                    state[stack[top].node] = 2
                    stack.removeLast()
                    continue
                }
                let n = stack[top].next[stack[top].i]
                stack[top].i += 1
                if charges(n) { continue }
                if state[n] == 1 { return n }
                if state[n] == 0 {
                    state[n] = 1
                    stack.append((n, successors(f, n), 0))
                }
            }
        }
        return nil
    }

    /// Which ops can run (from the entry, through fall-through and branch targets in range);
    /// the extra last element says whether execution can fall off the end.
    private func reachable(_ f: CompiledFunction) -> [Bool] {
        var live = [Bool](repeating: false, count: f.codeCount + 1)
        var work = [0]
        while let k = work.popLast() {
            guard k >= 0, k <= f.codeCount, !live[k] else { continue }
            live[k] = true
            guard k < f.codeCount else { continue }
            let op = f.op(k)
            for case .pc(let p) in op.serialFields.1 { work.append(Int(p)) }
            switch op {
            case .brTable(_, let start, let count):
                let first = Int(start), last = Int(start) + Int(count)
                if last < f.tableTargetCount { for t in first...last { work.append(Int(f.tableTargets[t])) } }
            case .ret, .br, .trap:
                break
            default:
                work.append(k + 1)
            }
        }
        return live
    }

    private func verify(_ op: Op, in f: CompiledFunction, at k: Int) throws(ArtifactError) {
        let fi = f.functionIndex
        let frame = f.frameSize
        var callee: FuncType?
        var tableStart: Int?
        for field in op.serialFields.1 {
            switch field {
            case .slot(let s):
                guard Int(s) < frame else { throw fail(fi, k, "slot \(s) outside the frame of \(frame)") }
            case .slots(let s, let n):
                guard Int(s) + n <= frame else { throw fail(fi, k, "slots \(s)..<\(Int(s) + n) outside the frame of \(frame)") }
            case .argBase(let s):
                let c = callee.map { Swift.max($0.params.count, $0.results.count) } ?? 0
                guard Int(s) + c <= frame else { throw fail(fi, k, "call arguments at \(s) outside the frame of \(frame)") }
            case .pc(let p):
                guard p >= 0, Int(p) < f.codeCount else { throw fail(fi, k, "branch target \(p) outside the code") }
            case .tableStart(let s):
                tableStart = Int(s)
            case .tableCount(let n):
                // `br_table` reads targets[start + min(index, count)].
                guard let s = tableStart, s + Int(n) < f.tableTargetCount else {
                    throw fail(fi, k, "br_table entries outside the function's \(f.tableTargetCount) targets")
                }
            case .definedFunction(let d):
                guard Int(d) < module.codes.count else { throw fail(fi, k, "defined function \(d) out of range") }
                // The callee's frame starts at argBase; `Machine.enter` checks that it fits the stack.
                callee = signatures[imported + Int(d)]
            case .function(let g):
                guard Int(g) < signatures.count else { throw fail(fi, k, "function \(g) out of range") }
                callee = signatures[Int(g)]
            case .type(let t):
                guard Int(t) < module.types.count else { throw fail(fi, k, "type \(t) out of range") }
                callee = module.types[Int(t)]
            case .table(let t):
                guard Int(t) < tables else { throw fail(fi, k, "table \(t) out of range") }
            case .global(let g):
                guard Int(g) < globals else { throw fail(fi, k, "global \(g) out of range") }
            case .data(let d):
                guard Int(d) < module.datas.count else { throw fail(fi, k, "data segment \(d) out of range") }
            case .element(let e):
                guard Int(e) < module.elements.count else { throw fail(fi, k, "element segment \(e) out of range") }
            case .memory:
                guard memories > 0 else { throw fail(fi, k, "memory access in a module without memory") }
            case .imm32, .imm64, .numeric, .load, .store, .trapKind:
                break
            }
        }
    }
}

/// One operand of a lowered op, classified for verification and serialization.
enum OpField {
    /// A frame slot.
    case slot(Slot)
    /// `count` consecutive frame slots from the first.
    case slots(Slot, count: Int)
    /// First slot of a call's arguments and results.
    case argBase(Slot)
    /// A branch target in the function's code.
    case pc(PC)
    case tableStart(UInt32), tableCount(UInt32)
    /// Index among the module's defined functions.
    case definedFunction(UInt32)
    /// Index in the module's function index space.
    case function(UInt32)
    case type(UInt32), table(UInt32), global(UInt32), data(UInt32), element(UInt32)
    case imm32(UInt32), imm64(UInt64)
    case numeric(NumericOp), load(LoadOp), store(StoreOp), trapKind(TrapKind)
    /// The op uses memory 0.
    case memory
}

extension Op {
    /// The op's tag (its case's position) and its operands in declaration order.
    var serialFields: (UInt32, [OpField]) {
        switch self {
        // BEGIN GENERATED by ci/gen_op_serialization.py
        case .trap(let v0): return (0, [.trapKind(v0)])
        case .br(let v0): return (1, [.pc(v0)])
        case .brIf(let v0, let v1): return (2, [.slot(v0), .pc(v1)])
        case .brIfNot(let v0, let v1): return (3, [.slot(v0), .pc(v1)])
        case .brTable(let v0, let v1, let v2): return (4, [.slot(v0), .tableStart(v1), .tableCount(v2)])
        case .ret: return (5, [])
        case .callDefined(let v0, let v1): return (6, [.definedFunction(v0), .argBase(v1)])
        case .callAny(let v0, let v1): return (7, [.function(v0), .argBase(v1)])
        case .callIndirect(let v0, let v1, let v2, let v3): return (8, [.type(v0), .table(v1), .slot(v2), .argBase(v3)])
        case .epochCheck: return (9, [])
        case .fuel(let v0): return (10, [.imm32(v0)])
        case .copy(let v0, let v1): return (11, [.slot(v0), .slot(v1)])
        case .const32(let v0, let v1): return (12, [.slot(v0), .imm32(v1)])
        case .const64(let v0, let v1): return (13, [.slot(v0), .imm64(v1)])
        case .select(let v0, let v1, let v2, let v3): return (14, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .globalGet(let v0, let v1): return (15, [.slot(v0), .global(v1)])
        case .globalSet(let v0, let v1): return (16, [.slot(v0), .global(v1)])
        case .refFunc(let v0, let v1): return (17, [.slot(v0), .function(v1)])
        case .refIsNull(let v0, let v1): return (18, [.slot(v0), .slot(v1)])
        case .unary(let v0, let v1, let v2): return (19, [.numeric(v0), .slot(v1), .slot(v2)])
        case .binary(let v0, let v1, let v2, let v3): return (20, [.numeric(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .i32Add(let v0, let v1, let v2): return (21, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Sub(let v0, let v1, let v2): return (22, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Mul(let v0, let v1, let v2): return (23, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32And(let v0, let v1, let v2): return (24, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Or(let v0, let v1, let v2): return (25, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Xor(let v0, let v1, let v2): return (26, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Shl(let v0, let v1, let v2): return (27, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32ShrU(let v0, let v1, let v2): return (28, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32ShrS(let v0, let v1, let v2): return (29, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Eq(let v0, let v1, let v2): return (30, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Ne(let v0, let v1, let v2): return (31, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32LtS(let v0, let v1, let v2): return (32, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32LtU(let v0, let v1, let v2): return (33, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32GtS(let v0, let v1, let v2): return (34, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32GtU(let v0, let v1, let v2): return (35, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32LeS(let v0, let v1, let v2): return (36, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32LeU(let v0, let v1, let v2): return (37, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32GeS(let v0, let v1, let v2): return (38, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32GeU(let v0, let v1, let v2): return (39, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32DivS(let v0, let v1, let v2): return (40, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32DivU(let v0, let v1, let v2): return (41, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32RemS(let v0, let v1, let v2): return (42, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32RemU(let v0, let v1, let v2): return (43, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Add(let v0, let v1, let v2): return (44, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Sub(let v0, let v1, let v2): return (45, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Mul(let v0, let v1, let v2): return (46, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64And(let v0, let v1, let v2): return (47, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Or(let v0, let v1, let v2): return (48, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Xor(let v0, let v1, let v2): return (49, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Shl(let v0, let v1, let v2): return (50, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64ShrU(let v0, let v1, let v2): return (51, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64ShrS(let v0, let v1, let v2): return (52, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Eq(let v0, let v1, let v2): return (53, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Ne(let v0, let v1, let v2): return (54, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64LtS(let v0, let v1, let v2): return (55, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64LtU(let v0, let v1, let v2): return (56, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64GtS(let v0, let v1, let v2): return (57, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64GtU(let v0, let v1, let v2): return (58, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64LeS(let v0, let v1, let v2): return (59, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64LeU(let v0, let v1, let v2): return (60, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64GeS(let v0, let v1, let v2): return (61, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64GeU(let v0, let v1, let v2): return (62, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64DivS(let v0, let v1, let v2): return (63, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64DivU(let v0, let v1, let v2): return (64, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64RemS(let v0, let v1, let v2): return (65, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64RemU(let v0, let v1, let v2): return (66, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Rotl(let v0, let v1, let v2): return (67, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Rotr(let v0, let v1, let v2): return (68, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Rotl(let v0, let v1, let v2): return (69, [.slot(v0), .slot(v1), .slot(v2)])
        case .i64Rotr(let v0, let v1, let v2): return (70, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Add(let v0, let v1, let v2): return (71, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Sub(let v0, let v1, let v2): return (72, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Mul(let v0, let v1, let v2): return (73, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Div(let v0, let v1, let v2): return (74, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Eq(let v0, let v1, let v2): return (75, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Ne(let v0, let v1, let v2): return (76, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Lt(let v0, let v1, let v2): return (77, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Gt(let v0, let v1, let v2): return (78, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Le(let v0, let v1, let v2): return (79, [.slot(v0), .slot(v1), .slot(v2)])
        case .f32Ge(let v0, let v1, let v2): return (80, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Add(let v0, let v1, let v2): return (81, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Sub(let v0, let v1, let v2): return (82, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Mul(let v0, let v1, let v2): return (83, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Div(let v0, let v1, let v2): return (84, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Eq(let v0, let v1, let v2): return (85, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Ne(let v0, let v1, let v2): return (86, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Lt(let v0, let v1, let v2): return (87, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Gt(let v0, let v1, let v2): return (88, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Le(let v0, let v1, let v2): return (89, [.slot(v0), .slot(v1), .slot(v2)])
        case .f64Ge(let v0, let v1, let v2): return (90, [.slot(v0), .slot(v1), .slot(v2)])
        case .i32Eqz(let v0, let v1): return (91, [.slot(v0), .slot(v1)])
        case .i32WrapI64(let v0, let v1): return (92, [.slot(v0), .slot(v1)])
        case .i64ExtendI32S(let v0, let v1): return (93, [.slot(v0), .slot(v1)])
        case .i32Extend8S(let v0, let v1): return (94, [.slot(v0), .slot(v1)])
        case .i32Extend16S(let v0, let v1): return (95, [.slot(v0), .slot(v1)])
        case .i64Extend8S(let v0, let v1): return (96, [.slot(v0), .slot(v1)])
        case .i64Extend16S(let v0, let v1): return (97, [.slot(v0), .slot(v1)])
        case .i64Extend32S(let v0, let v1): return (98, [.slot(v0), .slot(v1)])
        case .f32ConvertI32S(let v0, let v1): return (99, [.slot(v0), .slot(v1)])
        case .f32ConvertI32U(let v0, let v1): return (100, [.slot(v0), .slot(v1)])
        case .f64ConvertI32S(let v0, let v1): return (101, [.slot(v0), .slot(v1)])
        case .f64ConvertI32U(let v0, let v1): return (102, [.slot(v0), .slot(v1)])
        case .f64ConvertI64S(let v0, let v1): return (103, [.slot(v0), .slot(v1)])
        case .f32DemoteF64(let v0, let v1): return (104, [.slot(v0), .slot(v1)])
        case .f64PromoteF32(let v0, let v1): return (105, [.slot(v0), .slot(v1)])
        case .f32Neg(let v0, let v1): return (106, [.slot(v0), .slot(v1)])
        case .f64Neg(let v0, let v1): return (107, [.slot(v0), .slot(v1)])
        case .f32Abs(let v0, let v1): return (108, [.slot(v0), .slot(v1)])
        case .f64Abs(let v0, let v1): return (109, [.slot(v0), .slot(v1)])
        case .f32Sqrt(let v0, let v1): return (110, [.slot(v0), .slot(v1)])
        case .f64Sqrt(let v0, let v1): return (111, [.slot(v0), .slot(v1)])
        case .i32MulImm(let v0, let v1, let v2): return (112, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32AndImm(let v0, let v1, let v2): return (113, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32OrImm(let v0, let v1, let v2): return (114, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32XorImm(let v0, let v1, let v2): return (115, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32ShlImm(let v0, let v1, let v2): return (116, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32ShrUImm(let v0, let v1, let v2): return (117, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32ShrSImm(let v0, let v1, let v2): return (118, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32RotlImm(let v0, let v1, let v2): return (119, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i64AddImm(let v0, let v1, let v2): return (120, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64MulImm(let v0, let v1, let v2): return (121, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64AndImm(let v0, let v1, let v2): return (122, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64OrImm(let v0, let v1, let v2): return (123, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64XorImm(let v0, let v1, let v2): return (124, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64ShlImm(let v0, let v1, let v2): return (125, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64ShrUImm(let v0, let v1, let v2): return (126, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64ShrSImm(let v0, let v1, let v2): return (127, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i64RotlImm(let v0, let v1, let v2): return (128, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i32EqImm(let v0, let v1, let v2): return (129, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32NeImm(let v0, let v1, let v2): return (130, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32LtSImm(let v0, let v1, let v2): return (131, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32LtUImm(let v0, let v1, let v2): return (132, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32GtSImm(let v0, let v1, let v2): return (133, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32GtUImm(let v0, let v1, let v2): return (134, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32LeSImm(let v0, let v1, let v2): return (135, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32LeUImm(let v0, let v1, let v2): return (136, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32GeSImm(let v0, let v1, let v2): return (137, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32GeUImm(let v0, let v1, let v2): return (138, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32AddImm(let v0, let v1, let v2): return (139, [.slot(v0), .slot(v1), .imm32(v2)])
        case .brIfEqz(let v0, let v1): return (140, [.slot(v0), .pc(v1)])
        case .brIfAddImm(let v0, let v1, let v2): return (141, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32Eq(let v0, let v1, let v2): return (142, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI32Ne(let v0, let v1, let v2): return (143, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI32LtS(let v0, let v1, let v2): return (144, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI32LtU(let v0, let v1, let v2): return (145, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI32LeS(let v0, let v1, let v2): return (146, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI32LeU(let v0, let v1, let v2): return (147, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI64Eq(let v0, let v1, let v2): return (148, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI64Ne(let v0, let v1, let v2): return (149, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI64LtS(let v0, let v1, let v2): return (150, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI64LtU(let v0, let v1, let v2): return (151, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI64LeS(let v0, let v1, let v2): return (152, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI64LeU(let v0, let v1, let v2): return (153, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF32Eq(let v0, let v1, let v2): return (154, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF32Ne(let v0, let v1, let v2): return (155, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF32Lt(let v0, let v1, let v2): return (156, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF32Le(let v0, let v1, let v2): return (157, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF32NotLt(let v0, let v1, let v2): return (158, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF32NotLe(let v0, let v1, let v2): return (159, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF64Eq(let v0, let v1, let v2): return (160, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF64Ne(let v0, let v1, let v2): return (161, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF64Lt(let v0, let v1, let v2): return (162, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF64Le(let v0, let v1, let v2): return (163, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF64NotLt(let v0, let v1, let v2): return (164, [.slot(v0), .slot(v1), .pc(v2)])
        case .brF64NotLe(let v0, let v1, let v2): return (165, [.slot(v0), .slot(v1), .pc(v2)])
        case .brI32EqImm(let v0, let v1, let v2): return (166, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32NeImm(let v0, let v1, let v2): return (167, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32LtSImm(let v0, let v1, let v2): return (168, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32LtUImm(let v0, let v1, let v2): return (169, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32LeSImm(let v0, let v1, let v2): return (170, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32LeUImm(let v0, let v1, let v2): return (171, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32GtSImm(let v0, let v1, let v2): return (172, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32GtUImm(let v0, let v1, let v2): return (173, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32GeSImm(let v0, let v1, let v2): return (174, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI32GeUImm(let v0, let v1, let v2): return (175, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64EqImm(let v0, let v1, let v2): return (176, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64NeImm(let v0, let v1, let v2): return (177, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64LtSImm(let v0, let v1, let v2): return (178, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64LtUImm(let v0, let v1, let v2): return (179, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64LeSImm(let v0, let v1, let v2): return (180, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64LeUImm(let v0, let v1, let v2): return (181, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64GtSImm(let v0, let v1, let v2): return (182, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64GtUImm(let v0, let v1, let v2): return (183, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64GeSImm(let v0, let v1, let v2): return (184, [.slot(v0), .imm32(v1), .pc(v2)])
        case .brI64GeUImm(let v0, let v1, let v2): return (185, [.slot(v0), .imm32(v1), .pc(v2)])
        case .i32XorShlImm(let v0, let v1, let v2): return (186, [.slot(v0), .slot(v1), .imm32(v2)])
        case .i32XorShrUImm(let v0, let v1, let v2): return (187, [.slot(v0), .slot(v1), .imm32(v2)])
        case .brAddImmI32Ne(let v0, let v1, let v2, let v3): return (188, [.slot(v0), .imm32(v1), .slot(v2), .pc(v3)])
        case .brAddImmI32LtS(let v0, let v1, let v2, let v3): return (189, [.slot(v0), .imm32(v1), .slot(v2), .pc(v3)])
        case .brAddImmI32LtU(let v0, let v1, let v2, let v3): return (190, [.slot(v0), .imm32(v1), .slot(v2), .pc(v3)])
        case .brAddImmI32NeImm(let v0, let v1, let v2, let v3): return (191, [.slot(v0), .imm32(v1), .imm32(v2), .pc(v3)])
        case .brAddImmI32LtSImm(let v0, let v1, let v2, let v3): return (192, [.slot(v0), .imm32(v1), .imm32(v2), .pc(v3)])
        case .brAddImmI32LtUImm(let v0, let v1, let v2, let v3): return (193, [.slot(v0), .imm32(v1), .imm32(v2), .pc(v3)])
        case .i32AddImmTee(let v0, let v1, let v2, let v3): return (194, [.slot(v0), .slot(v1), .slot(v2), .imm32(v3)])
        case .i32DivUImm(let v0, let v1, let v2): return (195, [.slot(v0), .slot(v1), .imm64(v2)])
        case .i32Load(let v0, let v1, let v2): return (196, [.slot(v0), .slot(v1), .imm32(v2), .memory])
        case .i64Load(let v0, let v1, let v2): return (197, [.slot(v0), .slot(v1), .imm32(v2), .memory])
        case .i32Store(let v0, let v1, let v2): return (198, [.slot(v0), .slot(v1), .imm32(v2), .memory])
        case .load8U(let v0, let v1, let v2): return (199, [.slot(v0), .slot(v1), .imm32(v2), .memory])
        case .store8(let v0, let v1, let v2): return (200, [.slot(v0), .slot(v1), .imm32(v2), .memory])
        case .i64Store(let v0, let v1, let v2): return (201, [.slot(v0), .slot(v1), .imm32(v2), .memory])
        case .i32LoadAdd(let v0, let v1, let v2, let v3): return (202, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3), .memory])
        case .i64LoadAdd(let v0, let v1, let v2, let v3): return (203, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3), .memory])
        case .i32LoadBump(let v0, let v1, let v2, let v3): return (204, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3), .memory])
        case .i32StoreAdd(let v0, let v1, let v2, let v3): return (205, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3), .memory])
        case .i64StoreAdd(let v0, let v1, let v2, let v3): return (206, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3), .memory])
        case .i32MulAddImm(let v0, let v1, let v2, let v3): return (207, [.slot(v0), .slot(v1), .slot(v2), .imm32(v3)])
        case .i32MulImmAddImm(let v0, let v1, let v2, let v3): return (208, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3)])
        case .i64MulImmAddImm(let v0, let v1, let v2, let v3): return (209, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3)])
        case .i32MulImmAdd(let v0, let v1, let v2, let v3): return (210, [.slot(v0), .slot(v1), .imm32(v2), .slot(v3)])
        case .i64MulAdd(let v0, let v1, let v2, let v3): return (211, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .f32MulAdd(let v0, let v1, let v2, let v3): return (212, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .f64MulAdd(let v0, let v1, let v2, let v3): return (213, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .i32XorRotlImm(let v0, let v1, let v2, let v3): return (214, [.slot(v0), .slot(v1), .slot(v2), .imm32(v3)])
        case .i32XorAndImm(let v0, let v1, let v2, let v3): return (215, [.slot(v0), .slot(v1), .slot(v2), .imm32(v3)])
        case .i32AddAndImm(let v0, let v1, let v2, let v3): return (216, [.slot(v0), .slot(v1), .slot(v2), .imm32(v3)])
        case .selectAndImm(let v0, let v1, let v2, let v3, let v4): return (217, [.slot(v0), .slot(Slot(v1)), .slot(Slot(v2)), .slot(v3), .imm32(v4)])
        case .f32AddSub(let v0, let v1, let v2, let v3): return (218, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .f64AddSub(let v0, let v1, let v2, let v3): return (219, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .f32SubAdd(let v0, let v1, let v2, let v3): return (220, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .f64SubAdd(let v0, let v1, let v2, let v3): return (221, [.slot(v0), .slot(v1), .slot(v2), .slot(v3)])
        case .brF32AddLt(let v0, let v1, let v2, let v3): return (222, [.slot(v0), .slot(v1), .slot(v2), .pc(v3)])
        case .brF32AddNotLt(let v0, let v1, let v2, let v3): return (223, [.slot(v0), .slot(v1), .slot(v2), .pc(v3)])
        case .brF64AddLt(let v0, let v1, let v2, let v3): return (224, [.slot(v0), .slot(v1), .slot(v2), .pc(v3)])
        case .brF64AddNotLt(let v0, let v1, let v2, let v3): return (225, [.slot(v0), .slot(v1), .slot(v2), .pc(v3)])
        case .f32AddMulAdd(let v0, let v1, let v2, let v3, let v4): return (226, [.slot(v0), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(Slot(v4))])
        case .f64AddMulAdd(let v0, let v1, let v2, let v3, let v4): return (227, [.slot(v0), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(Slot(v4))])
        case .i32ShlImmAddImm(let v0, let v1, let v2, let v3): return (228, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3)])
        case .brLoadBumpI32LtU(let v0, let v1, let v2, let v3, let v4): return (229, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4), .memory])
        case .brLoadBumpI32GtU(let v0, let v1, let v2, let v3, let v4): return (230, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4), .memory])
        case .brLoadBumpI32LtS(let v0, let v1, let v2, let v3, let v4): return (231, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4), .memory])
        case .brLoadBumpI32GtS(let v0, let v1, let v2, let v3, let v4): return (232, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4), .memory])
        case .brLoadStepI32LtU(let v0, let v1, let v2, let v3, let v4, let v5): return (233, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadStepI32GtU(let v0, let v1, let v2, let v3, let v4, let v5): return (234, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadStepI32LtS(let v0, let v1, let v2, let v3, let v4, let v5): return (235, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadStepI32GtS(let v0, let v1, let v2, let v3, let v4, let v5): return (236, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadBumpCountI32LtU(let v0, let v1, let v2, let v3, let v4, let v5): return (237, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadBumpCountI32GtU(let v0, let v1, let v2, let v3, let v4, let v5): return (238, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadBumpCountI32LtS(let v0, let v1, let v2, let v3, let v4, let v5): return (239, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .brLoadBumpCountI32GtS(let v0, let v1, let v2, let v3, let v4, let v5): return (240, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .pc(v5), .memory])
        case .i32LoadScaled(let v0, let v1, let v2, let v3): return (241, [.slot(v0), .slot(v1), .imm32(v2), .imm32(v3), .memory])
        case .i32MemAddImm(let v0, let v1, let v2): return (242, [.slot(v0), .imm32(v1), .imm32(v2)])
        case .brAddImmToI32Ne(let v0, let v1, let v2, let v3, let v4): return (243, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4)])
        case .brAddImmToI32LtS(let v0, let v1, let v2, let v3, let v4): return (244, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4)])
        case .brAddImmToI32LtU(let v0, let v1, let v2, let v3, let v4): return (245, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .slot(v3), .pc(v4)])
        case .i32ShlImmAddImmCopy(let v0, let v1, let v2, let v3, let v4): return (246, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .imm32(v3), .imm32(v4)])
        case .selectAndImmI64ShrURhs(let v0, let v1, let v2, let v3, let v4, let v5): return (247, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .imm32(v5)])
        case .selectAndImmI32ShrURhs(let v0, let v1, let v2, let v3, let v4, let v5): return (248, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .imm32(v5)])
        case .selectAndImmI64ShrULhs(let v0, let v1, let v2, let v3, let v4, let v5): return (249, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .imm32(v5)])
        case .selectAndImmI32ShrULhs(let v0, let v1, let v2, let v3, let v4, let v5): return (250, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .imm32(v5)])
        case .i32AddAndImmPair(let v0, let v1, let v2, let v3, let v4): return (251, [.slot(v0), .slot(v1), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4)])
        case .brI64NeImmStep(let v0, let v1, let v2, let v3, let v4): return (252, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .imm32(v3), .pc(v4)])
        case .brI32NeImmStep(let v0, let v1, let v2, let v3, let v4): return (253, [.slot(Slot(v0)), .slot(Slot(v1)), .imm32(v2), .imm32(v3), .pc(v4)])
        case .scanLoadStepCountI32LtU(let v0, let v1, let v2, let v3, let v4, let v5): return (254, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(Slot(v4)), .imm32(v5), .memory])
        case .scanLoadStepCountI32GtU(let v0, let v1, let v2, let v3, let v4, let v5): return (255, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(Slot(v4)), .imm32(v5), .memory])
        case .scanLoadStepCountI32LtS(let v0, let v1, let v2, let v3, let v4, let v5): return (256, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(Slot(v4)), .imm32(v5), .memory])
        case .scanLoadStepCountI32GtS(let v0, let v1, let v2, let v3, let v4, let v5): return (257, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(Slot(v4)), .imm32(v5), .memory])
        case .copyPair(let v0, let v1, let v2, let v3): return (258, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3))])
        case .brLoadI32Eqz(let v0, let v1, let v2, let v3): return (259, [.slot(v0), .slot(v1), .imm32(v2), .pc(v3), .memory])
        case .brLoadI32Nez(let v0, let v1, let v2, let v3): return (260, [.slot(v0), .slot(v1), .imm32(v2), .pc(v3), .memory])
        case .brIfI32StepTee(let v0, let v1, let v2, let v3, let v4): return (261, [.slot(v0), .slot(Slot(v1)), .slot(Slot(v2)), .imm32(v3), .pc(v4)])
        case .brF32SquareAddLt(let v0, let v1, let v2, let v3, let v4): return (262, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .slot(v3), .pc(v4)])
        case .brF32SquareAddNotLt(let v0, let v1, let v2, let v3, let v4): return (263, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .slot(v3), .pc(v4)])
        case .brF64SquareAddLt(let v0, let v1, let v2, let v3, let v4): return (264, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .slot(v3), .pc(v4)])
        case .brF64SquareAddNotLt(let v0, let v1, let v2, let v3, let v4): return (265, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .slot(v3), .pc(v4)])
        case .f32MulLoad(let v0, let v1, let v2, let v3, let v4): return (266, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .imm32(v3), .imm32(v4), .memory])
        case .f64MulLoad(let v0, let v1, let v2, let v3, let v4): return (267, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(v2), .imm32(v3), .imm32(v4), .memory])
        case .f32MulLoadAdd(let v0, let v1, let v2, let v3, let v4, let v5): return (268, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .imm32(v5), .memory])
        case .f64MulLoadAdd(let v0, let v1, let v2, let v3, let v4, let v5): return (269, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .imm32(v4), .imm32(v5), .memory])
        case .brF32SquaresAddLt(let v0, let v1, let v2, let v3, let v4, let v5): return (270, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(v4), .pc(v5)])
        case .brF32SquaresAddNotLt(let v0, let v1, let v2, let v3, let v4, let v5): return (271, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(v4), .pc(v5)])
        case .brF64SquaresAddLt(let v0, let v1, let v2, let v3, let v4, let v5): return (272, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(v4), .pc(v5)])
        case .brF64SquaresAddNotLt(let v0, let v1, let v2, let v3, let v4, let v5): return (273, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .slot(Slot(v3)), .slot(v4), .pc(v5)])
        case .brI32GtUImmStepTee(let v0, let v1, let v2, let v3, let v4, let v5): return (274, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .imm32(v3), .imm32(v4), .pc(v5)])
        case .brI32GtSImmStepTee(let v0, let v1, let v2, let v3, let v4, let v5): return (275, [.slot(Slot(v0)), .slot(Slot(v1)), .slot(Slot(v2)), .imm32(v3), .imm32(v4), .pc(v5)])
        case .load(let v0, let v1, let v2, let v3): return (276, [.load(v0), .slot(v1), .slot(v2), .imm32(v3), .memory])
        case .store(let v0, let v1, let v2, let v3): return (277, [.store(v0), .slot(v1), .slot(v2), .imm32(v3), .memory])
        case .memorySize(let v0): return (278, [.slot(v0), .memory])
        case .memoryGrow(let v0): return (279, [.slot(v0), .memory])
        case .memoryFill(let v0): return (280, [.slots(v0, count: 3), .memory])
        case .memoryCopy(let v0): return (281, [.slots(v0, count: 3), .memory])
        case .memoryInit(let v0, let v1): return (282, [.data(v0), .slots(v1, count: 3), .memory])
        case .dataDrop(let v0): return (283, [.data(v0)])
        case .tableGet(let v0, let v1): return (284, [.table(v0), .slot(v1)])
        case .tableSet(let v0, let v1): return (285, [.table(v0), .slots(v1, count: 2)])
        case .tableSize(let v0, let v1): return (286, [.table(v0), .slot(v1)])
        case .tableGrow(let v0, let v1): return (287, [.table(v0), .slots(v1, count: 2)])
        case .tableFill(let v0, let v1): return (288, [.table(v0), .slots(v1, count: 3)])
        case .tableCopy(let v0, let v1, let v2): return (289, [.table(v0), .table(v1), .slots(v2, count: 3)])
        case .tableInit(let v0, let v1, let v2): return (290, [.element(v0), .table(v1), .slots(v2, count: 3)])
        case .elemDrop(let v0): return (291, [.element(v0)])
        // END GENERATED
        }
    }
}
