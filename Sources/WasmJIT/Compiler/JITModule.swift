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

/// The sites of a module's (or one function's) code, in increasing code offset: appended as
/// the code is emitted, looked up by binary search.
struct SiteTable: Sendable {
    /// Code offset just after each call or trap-stub call, increasing.
    private(set) var offsets: [Int] = []
    /// `sites[i]` is the site of `offsets[i]`.
    private(set) var sites: [CodeSite] = []

    var count: Int { offsets.count }

    /// Records `site` at `offset`, which must not be below the last one recorded (code is
    /// emitted forward); a site at the last offset replaces it.
    mutating func append(_ offset: Int, _ site: CodeSite) {
        if let last = offsets.last, last >= offset {
            precondition(last == offset, "code sites recorded out of order")
            sites[sites.count - 1] = site
            return
        }
        offsets.append(offset)
        sites.append(site)
    }

    /// Appends every site of `other`, its offsets moved by `base` (which must put them after
    /// this table's last).
    mutating func append(_ other: SiteTable, base: Int) {
        offsets.reserveCapacity(offsets.count + other.count)
        sites.reserveCapacity(sites.count + other.count)
        for (offset, site) in zip(other.offsets, other.sites) { append(base + offset, site) }
    }

    mutating func reserveCapacity(_ n: Int) {
        offsets.reserveCapacity(n)
        sites.reserveCapacity(n)
    }

    mutating func removeAll() {
        offsets.removeAll()
        sites.removeAll()
    }

    /// The site recorded at exactly `offset`.
    subscript(offset: Int) -> CodeSite? {
        var low = 0, high = offsets.count
        while low < high {
            let mid = low + (high - low) / 2
            if offsets[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < offsets.count && offsets[low] == offset ? sites[low] : nil
    }

    /// The sites in increasing offset order.
    var entries: Zip2Sequence<[Int], [CodeSite]> { zip(offsets, sites) }
}

/// A compiled module: the machine code of every defined function in one `CodeMemory`, freed
/// when the last instance or `Module` holding this object is gone.
final class JITModule {
    let module: ModuleDefinition
    let code: CodeMemory
    /// Code offset of each defined function's entry.
    let entryOffsets: [Int]
    /// Code offset just after each call or trap-stub call → its site.
    let sites: SiteTable
    /// Where the code holds absolute helper addresses (see `JITSerialization.swift`).
    let relocations: [JITRelocation]

    init(module: ModuleDefinition, code: CodeMemory, entryOffsets: [Int], sites: SiteTable,
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
