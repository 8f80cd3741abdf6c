import WasmCore

/// Where a call or trap instruction in generated code came from, for backtraces.
struct CodeSite: Sendable {
    /// Index in the module's function index space.
    var functionIndex: UInt32
    /// Byte offset in the module binary of the wasm instruction, when known.
    var wasmOffset: Int?
    /// A prologue stack-limit trap: the callee never started, so the frame is left out of the
    /// backtrace (the caller's call site is the innermost frame, as in the interpreter).
    var skip: Bool = false
}

/// A compiled module: the machine code of every defined function in one `CodeMemory`, freed
/// when the last instance or `Module` holding this object is gone.
final class JITModule {
    let module: ModuleDefinition
    let code: CodeMemory
    /// Code offset of each defined function's entry.
    let entryOffsets: [Int]
    /// Code offset just after each call or trap-stub call → its site.
    let sites: [Int: CodeSite]
    /// Where the code holds absolute helper addresses (see `JITSerialization.swift`).
    let relocations: [JITRelocation]

    init(module: ModuleDefinition, code: CodeMemory, entryOffsets: [Int], sites: [Int: CodeSite],
         relocations: [JITRelocation] = []) {
        self.module = module
        self.code = code
        self.entryOffsets = entryOffsets
        self.sites = sites
        self.relocations = relocations
    }

    /// Whether `address` lies in this module's code.
    func contains(_ address: UInt64) -> Bool {
        let base = UInt64(UInt(bitPattern: code.baseAddress))
        return address >= base && address - base < UInt64(code.codeSize)
    }

    /// The site whose call returns to `address`.
    func site(returnAddress address: UInt64) -> CodeSite? {
        let base = UInt64(UInt(bitPattern: code.baseAddress))
        guard address >= base else { return nil }
        return sites[Int(address - base)]
    }
}
