import WasmCore

/// What `compileFunction` needs to know about a body before compiling it.
///
/// Each question is its own scan on purpose: a scan testing one instruction kind compiles to a
/// compare and a well-predicted branch per instruction, and the `contains` scans stop at the
/// first match, while one merged `switch` costs an indirect jump per instruction (measured
/// twice as slow).
struct BodyFacts {
    /// The body reads memory 0's base register or its limit slots (`load`, `store`,
    /// `memory.size`, `memory.grow`); else `r14` is free for a local and never loaded.
    var usesMemory: Bool
    /// The body calls wasm functions (`call`, `call_indirect`); else a small frame may skip
    /// the stack-limit check (`ModuleCompiler.skipsStackCheck`).
    var callsWasm: Bool
    /// The number of save slots for the parameters of `if` blocks.
    var ifSaveSlots = 0

    init(_ body: FunctionBody, types: [FuncType]) {
        let instructions = body.instructions
        usesMemory = instructions.contains {
            switch $0 {
            case .load, .store, .memorySize, .memoryGrow: return true
            default: return false
            }
        }
        callsWasm = instructions.contains {
            switch $0 {
            case .call, .callIndirect: return true
            default: return false
            }
        }
        for ins in instructions {
            if case .if(.typeIndex(let t)) = ins, Int(t) < types.count { ifSaveSlots += types[Int(t)].params.count }
        }
    }
}
