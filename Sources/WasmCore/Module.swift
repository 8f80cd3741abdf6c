/// The decoded form of a module (core spec §2.5): what the binary decoder produces, the validator
/// checks, the backends compile and the generator and encoder build.

public enum ImportDescriptor: Hashable, Sendable {
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
}

public struct Import: Hashable, Sendable {
    public var module: String
    public var name: String
    public var descriptor: ImportDescriptor

    public init(module: String, name: String, descriptor: ImportDescriptor) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
    }
}

public enum ExternalKind: UInt8, Hashable, Sendable {
    case function = 0, table = 1, memory = 2, global = 3
}

public struct Export: Hashable, Sendable {
    public var name: String
    public var kind: ExternalKind
    public var index: UInt32

    public init(name: String, kind: ExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

public struct GlobalDefinition: Hashable, Sendable {
    public var type: GlobalType
    public var initializer: ConstExpr

    public init(type: GlobalType, initializer: ConstExpr) {
        self.type = type
        self.initializer = initializer
    }
}

public struct ElementSegment: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        case passive
        case active(tableIndex: UInt32, offset: ConstExpr)
        case declarative
    }

    public var type: RefType
    public var mode: Mode
    /// One constant expression per element (function indices are decoded as `ref.func i`).
    public var items: [ConstExpr]

    public init(type: RefType, mode: Mode, items: [ConstExpr]) {
        self.type = type
        self.mode = mode
        self.items = items
    }
}

public struct DataSegment: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        case passive
        case active(memoryIndex: UInt32, offset: ConstExpr)
    }

    public var mode: Mode
    public var bytes: [UInt8]

    public init(mode: Mode, bytes: [UInt8]) {
        self.mode = mode
        self.bytes = bytes
    }
}

/// A run of local declarations of one type in a function body.
public struct LocalDecl: Hashable, Sendable {
    public var count: UInt32
    public var type: ValueType

    public init(count: UInt32, type: ValueType) {
        self.count = count
        self.type = type
    }
}

/// A defined function's code: locals and the instruction sequence, ending with the final `end`.
public struct FunctionBody: Hashable, Sendable {
    public var locals: [LocalDecl]
    /// The instructions, including the function's final `end`.
    public var instructions: [Instruction]
    /// Byte offset within the module binary of each instruction (same count as `instructions`);
    /// empty for bodies built in memory rather than decoded.
    public var offsets: [Int]
    /// The variable-length immediates of `instructions`: `br_table` targets and typed `select`
    /// types (see `Instruction`, `ImmediateList`).
    public var lists: [UInt32]
    /// What the validator learnt about the body while checking it (`decodeAndValidateModule`);
    /// nil for bodies built in memory or decoded without validation. Not part of the body's
    /// identity: equality and hashing ignore it.
    public var profile: BodyProfile?

    public init(locals: [LocalDecl], instructions: [Instruction], offsets: [Int] = [], lists: [UInt32] = []) {
        self.locals = locals
        self.instructions = instructions
        self.offsets = offsets
        self.lists = lists
    }

    public static func == (a: FunctionBody, b: FunctionBody) -> Bool {
        a.locals == b.locals && a.instructions == b.instructions && a.offsets == b.offsets && a.lists == b.lists
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(locals)
        hasher.combine(instructions)
        hasher.combine(offsets)
        hasher.combine(lists)
    }

    /// The types of the declared locals (not the parameters), one entry per local.
    public var expandedLocals: [ValueType] {
        locals.flatMap { Array(repeating: $0.type, count: Int($0.count)) }
    }
}

public struct CustomSection: Hashable, Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Contents of the `name` custom section, as far as it decoded (a malformed name section is
/// ignored, as the spec allows).
public struct NameSection: Hashable, Sendable {
    public var moduleName: String?
    public var functionNames: [UInt32: String]
    public var localNames: [UInt32: [UInt32: String]]

    public init(moduleName: String? = nil, functionNames: [UInt32: String] = [:], localNames: [UInt32: [UInt32: String]] = [:]) {
        self.moduleName = moduleName
        self.functionNames = functionNames
        self.localNames = localNames
    }
}

/// A module's definition: what the decoder produces from bytes and the encoder writes back. Function, table, memory and global index spaces start with the imports.
public struct ModuleDefinition: Hashable, Sendable {
    public var types: [FuncType] = []
    public var imports: [Import] = []
    /// Type index of each defined (non-imported) function.
    public var functions: [UInt32] = []
    public var tables: [TableType] = []
    public var memories: [MemoryType] = []
    public var globals: [GlobalDefinition] = []
    public var exports: [Export] = []
    public var start: UInt32?
    public var elements: [ElementSegment] = []
    /// The data count section's value, when present.
    public var dataCount: UInt32?
    /// Bodies of the defined functions, parallel to `functions`.
    public var codes: [FunctionBody] = []
    public var datas: [DataSegment] = []
    public var customSections: [CustomSection] = []
    public var names: NameSection?

    public init() {}

    public var importedFunctions: [UInt32] {
        imports.compactMap { if case .function(let t) = $0.descriptor { return t } else { return nil } }
    }
    public var importedTables: [TableType] {
        imports.compactMap { if case .table(let t) = $0.descriptor { return t } else { return nil } }
    }
    public var importedMemories: [MemoryType] {
        imports.compactMap { if case .memory(let t) = $0.descriptor { return t } else { return nil } }
    }
    public var importedGlobals: [GlobalType] {
        imports.compactMap { if case .global(let t) = $0.descriptor { return t } else { return nil } }
    }

    /// Type indices of the whole function index space (imports first).
    public var allFunctionTypeIndices: [UInt32] { importedFunctions + functions }
    public var allTables: [TableType] { importedTables + tables }
    public var allMemories: [MemoryType] { importedMemories + memories }
    public var allGlobalTypes: [GlobalType] { importedGlobals + globals.map(\.type) }

    /// The signature of function `index` in the function index space, if it exists.
    /// Allocates nothing (compilers call this for every call site).
    public func functionType(at index: UInt32) -> FuncType? {
        var remaining = Int(index)
        var typeIndex: UInt32?
        for item in imports {
            guard case .function(let t) = item.descriptor else { continue }
            if remaining == 0 {
                typeIndex = t
                break
            }
            remaining -= 1
        }
        if typeIndex == nil {
            guard remaining < functions.count else { return nil }
            typeIndex = functions[remaining]
        }
        guard let t = typeIndex, Int(t) < types.count else { return nil }
        return types[Int(t)]
    }
}
