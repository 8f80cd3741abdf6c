import WasmCore

/// Element and data segments, and the function bodies that use them.
extension ModuleGenerator {
    /// An offset expression for a segment of `length` items in an extent of `size` items:
    /// in bounds, except rarely when traps are allowed. Uses the host's `g_i32` (42) when it fits.
    mutating func offsetExpr(length: UInt64, size: UInt64) -> ConstExpr {
        let globals = module.imports.filter { if case .global = $0.descriptor { return true } else { return false } }
        if let i = globals.firstIndex(where: { $0.name == "g_i32" }), 42 + length <= size || (!config.disallowTraps && u.ratio(1, 20)),
           u.ratio(1, 4) {
            return ConstExpr([.globalGet(UInt32(i))])
        }
        if !config.disallowTraps && u.ratio(1, 20) {
            return ConstExpr([.i32Const(u.i32Value())])
        }
        let room = size >= length ? size - length : 0
        return ConstExpr([.i32Const(Int32(truncatingIfNeeded: u.int(in: 0...Swift.min(room, UInt64(Int32.max)))))])
    }

    mutating func generateElements() {
        let tables = module.allTables
        let functionCount = module.allFunctionTypeIndices.count
        for _ in 0..<count(config.minElements, config.maxElements) {
            let type = u.choose(refTypes) ?? .funcref
            var modes: [Int] = []  // 0 active, 1 passive, 2 declarative
            let targets = tables.indices.filter { tables[$0].elementType == type && (config.referenceTypes || $0 == 0) }
            if !targets.isEmpty { modes.append(0) }
            if config.bulkMemory { modes.append(1) }
            if config.referenceTypes { modes.append(2) }
            guard let mode = u.choose(modes) else { continue }
            var length = u.int(in: 0...Swift.max(0, Swift.min(config.maxSegmentLength, 1000)))
            if type == .funcref && functionCount == 0 && !config.referenceTypes { length = 0 }
            var segmentMode = ElementSegment.Mode.passive
            if mode == 0, let table = u.choose(targets) {
                let size = tables[table].limits.min
                if config.disallowTraps { length = Int(Swift.min(UInt64(length), size)) }
                segmentMode = .active(tableIndex: UInt32(table), offset: offsetExpr(length: UInt64(length), size: size))
            } else if mode == 2 {
                segmentMode = .declarative
            }
            var items: [ConstExpr] = []
            for _ in 0..<length {
                if type == .funcref && functionCount > 0 && (!config.referenceTypes || u.ratio(3, 4)) {
                    items.append(ConstExpr([.refFunc(UInt32(u.index(functionCount)))]))
                } else {
                    items.append(ConstExpr([.refNull(type)]))
                }
            }
            module.elements.append(ElementSegment(type: type, mode: segmentMode, items: items))
        }
    }

    mutating func generateData() {
        let memory = module.allMemories.first
        for _ in 0..<count(config.minData, config.maxData) {
            let active = memory != nil && (!config.bulkMemory || u.ratio(2, 3))
            guard active || config.bulkMemory else { continue }
            var length = u.int(in: 0...Swift.max(0, Swift.min(config.maxSegmentLength, 100_000)))
            var mode = DataSegment.Mode.passive
            if active, let memory {
                let size = memory.limits.min * 65536
                if config.disallowTraps { length = Int(Swift.min(UInt64(length), size)) }
                mode = .active(memoryIndex: 0, offset: offsetExpr(length: UInt64(length), size: size))
            }
            module.datas.append(DataSegment(mode: mode, bytes: u.bytes(length)))
        }
        if config.bulkMemory { module.dataCount = UInt32(module.datas.count) }
    }

    /// Functions named outside function bodies (segments, global initializers, exports), which
    /// `ref.func` may therefore reference (core spec §3.4.10, C.refs).
    var declaredFunctions: [UInt32] {
        var declared = Set<UInt32>()
        for e in module.elements { for item in e.items { for case .refFunc(let f) in item.instructions { declared.insert(f) } } }
        for g in module.globals { for case .refFunc(let f) in g.initializer.instructions { declared.insert(f) } }
        for e in module.exports where e.kind == .function { declared.insert(e.index) }
        return declared.sorted()
    }

    mutating func generateCode() {
        var context = ModuleContext()
        context.types = module.types
        context.functionTypes = module.allFunctionTypeIndices.map { module.types[Int($0)] }
        context.globals = module.allGlobalTypes
        context.fuelGlobal = fuelGlobal
        context.sinkGlobals = sinkGlobals
        context.tables = module.allTables
        context.memory = module.allMemories.first
        context.elementTypes = module.elements.map(\.type)
        context.dataCount = config.bulkMemory ? module.datas.count : 0
        context.declaredFunctions = config.referenceTypes ? declaredFunctions : []
        context.indexGlobals()
        context.numeric = NumericCatalog(ops: CodeBuilder.enabledNumericOps(config))
        let imported = module.importedFunctions.count
        for (i, typeIndex) in module.functions.enumerated() {
            var builder = CodeBuilder(u: u, config: config, context: context, functionIndex: UInt32(imported + i),
                                      type: module.types[Int(typeIndex)])
            module.codes.append(builder.build())
            u = builder.u
        }
    }
}
