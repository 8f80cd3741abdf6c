import WasmCore

/// Generates a valid module from bytes: never fails, and the same bytes with the same
/// configuration always give the same module.
public func generateModule(_ u: inout Unstructured, config: SmithConfig) -> ModuleDefinition {
    var g = ModuleGenerator(u: u, config: config)
    g.generate()
    u = g.u
    return g.module
}

/// Counts above this are clamped, whatever the configuration says.
let countCap = 10_000

struct ModuleGenerator {
    var u: Unstructured
    let config: SmithConfig
    var module = ModuleDefinition()
    var fuelGlobal: UInt32?
    /// The `sink_i32` and `sink_i64` globals (`SmithConfig.sinkDroppedValues`).
    var sinkGlobals: (i32: UInt32, i64: UInt32)?

    /// Value types the configuration allows.
    let valueTypes: [ValueType]

    init(u: Unstructured, config: SmithConfig) {
        self.u = u
        self.config = config
        valueTypes = config.referenceTypes ? [.i32, .i64, .f32, .f64, .funcref, .externref] : [.i32, .i64, .f32, .f64]
    }

    /// A count drawn from `min...max`, clamped to `0...countCap` and tolerant of `min > max`.
    mutating func count(_ minimum: Int, _ maximum: Int) -> Int {
        let lo = Swift.min(Swift.max(minimum, 0), countCap)
        let hi = Swift.min(Swift.max(maximum, lo), countCap)
        return u.int(in: lo...hi)
    }

    var refTypes: [RefType] { config.referenceTypes ? [.funcref, .externref] : [.funcref] }

    /// The index of `t` in the type section, adding it when missing.
    mutating func typeIndex(of t: FuncType) -> UInt32 {
        if let i = module.types.firstIndex(of: t) { return UInt32(i) }
        module.types.append(t)
        return UInt32(module.types.count - 1)
    }

    mutating func generate() {
        generateTypes()
        generateImports()
        generateFunctions()
        generateTables()
        generateMemories()
        generateGlobals()
        generateExports()
        generateElements()
        generateData()
        generateCode()
        generateStart()
        generateNames()
    }

    mutating func generateTypes() {
        let maxResults = config.multiValue ? Swift.max(0, config.maxResults) : Swift.min(1, Swift.max(0, config.maxResults))
        for _ in 0..<count(config.minTypes, config.maxTypes) {
            let params = (0..<count(0, Swift.min(config.maxParams, 64))).map { _ in u.choose(valueTypes) ?? .i32 }
            let results = (0..<count(0, Swift.min(maxResults, 64))).map { _ in u.choose(valueTypes) ?? .i32 }
            module.types.append(FuncType(params: params, results: results))
        }
    }

    mutating func generateImports() {
        let host = HostEnvironment.self
        for _ in 0..<count(config.minImports, config.maxImports) {
            let tableCount = module.importedTables.count
            let canImportTable = tableCount < Swift.max(0, config.maxTables) && (config.referenceTypes || tableCount == 0)
            let canImportMemory = module.importedMemories.isEmpty && config.maxMemories > 0
            switch u.int(in: 0...9) {
            case 0...5:
                guard let f = u.choose(host.functions) else { continue }
                let t = typeIndex(of: f.type)
                module.imports.append(Import(module: host.moduleName, name: f.name, descriptor: .function(typeIndex: t)))
            case 6, 7:
                let globals = host.globals.filter { !$0.type.isMutable || config.mutableGlobals }
                guard let g = u.choose(globals) else { continue }
                module.imports.append(Import(module: host.moduleName, name: g.name, descriptor: .global(g.type)))
            case 8 where canImportMemory:
                // Declared limits must be matched by the host's 1..2 pages.
                let limits = Limits(min: u.int(in: 0...UInt64(1)), max: u.bool() ? u.int(in: 2...UInt64(4)) : nil)
                module.imports.append(Import(module: host.moduleName, name: host.memory.name, descriptor: .memory(MemoryType(limits: limits))))
            case 9 where canImportTable:
                // Importing `host.table` again repeats the first declared type: a host that builds
                // imports from their declared types then satisfies both with one table.
                let limits = Limits(min: u.int(in: 0...UInt64(10)), max: u.bool() ? u.int(in: 20...UInt64(30)) : nil)
                let type = module.importedTables.first ?? TableType(elementType: .funcref, limits: limits)
                module.imports.append(Import(module: host.moduleName, name: host.table.name, descriptor: .table(type)))
            default:
                continue
            }
        }
    }

    mutating func generateFunctions() {
        let n = count(config.minFunctions, config.maxFunctions)
        if n > 0 && module.types.isEmpty { module.types.append(FuncType()) }
        for _ in 0..<n { module.functions.append(UInt32(u.index(module.types.count))) }
    }

    mutating func limits(maxMin: UInt64, cap: UInt64) -> Limits {
        let minimum = u.int(in: 0...Swift.min(maxMin, cap))
        let maximum: UInt64? = u.bool() ? u.int(in: minimum...Swift.min(minimum + Swift.min(maxMin, cap), cap)) : nil
        return Limits(min: minimum, max: maximum)
    }

    mutating func generateTables() {
        let allowed = config.referenceTypes ? Swift.max(0, config.maxTables) : Swift.min(1, Swift.max(0, config.maxTables))
        let imported = module.importedTables.count
        guard imported < allowed else { return }
        for _ in 0..<count(config.minTables - imported, allowed - imported) {
            let type = u.choose(refTypes) ?? .funcref
            module.tables.append(TableType(elementType: type, limits: limits(maxMin: config.maxTableSize, cap: 100_000)))
        }
    }

    mutating func generateMemories() {
        guard module.importedMemories.isEmpty, count(config.minMemories, Swift.min(config.maxMemories, 1)) == 1 else { return }
        module.memories.append(MemoryType(limits: limits(maxMin: config.maxMemoryPages, cap: MemoryType.maxPages)))
    }

    /// A constant expression of type `t`: a constant, an imported immutable global, or a reference.
    mutating func constExpr(_ t: ValueType) -> ConstExpr {
        var options: [Instruction] = []
        for (i, imp) in module.imports.filter({ if case .global = $0.descriptor { return true } else { return false } }).enumerated() {
            if case .global(let g) = imp.descriptor, g.valueType == t, !g.isMutable { options.append(.globalGet(UInt32(i))) }
        }
        let functionCount = module.allFunctionTypeIndices.count
        if t == .funcref && functionCount > 0 { options.append(.refFunc(UInt32(u.index(functionCount)))) }
        if !options.isEmpty && u.ratio(1, 3), let pick = u.choose(options) { return ConstExpr([pick]) }
        switch t {
        case .i32: return ConstExpr([.i32Const(u.i32Value())])
        case .i64: return ConstExpr([.i64Const(u.i64Value())])
        case .f32: return ConstExpr([.f32Const(u.f32Bits())])
        case .f64: return ConstExpr([.f64Const(u.f64Bits())])
        case .ref(let r): return ConstExpr([.refNull(r)])
        case .v128: return ConstExpr([.i32Const(0)])
        }
    }

    mutating func generateGlobals() {
        for _ in 0..<count(config.minGlobals, config.maxGlobals) {
            let t = u.choose(valueTypes) ?? .i32
            let type = GlobalType(valueType: t, mutability: u.bool() ? .variable : .constant)
            module.globals.append(GlobalDefinition(type: type, initializer: constExpr(t)))
        }
        if config.ensureTermination {
            fuelGlobal = UInt32(module.allGlobalTypes.count)
            module.globals.append(GlobalDefinition(type: GlobalType(valueType: .i32, mutability: .variable),
                                                   initializer: ConstExpr([.i32Const(config.fuel)])))
        }
        if config.sinkDroppedValues && config.mutableGlobals {
            let first = UInt32(module.allGlobalTypes.count)
            module.globals.append(GlobalDefinition(type: GlobalType(valueType: .i32, mutability: .variable), initializer: ConstExpr([.i32Const(0)])))
            module.globals.append(GlobalDefinition(type: GlobalType(valueType: .i64, mutability: .variable), initializer: ConstExpr([.i64Const(0)])))
            sinkGlobals = (first, first + 1)
        }
    }

    mutating func generateExports() {
        var names = Set<String>()
        func add(_ kind: ExternalKind, _ index: Int) {
            let name = ["func", "table", "memory", "global"][Int(kind.rawValue)] + "_\(index)"
            guard !names.contains(name) else { return }
            names.insert(name)
            module.exports.append(Export(name: name, kind: kind, index: UInt32(index)))
        }
        let functions = module.allFunctionTypeIndices.count
        let tables = module.allTables.count
        let memories = module.allMemories.count
        let globals = module.allGlobalTypes
        let exportableGlobals = globals.indices.filter { !globals[$0].isMutable || config.mutableGlobals }
        if let sinks = sinkGlobals {
            names.formUnion(["sink_i32", "sink_i64"])
            module.exports.append(Export(name: "sink_i32", kind: .global, index: sinks.i32))
            module.exports.append(Export(name: "sink_i64", kind: .global, index: sinks.i64))
        }
        if config.exportEverything {
            for i in 0..<functions { add(.function, i) }
            for i in 0..<tables { add(.table, i) }
            for i in 0..<memories { add(.memory, i) }
            for i in exportableGlobals { add(.global, i) }
            return
        }
        for _ in 0..<count(config.minExports, config.maxExports) {
            switch u.int(in: 0...5) {
            case 0...2 where functions > 0: add(.function, u.index(functions))
            case 3 where tables > 0: add(.table, u.index(tables))
            case 4 where memories > 0: add(.memory, u.index(memories))
            case 5 where !exportableGlobals.isEmpty: add(.global, u.choose(exportableGlobals) ?? 0)
            default: continue
            }
        }
    }

    mutating func generateStart() {
        guard config.allowStart, u.ratio(1, 4) else { return }
        let candidates = module.allFunctionTypeIndices.indices.filter { module.functionType(at: UInt32($0)) == FuncType() }
        if let f = u.choose(candidates) { module.start = UInt32(f) }
    }

    /// Sometimes a name section, to exercise it (including names the text format cannot spell).
    mutating func generateNames() {
        guard u.ratio(1, 4) else { return }
        var names = NameSection(moduleName: u.bool() ? "smith" : nil)
        let functions = module.allFunctionTypeIndices.count
        for i in 0..<functions where u.bool() {
            names.functionNames[UInt32(i)] = u.ratio(1, 8) ? "not an id \(i)" : "f\(i)"
        }
        let imported = module.importedFunctions.count
        for (i, body) in module.codes.enumerated() where u.bool() {
            let index = UInt32(imported + i)
            let params = module.functionType(at: index)?.params.count ?? 0
            var locals: [UInt32: String] = [:]
            for l in 0..<(params + body.expandedLocals.count) where u.bool() { locals[UInt32(l)] = "l\(l)" }
            names.localNames[index] = locals
        }
        module.names = names
    }
}
