import WasmCore

/// A module instance (core spec §4.2.5): the module's index spaces resolved to store objects.
public final class ModuleInstance {
    public let module: ModuleDefinition
    /// The backend's compiled form of `module` (e.g. the interpreter's lowered functions).
    public let code: AnyObject
    /// Store address of each function in the module's function index space.
    public internal(set) var functionAddresses: [Int] = []
    /// Store type id of each entry of the module's type section.
    public internal(set) var typeIDs: [Int] = []
    public internal(set) var tables: [TableInstance] = []
    public internal(set) var memories: [MemoryInstance] = []
    public internal(set) var globals: [GlobalInstance] = []
    /// The value cells of `globals`, for direct access from compiled code.
    public private(set) var globalCells: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>> = .allocate(capacity: 1)
    /// Element segment instances: evaluated references; emptied when dropped.
    public var elementSegments: [[UInt64]] = []
    /// Whether each data segment was dropped (its bytes then count as empty).
    public var droppedData: [Bool] = []
    public internal(set) var exports: [(name: String, value: ExternalValue)] = []
    /// A name for backtraces (the name section's module name, or the one given at instantiation).
    public var name: String?

    public init(module: ModuleDefinition, code: AnyObject) {
        self.module = module
        self.code = code
        self.name = module.names?.moduleName
    }

    deinit { globalCells.deallocate() }

    /// Rebuilds `globalCells` from `globals` (once, after instantiation has created them).
    func rebuildGlobalCells() {
        globalCells.deallocate()
        globalCells = .allocate(capacity: max(globals.count, 1))
        for (i, g) in globals.enumerated() { globalCells[i] = g.cell }
    }

    public func export(_ name: String) -> ExternalValue? {
        // Names compare by their UTF-8 bytes (Swift's `==` would equate canonically equivalent strings).
        exports.first(where: { $0.name.utf8.elementsEqual(name.utf8) })?.value
    }

    /// The bytes of data segment `index`, empty when dropped.
    public func dataBytes(_ index: Int) -> [UInt8] {
        droppedData[index] ? [] : module.datas[index].bytes
    }
}
