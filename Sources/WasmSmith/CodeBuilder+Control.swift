import WasmCore

/// Structured control, branches and calls.
extension CodeBuilder {
    /// Picks a block type: empty, one result, or (multi-value) a type-section signature whose
    /// parameters are preferably already on the stack.
    mutating func blockType() -> (BlockType, FuncType) {
        var options: [(BlockType, FuncType)] = [(.empty, FuncType())]
        for t in valueTypes { options.append((.value(t), FuncType(results: [t]))) }
        if config.multiValue {
            var matching: [(BlockType, FuncType)] = []
            for (i, t) in context.types.enumerated() {
                let option = (BlockType.typeIndex(UInt32(i)), t)
                if topMatches(t.params) && !t.params.isEmpty { matching.append(option) } else { options.append(option) }
            }
            if !matching.isEmpty && u.bool() { options = matching }
        }
        return u.choose(options) ?? (.empty, FuncType())
    }

    /// Pushes a fresh i32 condition: usually 0 or 1 (a random constant is almost never 0, which
    /// made nearly every `br_if` taken and the code after it dead), sometimes any i32 value.
    mutating func produceCondition() {
        if u.ratio(1, 3) {
            produce(.i32)
        } else {
            emit(.i32Const(u.bool() ? 1 : 0))
            push(.i32)
        }
    }

    mutating func openBlock(_ choice: Choice) {
        let (bt, t) = blockType()
        if choice == .if {
            if !topMatches(t.params + [.i32]) {
                ensureTop(t.params)
                produceCondition()
            }
            pop(1)
        } else {
            ensureTop(t.params)
        }
        pop(t.params.count)
        let kind: Frame.Kind = choice == .block ? .block : choice == .loop ? .loop : .if
        emit(choice == .block ? .block(bt) : choice == .loop ? .loop(bt) : .if(bt))
        frames.append(Frame(kind: kind, params: t.params, results: t.results, height: stack.count))
        push(t.params)
        if choice == .loop { emitFuelCheck() }
    }

    /// Ends the `then` arm of the innermost `if` and starts its `else` arm.
    mutating func elseBranch() {
        guard frame.kind == .if else { return }
        fixStack(to: frame.results)
        emit(.else)
        let f = frame
        stack.removeLast(stack.count - f.height)
        push(f.params)
        frames[frames.count - 1].kind = .else
    }

    /// Ends the innermost block, first making its operands match its results.
    mutating func closeFrame() {
        guard frames.count > 1 else { return }
        var f = frame
        if f.kind == .if && f.params != f.results {
            // Without `else` an `if` passes its parameters through, so it needs an explicit arm.
            elseBranch()
            f = frame
        }
        fixStack(to: f.results)
        emit(.end)
        stack.removeLast(stack.count - f.height)
        frames.removeLast()
        push(f.results)
    }

    mutating func branch(_ choice: Choice) {
        let depth = u.index(frames.count)
        let target = frames[frames.count - 1 - depth]
        let types = target.labelTypes
        switch choice {
        case .br:
            ensureTop(types)
            emit(.br(UInt32(depth)))
            pop(types.count)
        case .brIf:
            if !topMatches(types + [.i32]) {
                ensureTop(types)
                produceCondition()
            }
            emit(.brIf(UInt32(depth)))
            pop(1)
        default:
            if !topMatches(types + [.i32]) {
                ensureTop(types)
                produceCondition()
            }
            let sameTypes = frames.indices.filter { frames[$0].labelTypes == types }.map { UInt32(frames.count - 1 - $0) }
            var targets: [UInt32] = []
            for _ in 0..<u.int(in: 0...4) { targets.append(u.choose(sameTypes) ?? UInt32(depth)) }
            emit(.brTable(targets: targets, default: UInt32(depth), lists: &lists))
            pop(1 + types.count)
        }
    }

    mutating func call() {
        let callable = callableFunctions
        guard !callable.isEmpty else {
            emit(.nop)
            return
        }
        let matching = callable.filter { topMatches(context.functionTypes[$0].params) }
        let f = (!matching.isEmpty && u.ratio(2, 3) ? u.choose(matching) : u.choose(callable)) ?? callable[0]
        let t = context.functionTypes[f]
        ensureTop(t.params)
        emit(.call(UInt32(f)))
        pop(t.params.count)
        push(t.results)
    }

    mutating func callIndirect() {
        guard let table = u.choose(funcrefTables), !context.types.isEmpty else { return }
        let typeIndex = u.index(context.types.count)
        let t = context.types[typeIndex]
        if !topMatches(t.params + [.i32]) {
            ensureTop(t.params)
            let size = context.tables[table].limits.min
            emit(.i32Const(Int32(truncatingIfNeeded: u.int(in: 0...(size + 1)))))
            push(.i32)
        }
        emit(.callIndirect(typeIndex: UInt32(typeIndex), tableIndex: UInt32(table)))
        pop(t.params.count + 1)
        push(t.results)
    }
}
