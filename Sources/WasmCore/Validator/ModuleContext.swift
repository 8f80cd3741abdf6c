/// The validation context `C` of the core spec §3.1.1, flattened from a `ModuleDefinition` once per
/// module so that instruction checks are plain array lookups.
struct ModuleContext {
    let features: Features
    let types: [FuncType]
    /// Type index of every function in the function index space (imports first). Not checked
    /// against `types`: use `functionType(_:)`.
    let functionTypeIndices: [UInt32]
    let importedFunctionCount: Int
    let tables: [TableType]
    let memoryCount: Int
    let globals: [GlobalType]
    let importedGlobalCount: Int
    let elementTypes: [RefType]
    /// Number of data segments instructions may refer to: the data count section's value when
    /// present, else the number of data segments.
    let dataSegmentCount: UInt64
    /// `C.refs`: functions declared by element segments, exports or global initializers, as a bit set.
    private(set) var declaredReferences: [UInt64]

    init(_ module: ModuleDefinition, features: Features) {
        self.features = features
        self.types = module.types
        let importedFunctions = module.importedFunctions
        self.importedFunctionCount = importedFunctions.count
        self.functionTypeIndices = importedFunctions + module.functions
        self.tables = module.allTables
        self.memoryCount = module.importedMemories.count + module.memories.count
        let importedGlobals = module.importedGlobals
        self.importedGlobalCount = importedGlobals.count
        self.globals = importedGlobals + module.globals.map(\.type)
        self.elementTypes = module.elements.map(\.type)
        self.dataSegmentCount = UInt64(module.dataCount ?? UInt32(clamping: module.datas.count))
        self.declaredReferences = Array(repeating: 0, count: (functionTypeIndices.count + 63) / 64)
    }

    /// The signature of function `index`, or nil when the function or its type does not exist.
    @inline(__always)
    func functionType(_ index: UInt32) -> FuncType? {
        let i = Int(index)
        guard i < functionTypeIndices.count else { return nil }
        let t = Int(functionTypeIndices[i])
        return t < types.count ? types[t] : nil
    }

    @inline(__always)
    func type(_ index: UInt32) -> FuncType? {
        Int(index) < types.count ? types[Int(index)] : nil
    }

    @inline(__always)
    func table(_ index: UInt32) -> TableType? {
        Int(index) < tables.count ? tables[Int(index)] : nil
    }

    @inline(__always)
    func global(_ index: UInt32) -> GlobalType? {
        Int(index) < globals.count ? globals[Int(index)] : nil
    }

    @inline(__always)
    func elementType(_ index: UInt32) -> RefType? {
        Int(index) < elementTypes.count ? elementTypes[Int(index)] : nil
    }

    @inline(__always)
    func hasMemory(_ index: UInt32) -> Bool { Int(index) < memoryCount }

    @inline(__always)
    func hasDataSegment(_ index: UInt32) -> Bool { UInt64(index) < dataSegmentCount }

    /// Records that function `index` may be referenced by `ref.func` in function bodies.
    mutating func declareReference(_ index: UInt32) {
        let i = Int(index)
        guard i / 64 < declaredReferences.count else { return }
        declaredReferences[i / 64] |= 1 << UInt64(i % 64)
    }

    /// Declares every function `module` references outside function bodies (`C.refs`: exports,
    /// global initializers, element segments, data offsets), ignoring unknown indices.
    mutating func declareReferences(of module: ModuleDefinition) {
        for export in module.exports where export.kind == .function { declareReference(export.index) }
        func scan(_ expr: ConstExpr, _ context: inout ModuleContext) {
            for case .refFunc(let function) in expr.instructions { context.declareReference(function) }
        }
        for global in module.globals { scan(global.initializer, &self) }
        for segment in module.elements {
            for item in segment.items { scan(item, &self) }
            if case .active(_, let offset) = segment.mode { scan(offset, &self) }
        }
        for segment in module.datas {
            if case .active(_, let offset) = segment.mode { scan(offset, &self) }
        }
    }

    @inline(__always)
    func isDeclaredReference(_ index: UInt32) -> Bool {
        let i = Int(index)
        guard i / 64 < declaredReferences.count else { return false }
        return declaredReferences[i / 64] & (1 << UInt64(i % 64)) != 0
    }
}
