import WasmCore

/// Memory and table instructions. With `disallowTraps`, accesses are wrapped in a dynamic
/// bounds check (`if` in bounds then access else default) and segment inits use empty ranges.
extension CodeBuilder {
    /// The limit a bounds check compares against.
    enum Extent {
        case memory
        case table(UInt32)
    }

    /// Pushes an i32 that is 1 when `base + length + constant <= size of extent`, computed in i64.
    mutating func emitFits(base: UInt32, length: UInt32?, constant: UInt64, in extent: Extent) {
        emit(.localGet(base))
        emit(.numeric(.i64ExtendI32U))
        if let length {
            emit(.localGet(length))
            emit(.numeric(.i64ExtendI32U))
            emit(.numeric(.i64Add))
        }
        if constant != 0 {
            emit(.i64Const(Int64(truncatingIfNeeded: constant)))
            emit(.numeric(.i64Add))
        }
        switch extent {
        case .memory:
            for inst: Instruction in [.memorySize(memoryIndex: 0), .numeric(.i64ExtendI32U), .i64Const(16), .numeric(.i64Shl)] {
                emit(inst)
            }
        case .table(let t):
            emit(.tableSize(t))
            emit(.numeric(.i64ExtendI32U))
        }
        emit(.numeric(.i64LeU))
    }

    /// Pushes an address, usually inside the memory's initial size.
    mutating func produceAddress() {
        let bytes = (context.memory?.limits.min ?? 0) &* 65536
        if u.ratio(7, 8) {
            emit(.i32Const(Int32(truncatingIfNeeded: u.int(in: 0...min(bytes, UInt64(UInt32.max))))))
            push(.i32)
        } else {
            produce(.i32)
        }
    }

    mutating func memArg(width: Int) -> MemArg {
        let natural = UInt32(width.trailingZeroBitCount)
        let offset: UInt64 = u.ratio(1, 8) ? UInt64(u.u32()) : (u.bool() ? 0 : u.int(in: 0...UInt64(64)))
        return MemArg(align: UInt32(u.int(in: 0...Int(natural))), offset: offset)
    }

    mutating func load() {
        guard let op = u.choose(LoadOp.allCases) else { return }
        if !topMatches([.i32]) { produceAddress() }
        let m = memArg(width: op.byteWidth)
        if config.disallowTraps {
            let a = scratch(.i32)
            emit(.localSet(a))
            emitFits(base: a, length: nil, constant: m.offset + UInt64(op.byteWidth), in: .memory)
            for inst: Instruction in [.if(.value(op.resultType)), .localGet(a), .load(op, m), .else, Self.zero(op.resultType), .end] {
                emit(inst)
            }
        } else {
            emit(.load(op, m))
        }
        pop(1)
        push(op.resultType)
    }

    mutating func store() {
        guard let op = u.choose(StoreOp.allCases) else { return }
        if !topMatches([.i32, op.valueType]) {
            produceAddress()
            produce(op.valueType)
        }
        let m = memArg(width: op.byteWidth)
        if config.disallowTraps {
            let v = scratch(op.valueType, 1)
            let a = scratch(.i32)
            emit(.localSet(v))
            emit(.localSet(a))
            emitFits(base: a, length: nil, constant: m.offset + UInt64(op.byteWidth), in: .memory)
            for inst: Instruction in [.if(.empty), .localGet(a), .localGet(v), .store(op, m), .end] { emit(inst) }
        } else {
            emit(.store(op, m))
        }
        pop(2)
    }

    /// Makes sure three i32 operands (destination, source or value, length) are on the stack.
    mutating func ensureThreeI32(smallLength: UInt64) {
        guard !topMatches([.i32, .i32, .i32]) else { return }
        produceAddress()
        produceAddress()
        emit(.i32Const(Int32(truncatingIfNeeded: u.int(in: 0...smallLength))))
        push(.i32)
    }

    /// Emits a three-operand bulk instruction guarded by `checks` (pairs of base slot and extent).
    mutating func guardedBulk(_ inst: Instruction, checks: [(base: Int, extent: Extent)], types: [ValueType] = [.i32, .i32, .i32]) {
        if config.disallowTraps {
            let slots = types.enumerated().map { scratch($0.element, $0.offset) }
            for s in slots.reversed() { emit(.localSet(s)) }
            for (i, check) in checks.enumerated() {
                emitFits(base: slots[check.base], length: slots[2], constant: 0, in: check.extent)
                if i > 0 { emit(.numeric(.i32And)) }
            }
            emit(.if(.empty))
            for s in slots { emit(.localGet(s)) }
            emit(inst)
            emit(.end)
        } else {
            emit(inst)
        }
        pop(3)
    }

    mutating func memoryFill() {
        ensureThreeI32(smallLength: 300)
        guardedBulk(.memoryFill(memoryIndex: 0), checks: [(0, .memory)])
    }

    mutating func memoryCopy() {
        ensureThreeI32(smallLength: 300)
        guardedBulk(.memoryCopy(destination: 0, source: 0), checks: [(0, .memory), (1, .memory)])
    }

    /// `memory.init` (with an empty range when traps are disallowed: the segment may be dropped).
    mutating func memoryInit() {
        let d = UInt32(u.index(context.dataCount))
        zeroOrEnsureThreeI32()
        emit(.memoryInit(dataIndex: d, memoryIndex: 0))
        pop(3)
    }

    mutating func zeroOrEnsureThreeI32() {
        if config.disallowTraps {
            for _ in 0..<3 { emit(.i32Const(0)) }
            push([.i32, .i32, .i32])
        } else {
            ensureThreeI32(smallLength: 20)
        }
    }

    // MARK: Tables

    mutating func pickTable() -> UInt32 { UInt32(u.index(context.tables.count)) }

    mutating func tableIndexOperand(_ t: UInt32) {
        emit(.i32Const(Int32(truncatingIfNeeded: u.int(in: 0...(context.tables[Int(t)].limits.min + 1)))))
        push(.i32)
    }

    mutating func tableGet() {
        let t = pickTable()
        let r = ValueType.ref(context.tables[Int(t)].elementType)
        if !topMatches([.i32]) { tableIndexOperand(t) }
        if config.disallowTraps {
            let a = scratch(.i32)
            emit(.localSet(a))
            emitFits(base: a, length: nil, constant: 1, in: .table(t))
            for inst: Instruction in [.if(.value(r)), .localGet(a), .tableGet(t), .else, Self.zero(r), .end] { emit(inst) }
        } else {
            emit(.tableGet(t))
        }
        pop(1)
        push(r)
    }

    mutating func tableSet() {
        let t = pickTable()
        let r = ValueType.ref(context.tables[Int(t)].elementType)
        if !topMatches([.i32, r]) {
            tableIndexOperand(t)
            produce(r)
        }
        if config.disallowTraps {
            let v = scratch(r)
            let a = scratch(.i32)
            emit(.localSet(v))
            emit(.localSet(a))
            emitFits(base: a, length: nil, constant: 1, in: .table(t))
            for inst: Instruction in [.if(.empty), .localGet(a), .localGet(v), .tableSet(t), .end] { emit(inst) }
        } else {
            emit(.tableSet(t))
        }
        pop(2)
    }

    mutating func tableGrow() {
        let t = pickTable()
        let r = ValueType.ref(context.tables[Int(t)].elementType)
        if !topMatches([r, .i32]) {
            produce(r)
            emit(.i32Const(Int32(u.int(in: 0...3))))
            push(.i32)
        }
        emit(.tableGrow(t))
        pop(2)
        push(.i32)
    }

    mutating func tableFill() {
        let t = pickTable()
        let r = ValueType.ref(context.tables[Int(t)].elementType)
        if !topMatches([.i32, r, .i32]) {
            tableIndexOperand(t)
            produce(r)
            emit(.i32Const(Int32(u.int(in: 0...4))))
            push(.i32)
        }
        guardedBulk(.tableFill(t), checks: [(0, .table(t))], types: [.i32, r, .i32])
    }

    mutating func tableCopy() {
        let candidates = context.tables.indices.filter { config.referenceTypes || $0 == 0 }
        guard let dst = u.choose(candidates) else { return }
        let sameType = candidates.filter { context.tables[$0].elementType == context.tables[dst].elementType }
        let src = u.choose(sameType) ?? dst
        if config.disallowTraps && !config.referenceTypes {
            // No `table.size` to check bounds with: copy an empty range.
            zeroOrEnsureThreeI32()
            emit(.tableCopy(destination: UInt32(dst), source: UInt32(src)))
            pop(3)
            return
        }
        if !topMatches([.i32, .i32, .i32]) {
            tableIndexOperand(UInt32(dst))
            tableIndexOperand(UInt32(src))
            emit(.i32Const(Int32(u.int(in: 0...4))))
            push(.i32)
        }
        guardedBulk(.tableCopy(destination: UInt32(dst), source: UInt32(src)),
                    checks: [(0, .table(UInt32(dst))), (1, .table(UInt32(src)))])
    }

    /// `table.init` (with an empty range when traps are disallowed: the segment may be dropped).
    mutating func tableInit() {
        var pairs: [(table: Int, element: Int)] = []
        for t in context.tables.indices where config.referenceTypes || t == 0 {
            for e in context.elementTypes.indices where context.elementTypes[e] == context.tables[t].elementType {
                pairs.append((t, e))
            }
        }
        guard let (t, e) = u.choose(pairs) else { return }
        zeroOrEnsureThreeI32()
        emit(.tableInit(elementIndex: UInt32(e), tableIndex: UInt32(t)))
        pop(3)
    }
}
