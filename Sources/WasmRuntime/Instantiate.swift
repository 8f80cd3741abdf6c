import WasmCore

extension StoreState {
    /// Instantiates a validated module (core spec §4.5.4, Wasm 2.0 semantics): checks imports
    /// (`LinkError` "incompatible import type"), allocates, evaluates globals and element
    /// segments, applies active element then data segments in order (a trap leaves earlier
    /// writes visible), then runs the start function. Traps are thrown as `Trap`.
    public func instantiate(_ module: ModuleDefinition, code: AnyObject, imports: [ExternalValue], name: String? = nil) throws -> ModuleInstance {
        guard imports.count == module.imports.count else {
            throw LinkError("expected \(module.imports.count) imports, found \(imports.count)")
        }
        let inst = ModuleInstance(module: module, code: code)
        if let name { inst.name = name }
        inst.typeIDs = module.types.map { typeID($0) }

        // Imports.
        for (imp, ext) in zip(module.imports, imports) {
            switch (imp.descriptor, ext) {
            case (.function(let ti), .function(let addr)):
                guard Int(ti) < module.types.count, addr < functions.count,
                      functions[addr].type == module.types[Int(ti)] else { throw incompatible(imp) }
                inst.functionAddresses.append(addr)
            case (.table(let tt), .table(let t)):
                guard tt.elementType == t.type.elementType, limitsMatch(t.type.limits, tt.limits) else { throw incompatible(imp) }
                inst.tables.append(t)
            case (.memory(let mt), .memory(let m)):
                guard limitsMatch(m.type.limits, mt.limits) else { throw incompatible(imp) }
                inst.memories.append(m)
            case (.global(let gt), .global(let g)):
                guard g.type == gt else { throw incompatible(imp) }
                inst.globals.append(g)
            default:
                throw incompatible(imp)
            }
        }

        // Functions first: ref.func in initializers may name any of them.
        for (i, ti) in module.functions.enumerated() {
            let type = module.types[Int(ti)]
            inst.functionAddresses.append(addFunction(FunctionInstance(
                type: type, typeID: typeID(type), kind: .wasm(instance: inst, definedIndex: i))))
        }
        for tt in module.tables {
            guard let t = TableInstance(type: tt, initial: 0) else { throw LinkError("table allocation failed") }
            addTable(t)
            inst.tables.append(t)
        }
        for mt in module.memories {
            guard let m = MemoryInstance(type: mt) else { throw LinkError("memory allocation failed") }
            addMemory(m)
            inst.memories.append(m)
        }
        for g in module.globals {
            let v = try evaluate(g.initializer, in: inst)
            let gi = GlobalInstance(type: g.type, value: v)
            addGlobal(gi)
            inst.globals.append(gi)
        }
        inst.rebuildGlobalCells()
        inst.elementSegments = try module.elements.map { seg in try seg.items.map { try evaluate($0, in: inst) } }
        inst.droppedData = Array(repeating: false, count: module.datas.count)

        for e in module.exports {
            let v: ExternalValue
            switch e.kind {
            case .function: v = .function(inst.functionAddresses[Int(e.index)])
            case .table: v = .table(inst.tables[Int(e.index)])
            case .memory: v = .memory(inst.memories[Int(e.index)])
            case .global: v = .global(inst.globals[Int(e.index)])
            }
            inst.exports.append((e.name, v))
        }
        addInstance(inst)

        // Active and declarative element segments, in order.
        for (i, seg) in module.elements.enumerated() {
            switch seg.mode {
            case .passive: break
            case .declarative: inst.elementSegments[i] = []
            case .active(let ti, let offsetExpr):
                let offset = UInt64(UInt32(truncatingIfNeeded: try evaluate(offsetExpr, in: inst)))
                let table = inst.tables[Int(ti)]
                let items = inst.elementSegments[i]
                guard table.inBounds(offset, UInt64(items.count)) else { throw Trap(.outOfBoundsTableAccess) }
                for (k, v) in items.enumerated() { table.elements[Int(offset) + k] = v }
                inst.elementSegments[i] = []
            }
        }
        for (i, seg) in module.datas.enumerated() {
            guard case .active(let mi, let offsetExpr) = seg.mode else { continue }
            let offset = UInt64(UInt32(truncatingIfNeeded: try evaluate(offsetExpr, in: inst)))
            let mem = inst.memories[Int(mi)]
            guard mem.inBounds(offset, UInt64(seg.bytes.count)) else { throw Trap(.outOfBoundsMemoryAccess) }
            seg.bytes.withUnsafeBytes { src in
                if let b = src.baseAddress, src.count > 0 { (mem.base + Int(offset)).copyMemory(from: b, byteCount: src.count) }
            }
            inst.droppedData[i] = true
        }
        if let start = module.start {
            _ = try invoke(inst.functionAddresses[Int(start)], [])
        }
        return inst
    }

    private func incompatible(_ imp: Import) -> LinkError {
        LinkError("incompatible import type for \(imp.module)::\(imp.name)")
    }

    /// Import subtyping of limits (core spec §4.5.2): at least the expected minimum, and a
    /// maximum no larger than the expected maximum when one is expected.
    private func limitsMatch(_ actual: Limits, _ expected: Limits) -> Bool {
        guard actual.min >= expected.min else { return false }
        guard let em = expected.max else { return true }
        guard let am = actual.max else { return false }
        return am <= em
    }

    /// Evaluates a constant expression to a slot value.
    public func evaluate(_ expr: ConstExpr, in inst: ModuleInstance) throws -> UInt64 {
        var stack: [UInt64] = []
        for ins in expr.instructions {
            switch ins {
            case .i32Const(let v): stack.append(UInt64(UInt32(bitPattern: v)))
            case .i64Const(let v): stack.append(UInt64(bitPattern: v))
            case .f32Const(let v): stack.append(UInt64(v))
            case .f64Const(let v): stack.append(v)
            case .refNull: stack.append(0)
            case .refFunc(let i):
                guard Int(i) < inst.functionAddresses.count else { throw LinkError("unknown function \(i)") }
                stack.append(UInt64(inst.functionAddresses[Int(i)]) + 1)
            case .globalGet(let i):
                guard Int(i) < inst.globals.count else { throw LinkError("unknown global \(i)") }
                stack.append(inst.globals[Int(i)].value)
            case .numeric(let op) where stack.count >= 2:
                let b = stack.removeLast(), a = stack.removeLast()
                switch op {
                case .i32Add: stack.append(UInt64(UInt32(truncatingIfNeeded: a) &+ UInt32(truncatingIfNeeded: b)))
                case .i32Sub: stack.append(UInt64(UInt32(truncatingIfNeeded: a) &- UInt32(truncatingIfNeeded: b)))
                case .i32Mul: stack.append(UInt64(UInt32(truncatingIfNeeded: a) &* UInt32(truncatingIfNeeded: b)))
                case .i64Add: stack.append(a &+ b)
                case .i64Sub: stack.append(a &- b)
                case .i64Mul: stack.append(a &* b)
                default: throw LinkError("constant expression required")
                }
            default:
                throw LinkError("constant expression required")
            }
        }
        guard stack.count == 1, let v = stack.last else { throw LinkError("type mismatch") }
        return v
    }
}
