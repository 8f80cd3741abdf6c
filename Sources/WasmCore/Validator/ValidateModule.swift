/// Module validation (core spec §3.4): every definition, then every function body.

/// Validates a decoded module per the core spec §3. Throws `ValidationError` naming the function
/// index and the byte offset of the offending instruction (from `FunctionBody.offsets` when present).
public func validateModule(_ module: ModuleDefinition, features: Features = .wasm2) throws {
    var validator = ModuleValidator(features: features)
    try validator.validate(module)
}

/// A reusable validator configuration, for callers (fuzzers) that validate many modules.
/// Each `validate` call sets up its operand and control stacks once and reuses them for every
/// function body of the module.
public struct ModuleValidator {
    /// The proposals modules may use.
    public var features: Features

    public init(features: Features = .wasm2) {
        self.features = features
    }

    /// Validates `module` like `validateModule(_:features:)`.
    public mutating func validate(_ module: ModuleDefinition) throws(ValidationError) {
        try validate(module, firstUncheckedBody: 0, firstBodyFailure: nil)
    }

    /// Validates `module` whose bodies before `firstUncheckedBody` were checked already (they
    /// passed) and, if `firstBodyFailure` is set, the next one failed with that error.
    mutating func validate(_ module: ModuleDefinition, firstUncheckedBody: Int, firstBodyFailure: ValidationError?) throws(ValidationError) {
        var context = ModuleContext(module, features: features)
        try validateDefinitions(module, &context)
        if let firstBodyFailure { throw firstBodyFailure }
        let firstDefined = context.importedFunctionCount
        var functionValidator = FunctionValidator()
        for (i, body) in module.codes.enumerated() where i >= firstUncheckedBody {
            let functionIndex = UInt32(clamping: firstDefined + i)
            // Type indices of defined functions were checked by `validateDefinitions`.
            guard let type = context.functionType(functionIndex) else {
                throw ValidationError("unknown type", functionIndex: functionIndex)
            }
            try functionValidator.validate(body, type: type, functionIndex: functionIndex, context: context)
        }
    }
}

/// Checks everything but the function bodies, and collects `C.refs` into `context`.
private func validateDefinitions(_ module: ModuleDefinition, _ context: inout ModuleContext) throws(ValidationError) {
    let features = context.features
    for type in module.types {
        for t in type.params { try validateValueType(t, features) }
        for t in type.results { try validateValueType(t, features) }
        if type.results.count > 1 && !features.contains(.multiValue) { throw ValidationError("invalid result arity") }
    }
    guard module.codes.count == module.functions.count else {
        throw ValidationError("function and code section have inconsistent lengths")
    }
    if let count = module.dataCount, Int(count) != module.datas.count {
        throw ValidationError("data count and data section have inconsistent lengths")
    }

    for item in module.imports {
        switch item.descriptor {
        case .function(let typeIndex):
            guard context.type(typeIndex) != nil else { throw ValidationError("unknown type \(typeIndex)") }
        case .table(let table):
            try validateTableType(table, features)
        case .memory(let memory):
            try validateMemoryType(memory)
        case .global(let global):
            try validateValueType(global.valueType, features)
            if global.isMutable { try features.require(.mutableGlobals) }
        }
    }
    for typeIndex in module.functions where context.type(typeIndex) == nil {
        throw ValidationError("unknown type \(typeIndex)")
    }
    for table in module.tables { try validateTableType(table, features) }
    if context.tables.count > 1 { try features.require(.referenceTypes) }
    for memory in module.memories { try validateMemoryType(memory) }
    guard context.memoryCount <= 1 else { throw ValidationError("multiple memories") }

    for global in module.globals {
        try validateValueType(global.type.valueType, features)
        try context.validateConstant(global.initializer, expected: global.type.valueType)
    }
    for segment in module.elements {
        if segment.type == .externref { try features.require(.referenceTypes) }
        for item in segment.items { try context.validateConstant(item, expected: .ref(segment.type)) }
        switch segment.mode {
        case .active(let tableIndex, let offset):
            guard let table = context.table(tableIndex) else { throw ValidationError("unknown table \(tableIndex)") }
            guard table.elementType == segment.type else { throw ValidationError("type mismatch") }
            try context.validateConstant(offset, expected: .i32)
        case .passive, .declarative:
            try features.require(.bulkMemory)
        }
    }
    for segment in module.datas {
        switch segment.mode {
        case .active(let memoryIndex, let offset):
            guard context.hasMemory(memoryIndex) else { throw ValidationError("unknown memory \(memoryIndex)") }
            try context.validateConstant(offset, expected: .i32)
        case .passive:
            try features.require(.bulkMemory)
        }
    }
    if let start = module.start {
        guard let type = context.functionType(start) else { throw ValidationError("unknown function \(start)") }
        guard type.params.isEmpty, type.results.isEmpty else { throw ValidationError("start function") }
    }
    try validateExports(module, &context)
    collectReferences(module, &context)
}

private func validateExports(_ module: ModuleDefinition, _ context: inout ModuleContext) throws(ValidationError) {
    // Names are compared as UTF-8 bytes: Swift's `String` equality would merge canonically
    // equivalent but distinct names (e.g. U+212B and U+00C5).
    var names = Set<[UInt8]>()
    names.reserveCapacity(module.exports.count)
    for export in module.exports {
        guard names.insert(Array(export.name.utf8)).inserted else { throw ValidationError("duplicate export name") }
        let index = export.index
        switch export.kind {
        case .function:
            guard Int(index) < context.functionTypeIndices.count else { throw ValidationError("unknown function \(index)") }
            context.declareReference(index)
        case .table:
            guard context.table(index) != nil else { throw ValidationError("unknown table \(index)") }
        case .memory:
            guard context.hasMemory(index) else { throw ValidationError("unknown memory \(index)") }
        case .global:
            guard let global = context.global(index) else { throw ValidationError("unknown global \(index)") }
            if global.isMutable { try context.features.require(.mutableGlobals) }
        }
    }
}

/// Adds to `C.refs` every function referenced outside function bodies (exports were added by
/// `validateExports`).
private func collectReferences(_ module: ModuleDefinition, _ context: inout ModuleContext) {
    context.declareReferences(of: module)
}

private func validateValueType(_ type: ValueType, _ features: Features) throws(ValidationError) {
    switch type {
    case .v128: try features.require(.simd)
    case .ref(let r) where r == .externref: try features.require(.referenceTypes)
    default: break
    }
}

/// Table limits must lie within the u32 range with min ≤ max.
private func validateTableType(_ table: TableType, _ features: Features) throws(ValidationError) {
    if table.elementType == .externref { try features.require(.referenceTypes) }
    let limit = UInt64(UInt32.max)
    guard table.limits.min <= limit, (table.limits.max ?? 0) <= limit else {
        throw ValidationError("table size must be at most 2^32-1")
    }
    try validateLimitOrder(table.limits)
}

/// Memory limits must be at most 65536 pages with min ≤ max; shared memories need threads.
private func validateMemoryType(_ memory: MemoryType) throws(ValidationError) {
    guard memory.limits.min <= MemoryType.maxPages, (memory.limits.max ?? 0) <= MemoryType.maxPages else {
        throw ValidationError("memory size must be at most 65536 pages (4GiB)")
    }
    try validateLimitOrder(memory.limits)
    guard !memory.shared else { throw ValidationError("threads support is not enabled") }
}

private func validateLimitOrder(_ limits: Limits) throws(ValidationError) {
    if let max = limits.max, limits.min > max {
        throw ValidationError("size minimum must not be greater than maximum")
    }
}
