import WasmCore

/// What `compileFunction` needs to know about a body before compiling it, gathered in one scan.
///
/// One `switch` per instruction answers every question at once: the scan needs one anyway to
/// weigh the locals (`localWeights`), so each further question is only one more case in its
/// jump table (three separate scans for memory, calls and limit widths cost more in total).
struct BodyFacts: Equatable {
    /// The body reads memory 0's base register or its limit slots (`load`, `store`,
    /// `memory.size`, `memory.grow`); else `r14` is free for a local and never loaded.
    var usesMemory = false
    /// The body calls wasm functions (`call`, `call_indirect`); else a small frame may skip
    /// the stack-limit check (`ModuleCompiler.skipsStackCheck`).
    var callsWasm = false
    /// The number of save slots for the parameters of `if` blocks.
    var ifSaveSlots = 0
    /// The body calls the helpers with a fifth argument (`table.copy`, `table.init`), in `r9`.
    var usesFifthArgument = false
    /// Bit `w` set: the body reads memory 0's limit slot for access width `w`
    /// (`ModuleCompiler.limitWidths`; `memory.size` reads width 1's).
    var limitWidthMask = 0
    /// Weight of each local (parameters first; indices past the locals are ignored): its
    /// `local.get`/`set`/`tee` count, a use inside n nested loops counting 8^n.
    var localWeights: [Int]

    /// The facts of a body the validator profiled (`FunctionBody.profile`, whose `localUses`
    /// has one entry per local): what the scan below finds, without the scan.
    init(_ profile: BodyProfile) {
        localWeights = profile.localUses
        usesMemory = profile.accessWidths != 0 || profile.readsMemorySize || profile.growsMemory
        limitWidthMask = Int(profile.accessWidths) | (profile.readsMemorySize ? 1 << 1 : 0)
        callsWasm = profile.callsFunctions
        usesFifthArgument = profile.copiesOrInitializesTables
        ifSaveSlots = profile.ifParameterCount
    }

    /// The facts of `body`, whose function has `localCount` locals (parameters included), from
    /// its profile when it has one, else from a scan.
    static func of(_ body: FunctionBody, types: [FuncType], localCount: Int) -> BodyFacts {
        if let profile = body.profile, profile.localUses.count == localCount { return BodyFacts(profile) }
        return BodyFacts(body, types: types, localCount: localCount)
    }

    /// Scans `body` (one `switch` per instruction).
    init(_ body: FunctionBody, types: [FuncType], localCount: Int) {
        localWeights = [Int](repeating: 0, count: localCount)
        var loopDepth = 0
        // Whether each open block is a loop, as a bit stack: bit k of `isLoopBits` for open
        // blocks k < 64, `deepIsLoop` for the deeper ones.
        var isLoopBits: UInt64 = 0
        var openBlocks = 0
        var deepIsLoop: [Bool] = []
        var weight = 1
        for ins in body.instructions {
            switch ins {
            case .localGet(let i), .localSet(let i), .localTee(let i):
                guard Int(i) < localWeights.count else { break }
                localWeights[Int(i)] = Swift.min(localWeights[Int(i)] + weight, 1 << 50)
            case .block, .if, .loop:
                let loop: Bool
                switch ins {
                case .loop: loop = true
                case .if(.typeIndex(let t)):
                    loop = false
                    if Int(t) < types.count { ifSaveSlots += types[Int(t)].params.count }
                default: loop = false
                }
                if openBlocks < 64 {
                    if loop { isLoopBits |= 1 << UInt64(openBlocks) } else { isLoopBits &= ~(1 << UInt64(openBlocks)) }
                } else {
                    deepIsLoop.append(loop)
                }
                openBlocks += 1
                if loop {
                    loopDepth += 1
                    weight = 1 << Swift.min(3 * loopDepth, 40)
                }
            case .end:
                guard openBlocks > 0 else { break }
                openBlocks -= 1
                let loop = openBlocks < 64 ? isLoopBits & (1 << UInt64(openBlocks)) != 0 : deepIsLoop.popLast() == true
                if loop {
                    loopDepth -= 1
                    weight = 1 << Swift.min(3 * loopDepth, 40)
                }
            case .load(let op, _):
                usesMemory = true
                limitWidthMask |= 1 << op.byteWidth
            case .store(let op, _):
                usesMemory = true
                limitWidthMask |= 1 << op.byteWidth
            case .memorySize:
                usesMemory = true
                limitWidthMask |= 1 << 1
            case .memoryGrow:
                usesMemory = true
            case .call, .callIndirect:
                callsWasm = true
            case .tableCopy, .tableInit:
                usesFifthArgument = true
            default:
                break
            }
        }
    }

    /// The limit slots a body with memory instructions reads, in `ModuleCompiler.limitWidths` order.
    var limitWidthsRead: [Int] {
        ModuleCompiler.limitWidths.filter { limitWidthMask & (1 << $0) != 0 }
    }
}
