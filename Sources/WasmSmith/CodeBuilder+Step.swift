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

/// Whether each choice that does not depend on the operand stack or the control frames is
/// possible in a module; computed once per function body.
struct StaticChoices {
    var refFunc, load, memoryBulk, memoryInit, dataDrop, tableAccess, tableCopy, tableInit, elemDrop: Bool
    var callIndirect, unreachable: Bool

    init(config: SmithConfig, context: ModuleContext, hasFuncrefTable: Bool) {
        let bulk = config.bulkMemory
        let refs = config.referenceTypes
        let memory = context.memory != nil
        refFunc = refs && !context.declaredFunctions.isEmpty
        load = memory
        memoryBulk = memory && bulk
        memoryInit = memory && bulk && context.dataCount > 0
        dataDrop = bulk && context.dataCount > 0
        tableAccess = refs && !context.tables.isEmpty
        tableCopy = bulk && !context.tables.isEmpty
        tableInit = bulk && context.tables.indices.contains { t in
            (refs || t == 0) && context.elementTypes.contains(context.tables[t].elementType)
        }
        elemDrop = bulk && !context.elementTypes.isEmpty
        callIndirect = !config.disallowTraps && hasFuncrefTable && !context.types.isEmpty
        unreachable = !config.disallowTraps
    }
}

extension CodeBuilder {
    var hasMemory: Bool { context.memory != nil }
    var canNest: Bool { frames.count - 1 < config.maxNesting }

    /// Whether `choice` can be generated here (operands missing from the stack are produced).
    /// `mutating` only so that callers pass the builder by reference: a non-mutating call from a
    /// mutating method copied the whole builder on every call.
    mutating func isAvailable(_ choice: Choice) -> Bool {
        let count = availableCount
        let s = staticChoices
        switch choice {
        case .push: return count < 24
        case .drop: return count > 0
        case .localSet, .localTee:
            guard count > 0, let top = stack.last else { return false }
            return !localsByType[typeSlot(top)].isEmpty
        case .globalSet:
            guard count > 0, let top = stack.last else { return false }
            return !context.settableGlobalsByType[typeSlot(top)].isEmpty
        case .select:
            guard count >= 3, stack[stack.count - 1] == .i32 else { return false }
            let a = stack[stack.count - 3], b = stack[stack.count - 2]
            return a == b && (a.isNumeric || config.referenceTypes)
        case .refIsNull: return count > 0 && (stack.last?.isReference ?? false)
        case .refFunc: return s.refFunc
        case .numeric: return count > 0
        case .numericFresh: return true
        case .load, .store, .memorySize, .memoryGrow: return s.load
        case .memoryFill, .memoryCopy: return s.memoryBulk
        case .memoryInit: return s.memoryInit
        case .dataDrop: return s.dataDrop
        case .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill: return s.tableAccess
        case .tableCopy: return s.tableCopy
        case .tableInit: return s.tableInit
        case .elemDrop: return s.elemDrop
        case .block, .loop, .if: return canNest
        case .else: return frames[frames.count - 1].kind == .if
        case .end: return frames.count > 1
        case .br, .brIf, .brTable, .return, .call, .nop: return true
        case .callIndirect: return s.callIndirect
        case .unreachable: return s.unreachable
        }
    }

    /// Picks one available instruction kind (weighted towards values and arithmetic) and emits it.
    mutating func step() {
        choices.removeAll(keepingCapacity: true)
        for c in Choice.allCases where isAvailable(c) {
            switch c {
            case .push: choices += [c, c, c]
            case .numeric: choices += [c, c, c, c]
            // Unconditional jumps make the rest of their block dead code: rarer, so that most
            // generated arithmetic runs and reaches the results.
            case .unreachable, .return, .br, .brTable, .else, .end: if u.ratio(1, 3) { choices.append(c) }
            default: choices.append(c)
            }
        }
        guard let choice = u.choose(choices) else { return }
        perform(choice)
    }

    mutating func perform(_ choice: Choice) {
        switch choice {
        case .push: produce(u.choose(valueTypes) ?? .i32)
        case .drop: dropTop()
        case .localSet, .localTee:
            guard let top = available.last, let i = u.choose(localsByType[typeSlot(top)]) else { return }
            emit(choice == .localSet ? .localSet(i) : .localTee(i))
            if choice == .localSet { pop(1) }
        case .globalSet:
            guard let top = available.last, let i = u.choose(context.settableGlobalsByType[typeSlot(top)]) else { return }
            emit(.globalSet(i))
            pop(1)
        case .select:
            guard let t = available.dropLast().last else { return }
            let typed = !t.isNumeric || (config.referenceTypes && u.bool())
            emit(typed ? .selectTyped([t], lists: &lists) : .select)
            pop(3)
            push(t)
        case .refIsNull: emit(.refIsNull); pop(1); push(.i32)
        case .refFunc:
            guard let f = u.choose(context.declaredFunctions) else { return }
            emit(.refFunc(f))
            push(.funcref)
        case .numeric: numericOnStack()
        case .numericFresh: numericFresh()
        case .load: load()
        case .store: store()
        case .memorySize: emit(.memorySize(memoryIndex: 0)); push(.i32)
        case .memoryGrow:
            if !topMatches([.i32]) { emit(.i32Const(Int32(u.int(in: 0...2)))); push(.i32) }
            emit(.memoryGrow(memoryIndex: 0))
        case .memoryFill: memoryFill()
        case .memoryCopy: memoryCopy()
        case .memoryInit: memoryInit()
        case .dataDrop: emit(.dataDrop(UInt32(u.index(context.dataCount))))
        case .tableGet: tableGet()
        case .tableSet: tableSet()
        case .tableSize: emit(.tableSize(UInt32(u.index(context.tables.count)))); push(.i32)
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
