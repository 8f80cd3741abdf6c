import WasmCore
import WasmRuntime

/// A slot index relative to the frame pointer: locals first (parameters, then declared
/// locals), then the operand stack, whose height is static at every instruction.
typealias Slot = UInt32
/// An index into a function's lowered code.
typealias PC = Int32

/// One lowered (register-style) instruction. Operands name frame slots; branch targets are
/// resolved code indices; nothing is decoded at run time. Payloads are trivial values so the
/// code array needs no reference counting.
enum Op {
    // Control.
    case trap(TrapKind)
    case br(PC)
    case brIf(cond: Slot, PC)
    case brIfNot(cond: Slot, PC)
    /// Jumps to `targets[start + min(index, count)]` (the last entry is the default).
    case brTable(index: Slot, start: UInt32, count: UInt32)
    /// Returns; the results are already in slots `0..<resultCount`.
    case ret
    /// Calls defined function `function` (index among the module's defined functions);
    /// arguments start at `argBase`, results are written there.
    case callDefined(function: UInt32, argBase: Slot)
    /// Calls function `function` of the module's function index space through the instance.
    case callAny(function: UInt32, argBase: Slot)
    case callIndirect(typeIndex: UInt32, table: UInt32, index: Slot, argBase: Slot)
    case epochCheck
    case fuel(UInt32)

    // Moves and constants.
    case copy(dst: Slot, src: Slot)
    case const32(dst: Slot, UInt32)
    case const64(dst: Slot, UInt64)
    /// `dst` holds the first operand; replaced by `other` when `cond` is zero.
    case select(dst: Slot, other: Slot, cond: Slot)
    case globalGet(dst: Slot, index: UInt32)
    case globalSet(src: Slot, index: UInt32)
    case refFunc(dst: Slot, function: UInt32)
    case refIsNull(dst: Slot, src: Slot)

    // Numeric (hot ones specialized).
    case unary(NumericOp, dst: Slot, src: Slot)
    case binary(NumericOp, dst: Slot, lhs: Slot, rhs: Slot)
    case i32Add(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Sub(dst: Slot, lhs: Slot, rhs: Slot)
    case i32And(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Eqz(dst: Slot, src: Slot)
    case i32LtS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32LtU(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Eq(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Ne(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Add(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Sub(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Mul(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Or(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Xor(dst: Slot, lhs: Slot, rhs: Slot)
    case i32Shl(dst: Slot, lhs: Slot, rhs: Slot)
    case i32ShrU(dst: Slot, lhs: Slot, rhs: Slot)
    case i32ShrS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32GtS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32GtU(dst: Slot, lhs: Slot, rhs: Slot)
    case i32LeS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32LeU(dst: Slot, lhs: Slot, rhs: Slot)
    case i32GeS(dst: Slot, lhs: Slot, rhs: Slot)
    case i32GeU(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Mul(dst: Slot, lhs: Slot, rhs: Slot)
    case i64And(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Or(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Xor(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Shl(dst: Slot, lhs: Slot, rhs: Slot)
    case i64ShrU(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Eq(dst: Slot, lhs: Slot, rhs: Slot)
    case i64Ne(dst: Slot, lhs: Slot, rhs: Slot)
    case i64LtS(dst: Slot, lhs: Slot, rhs: Slot)
    case i64LtU(dst: Slot, lhs: Slot, rhs: Slot)
    case i64GtS(dst: Slot, lhs: Slot, rhs: Slot)
    case i64GtU(dst: Slot, lhs: Slot, rhs: Slot)
    /// `dst = src + imm` (i32), from `i32.add` / `i32.sub` with a constant operand.
    case i32AddImm(dst: Slot, src: Slot, imm: UInt32)
    /// Branches when `cond` is zero (a fused `i32.eqz` + `br_if`).
    case brIfEqz(cond: Slot, PC)
    case i32Load(dst: Slot, addr: Slot, offset: UInt32)
    case i64Load(dst: Slot, addr: Slot, offset: UInt32)
    case i32Store(addr: Slot, value: Slot, offset: UInt32)
    case i64Store(addr: Slot, value: Slot, offset: UInt32)

    // Memory (memory 0; Wasm 2.0 has at most one).
    case load(LoadOp, dst: Slot, addr: Slot, offset: UInt32)
    case store(StoreOp, addr: Slot, value: Slot, offset: UInt32)
    case memorySize(dst: Slot)
    case memoryGrow(dst: Slot)
    /// Operands `d, val, n` in slots `base..<base+3`.
    case memoryFill(base: Slot)
    case memoryCopy(base: Slot)
    case memoryInit(data: UInt32, base: Slot)
    case dataDrop(UInt32)

    // Tables.
    case tableGet(table: UInt32, dst: Slot)
    case tableSet(table: UInt32, base: Slot)
    case tableSize(table: UInt32, dst: Slot)
    case tableGrow(table: UInt32, base: Slot)
    case tableFill(table: UInt32, base: Slot)
    case tableCopy(dst: UInt32, src: UInt32, base: Slot)
    case tableInit(element: UInt32, table: UInt32, base: Slot)
    case elemDrop(UInt32)
}

/// A lowered function body.
final class CompiledFunction {
    /// Index in the module's function index space.
    let functionIndex: UInt32
    let paramCount: Int
    let resultCount: Int
    /// Declared locals (zeroed at entry), after the parameters.
    let localCount: Int
    /// Slots the frame needs: parameters, locals and the deepest operand stack.
    let frameSize: Int
    let code: UnsafeMutablePointer<Op>
    let codeCount: Int
    /// `br_table` targets of the whole function.
    let tableTargets: UnsafeMutablePointer<PC>
    let tableTargetCount: Int
    /// For each lowered op, the index of the wasm instruction it came from (for backtraces).
    let sourceIndex: [Int32]

    init(functionIndex: UInt32, paramCount: Int, resultCount: Int, localCount: Int, frameSize: Int,
         code: [Op], tableTargets: [PC], sourceIndex: [Int32]) {
        self.functionIndex = functionIndex
        self.paramCount = paramCount
        self.resultCount = resultCount
        self.localCount = localCount
        self.frameSize = frameSize
        self.code = .allocate(capacity: max(code.count, 1))
        self.code.initialize(from: code, count: code.count)
        self.codeCount = code.count
        self.tableTargets = .allocate(capacity: max(tableTargets.count, 1))
        self.tableTargets.initialize(from: tableTargets, count: tableTargets.count)
        self.tableTargetCount = tableTargets.count
        self.sourceIndex = sourceIndex
    }

    deinit {
        code.deinitialize(count: codeCount)
        code.deallocate()
        tableTargets.deallocate()
    }
}

/// The interpreter's compiled form of a module.
final class CompiledModule {
    let functions: [CompiledFunction]
    /// Unretained references to `functions`, for the execution loop.
    let functionTable: UnsafeMutablePointer<Unmanaged<CompiledFunction>>

    init(functions: [CompiledFunction]) {
        self.functions = functions
        functionTable = .allocate(capacity: max(functions.count, 1))
        for (i, f) in functions.enumerated() { functionTable[i] = .passUnretained(f) }
    }

    deinit { functionTable.deallocate() }
}
