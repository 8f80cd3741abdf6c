/// One decoded WebAssembly instruction (core spec §2.4). Function bodies are decoded once into
/// arrays of these; the validator checks them and each backend lowers them to its own code.
///
/// `Instruction` is plain data (no reference-counted payload): the variable-length immediates
/// (`br_table`'s targets, a typed `select`'s types) live in the `lists` side table of the
/// sequence holding the instruction (`FunctionBody.lists`, `ConstExpr.lists`), and the
/// instruction holds an `ImmediateList` range into it. Arrays of instructions are then copied,
/// scanned and freed without a retain or release per element.

/// Memory loads; the raw value is the opcode.
public enum LoadOp: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case i32Load = 0x28, i64Load, f32Load, f64Load
    case i32Load8S, i32Load8U, i32Load16S, i32Load16U
    case i64Load8S, i64Load8U, i64Load16S, i64Load16U, i64Load32S, i64Load32U

    /// Type pushed on the stack.
    public var resultType: ValueType {
        switch self {
        case .i32Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U: return .i32
        case .f32Load: return .f32
        case .f64Load: return .f64
        default: return .i64
        }
    }

    /// Number of bytes read from memory.
    public var byteWidth: Int {
        switch self {
        case .i32Load8S, .i32Load8U, .i64Load8S, .i64Load8U: return 1
        case .i32Load16S, .i32Load16U, .i64Load16S, .i64Load16U: return 2
        case .i32Load, .f32Load, .i64Load32S, .i64Load32U: return 4
        case .i64Load, .f64Load: return 8
        }
    }

    /// log2 of the natural alignment: the largest alignment immediate that validates.
    public var naturalAlignment: UInt32 { UInt32(byteWidth.trailingZeroBitCount) }

    public var description: String {
        ["i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s",
         "i32.load16_u", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s",
         "i64.load32_u"][Int(rawValue - 0x28)]
    }
}

/// Memory stores; the raw value is the opcode.
public enum StoreOp: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case i32Store = 0x36, i64Store, f32Store, f64Store
    case i32Store8, i32Store16, i64Store8, i64Store16, i64Store32

    /// Type popped from the stack (besides the address).
    public var valueType: ValueType {
        switch self {
        case .i32Store, .i32Store8, .i32Store16: return .i32
        case .f32Store: return .f32
        case .f64Store: return .f64
        default: return .i64
        }
    }

    /// Number of bytes written to memory.
    public var byteWidth: Int {
        switch self {
        case .i32Store8, .i64Store8: return 1
        case .i32Store16, .i64Store16: return 2
        case .i32Store, .f32Store, .i64Store32: return 4
        case .i64Store, .f64Store: return 8
        }
    }

    public var naturalAlignment: UInt32 { UInt32(byteWidth.trailingZeroBitCount) }

    public var description: String {
        ["i32.store", "i64.store", "f32.store", "f64.store", "i32.store8", "i32.store16", "i64.store8",
         "i64.store16", "i64.store32"][Int(rawValue - 0x36)]
    }
}

/// A WebAssembly 2.0 instruction (SIMD excluded for now). Indices are module-level indices
/// (function, type, table, memory, global, element, data) or local/label indices as in the binary format.
public enum Instruction: Hashable, Sendable {
    // Control (§5.4.1)
    case unreachable
    case nop
    case block(BlockType)
    case loop(BlockType)
    case `if`(BlockType)
    case `else`
    case end
    case br(UInt32)
    case brIf(UInt32)
    /// `br_table`: the targets are `targets` in the sequence's `lists`; `default` the default depth.
    case brTable(targets: ImmediateList, default: UInt32)
    case `return`
    case call(UInt32)
    case callIndirect(typeIndex: UInt32, tableIndex: UInt32)

    // Reference (§5.4.2)
    case refNull(RefType)
    case refIsNull
    case refFunc(UInt32)

    // Parametric (§5.4.3)
    case drop
    /// `select` without a type immediate (operands must be numeric).
    case select
    /// `select t*` with explicit result types (exactly one in Wasm 2.0), stored in the sequence's
    /// `lists` as `ValueType.byte` codes.
    case selectTyped(ImmediateList)

    // Variable (§5.4.4)
    case localGet(UInt32)
    case localSet(UInt32)
    case localTee(UInt32)
    case globalGet(UInt32)
    case globalSet(UInt32)

    // Table (§5.4.5)
    case tableGet(UInt32)
    case tableSet(UInt32)
    case tableInit(elementIndex: UInt32, tableIndex: UInt32)
    case elemDrop(UInt32)
    case tableCopy(destination: UInt32, source: UInt32)
    case tableGrow(UInt32)
    case tableSize(UInt32)
    case tableFill(UInt32)

    // Memory (§5.4.6)
    case load(LoadOp, MemArg)
    case store(StoreOp, MemArg)
    case memorySize(memoryIndex: UInt32)
    case memoryGrow(memoryIndex: UInt32)
    case memoryInit(dataIndex: UInt32, memoryIndex: UInt32)
    case dataDrop(UInt32)
    case memoryCopy(destination: UInt32, source: UInt32)
    case memoryFill(memoryIndex: UInt32)

    // Numeric (§5.4.7)
    case i32Const(Int32)
    case i64Const(Int64)
    /// Bit pattern of the constant (NaN payloads are preserved).
    case f32Const(UInt32)
    /// Bit pattern of the constant (NaN payloads are preserved).
    case f64Const(UInt64)
    case numeric(NumericOp)
}

extension Instruction {
    /// Whether this instruction may appear in a constant expression (Wasm 2.0 rules;
    /// `global.get` is further restricted by the validator to imported immutable globals).
    public var isConstant: Bool {
        switch self {
        case .i32Const, .i64Const, .f32Const, .f64Const, .refNull, .refFunc, .globalGet: return true
        default: return false
        }
    }
}

/// A range of an instruction sequence's `lists` side table: the variable-length immediates of
/// one instruction.
public struct ImmediateList: Hashable, Sendable {
    /// Index of the first element in `lists`.
    public var start: UInt32
    /// Number of elements.
    public var count: UInt32

    public init(start: UInt32, count: UInt32) {
        self.start = start
        self.count = count
    }

    /// The elements of this range in `lists`; elements past the end of `lists` are left out
    /// (only a sequence built inconsistently in memory has them).
    public func elements(in lists: [UInt32]) -> ArraySlice<UInt32> {
        let lower = Swift.min(Int(start), lists.count)
        let upper = Swift.min(lower + Int(count), lists.count)
        return lists[lower..<upper]
    }

    /// The value types of this range in `lists` (stored as `ValueType.byte` codes; codes that
    /// are no value type are left out).
    public func valueTypes(in lists: [UInt32]) -> [ValueType] {
        elements(in: lists).compactMap { UInt8(exactly: $0).flatMap(ValueType.init(byte:)) }
    }
}

extension Instruction {
    /// `br_table` with `targets` appended to `lists`, the side table of the sequence the
    /// instruction goes into.
    public static func brTable(targets: [UInt32], default defaultDepth: UInt32, lists: inout [UInt32]) -> Instruction {
        .brTable(targets: append(targets, to: &lists), default: defaultDepth)
    }

    /// `select t*` with `types` appended to `lists`, the side table of the sequence the
    /// instruction goes into.
    public static func selectTyped(_ types: [ValueType], lists: inout [UInt32]) -> Instruction {
        .selectTyped(append(types.map { UInt32($0.byte) }, to: &lists))
    }

    private static func append(_ elements: [UInt32], to lists: inout [UInt32]) -> ImmediateList {
        let list = ImmediateList(start: UInt32(clamping: lists.count), count: UInt32(clamping: elements.count))
        lists.append(contentsOf: elements)
        return list
    }
}

/// A constant expression (initializer of a global, offset of a segment, element item),
/// without its terminating `end`.
public struct ConstExpr: Hashable, Sendable {
    public var instructions: [Instruction]
    /// The variable-length immediates of `instructions` (see `Instruction`); empty for valid
    /// constant expressions.
    public var lists: [UInt32]

    public init(_ instructions: [Instruction], lists: [UInt32] = []) {
        self.instructions = instructions
        self.lists = lists
    }
}
