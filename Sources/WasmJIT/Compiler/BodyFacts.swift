import WasmCore

/// What `compileFunction` needs to know about a body before compiling it, gathered in one pass
/// over its instructions (instead of one pass per question).
struct BodyFacts {
    /// The body reads memory 0's base register or its limit slots (`load`, `store`,
    /// `memory.size`, `memory.grow`); else `r14` is free for a local and never loaded.
    var usesMemory = false
    /// The body calls wasm functions (`call`, `call_indirect`); else a small frame may skip
    /// the stack-limit check (`ModuleCompiler.skipsStackCheck`).
    var callsWasm = false
    /// The number of save slots for the parameters of `if` blocks.
    var ifSaveSlots = 0

    init(_ body: FunctionBody, types: [FuncType]) {
        for ins in body.instructions {
            switch ins {
            case .load, .store, .memorySize, .memoryGrow:
                usesMemory = true
            case .call, .callIndirect:
                callsWasm = true
            case .if(.typeIndex(let t)):
                if Int(t) < types.count { ifSaveSlots += types[Int(t)].params.count }
            default:
                break
            }
        }
    }
}
