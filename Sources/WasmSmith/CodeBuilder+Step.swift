import WasmCore

/// The instruction kinds the builder chooses among at each step.
enum Choice: CaseIterable {
    case push, drop, localSet, localTee, globalSet, select, refIsNull, refFunc
    case numeric, numericFresh
    case load, store, memorySize, memoryGrow, memoryFill, memoryCopy, memoryInit, dataDrop
    case tableGet, tableSet, tableSize, tableGrow, tableFill, tableCopy, tableInit, elemDrop
    case block, loop, `if`, `else`, end, br, brIf, brTable, `return`, call, callIndirect
    case unreachable, nop
}

extension CodeBuilder {
    var hasMemory: Bool { context.memory != nil }
    var canNest: Bool { frames.count - 1 < config.maxNesting }

    /// Whether `choice` can be generated here (operands missing from the stack are produced).
    func isAvailable(_ choice: Choice) -> Bool {
        let avail = available
        let bulk = config.bulkMemory
        let refs = config.referenceTypes
        switch choice {
        case .push: return avail.count < 24
        case .drop: return !avail.isEmpty
        case .localSet, .localTee:
            guard let top = avail.last else { return false }
            return locals.contains(top)
        case .globalSet:
            guard let top = avail.last else { return false }
            return context.globals.indices.contains { i in
                context.globals[i].isMutable && context.globals[i].valueType == top && UInt32(i) != context.fuelGlobal
            }
        case .select:
            guard avail.count >= 3, avail.last == .i32 else { return false }
            let a = avail[avail.endIndex - 3], b = avail[avail.endIndex - 2]
            return a == b && (a.isNumeric || refs)
        case .refIsNull: return avail.last?.isReference ?? false
        case .refFunc: return refs && !context.declaredFunctions.isEmpty
        case .numeric: return !avail.isEmpty
        case .numericFresh: return true
        case .load, .store, .memorySize, .memoryGrow: return hasMemory
        case .memoryFill, .memoryCopy: return hasMemory && bulk
        case .memoryInit: return hasMemory && bulk && context.dataCount > 0
        case .dataDrop: return bulk && context.dataCount > 0
        case .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill: return refs && !context.tables.isEmpty
        case .tableCopy: return bulk && !context.tables.isEmpty
        case .tableInit:
            return bulk && context.tables.indices.contains { t in
                (refs || t == 0) && context.elementTypes.contains(context.tables[t].elementType)
            }
        case .elemDrop: return bulk && !context.elementTypes.isEmpty
        case .block, .loop, .if: return canNest
        case .else: return frame.kind == .if
        case .end: return frames.count > 1
        case .br, .brIf, .brTable, .return, .call, .nop: return true
        case .callIndirect:
            return !config.disallowTraps && context.tables.indices.contains { t in
                (refs || t == 0) && context.tables[t].elementType == .funcref
            } && !context.types.isEmpty
        case .unreachable: return !config.disallowTraps
        }
    }

    /// Picks one available instruction kind (weighted towards values and arithmetic) and emits it.
    func step() {
        var choices: [Choice] = []
        for c in Choice.allCases where isAvailable(c) {
            switch c {
            case .push: choices += [c, c, c]
            case .numeric: choices += [c, c, c, c]
            case .unreachable, .return, .else, .end: if u.ratio(1, 3) { choices.append(c) }
            default: choices.append(c)
            }
        }
        guard let choice = u.choose(choices) else { return }
        perform(choice)
    }

    func perform(_ choice: Choice) {
        switch choice {
        case .push: produce(u.choose(valueTypes) ?? .i32)
        case .drop: emit(.drop); pop(1)
        case .localSet, .localTee:
            guard let top = available.last else { return }
            let candidates = locals.indices.filter { locals[$0] == top }
            guard let i = u.choose(candidates) else { return }
            emit(choice == .localSet ? .localSet(UInt32(i)) : .localTee(UInt32(i)))
            if choice == .localSet { pop(1) }
        case .globalSet:
            guard let top = available.last else { return }
            let candidates = context.globals.indices.filter { i in
                context.globals[i].isMutable && context.globals[i].valueType == top && UInt32(i) != context.fuelGlobal
            }
            guard let i = u.choose(candidates) else { return }
            emit(.globalSet(UInt32(i)))
            pop(1)
        case .select:
            guard let t = available.dropLast().last else { return }
            let typed = !t.isNumeric || (config.referenceTypes && u.bool())
            emit(typed ? .selectTyped([t]) : .select)
            pop(3)
            push([t])
        case .refIsNull: emit(.refIsNull); pop(1); push([.i32])
        case .refFunc:
            guard let f = u.choose(context.declaredFunctions) else { return }
            emit(.refFunc(f))
            push([.funcref])
        case .numeric: numericOnStack()
        case .numericFresh: numericFresh()
        case .load: load()
        case .store: store()
        case .memorySize: emit(.memorySize(memoryIndex: 0)); push([.i32])
        case .memoryGrow:
            if !topMatches([.i32]) { emit(.i32Const(Int32(u.int(in: 0...2)))); push([.i32]) }
            emit(.memoryGrow(memoryIndex: 0))
        case .memoryFill: memoryFill()
        case .memoryCopy: memoryCopy()
        case .memoryInit: memoryInit()
        case .dataDrop: emit(.dataDrop(UInt32(u.index(context.dataCount))))
        case .tableGet: tableGet()
        case .tableSet: tableSet()
        case .tableSize: emit(.tableSize(UInt32(u.index(context.tables.count)))); push([.i32])
        case .tableGrow: tableGrow()
        case .tableFill: tableFill()
        case .tableCopy: tableCopy()
        case .tableInit: tableInit()
        case .elemDrop: emit(.elemDrop(UInt32(u.index(context.elementTypes.count))))
        case .block, .loop, .if: openBlock(choice)
        case .else: elseBranch()
        case .end: closeFrame()
        case .br, .brIf, .brTable: branch(choice)
        case .return:
            ensureTop(type.results)
            emit(.return)
            pop(type.results.count)
        case .call: call()
        case .callIndirect: callIndirect()
        case .unreachable: emit(.unreachable)
        case .nop: emit(.nop)
        }
    }
}
