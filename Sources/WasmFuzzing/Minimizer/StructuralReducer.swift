import WasmCore

/// Shrinks a module while a predicate keeps holding, the way `wasm-tools shrink` and binaryen's
/// `wasm-reduce` do: drop exports, functions, segments, imports and globals; stub or delete
/// instructions and blocks; shrink constants toward zero. Every candidate is checked with
/// `validateModule` before the (costlier) predicate.
public struct StructuralReducer {
    /// Whether a valid candidate still shows the behaviour being reduced.
    public let keeps: (ModuleDefinition) -> Bool
    /// At most this many predicate calls.
    public var maxChecks: Int
    public private(set) var checks = 0
    public private(set) var current: ModuleDefinition

    public init(_ module: ModuleDefinition, maxChecks: Int = 5000, keeps: @escaping (ModuleDefinition) -> Bool) {
        current = module
        self.maxChecks = maxChecks
        self.keeps = keeps
    }

    var exhausted: Bool { checks >= maxChecks }

    /// Tries a candidate; adopts it when valid and the predicate holds.
    @discardableResult
    mutating func attempt(_ candidate: ModuleDefinition?) -> Bool {
        guard let candidate, !exhausted, candidate != current else { return false }
        guard (try? validateModule(candidate)) != nil else { return false }
        checks += 1
        guard keeps(candidate) else { return false }
        current = candidate
        return true
    }

    /// Runs every pass until none makes progress (or the check budget is spent).
    public mutating func reduce() -> ModuleDefinition {
        var progress = true
        while progress && !exhausted {
            progress = false
            progress = moduleLevelPass() || progress
            progress = functionPass() || progress
            for f in current.codes.indices.reversed() where f < current.codes.count {
                progress = instructionPass(f) || progress
            }
        }
        return current
    }

    /// Custom sections, exports, start, segments, globals, tables, memories.
    mutating func moduleLevelPass() -> Bool {
        var progress = false
        var m = current
        m.names = nil
        m.customSections = []
        progress = attempt(m) || progress
        m = current
        m.start = nil
        progress = attempt(m) || progress
        for e in current.exports.indices.reversed() where e < current.exports.count {
            m = current
            m.exports.remove(at: e)
            progress = attempt(m) || progress
        }
        for s in current.elements.indices.reversed() where s < current.elements.count {
            progress = attempt(ModuleEdits.removingElement(current, at: s)) || progress
        }
        for s in current.datas.indices.reversed() where s < current.datas.count {
            progress = attempt(ModuleEdits.removingData(current, at: s)) || progress
            if s < current.datas.count, !current.datas[s].bytes.isEmpty {
                m = current
                m.datas[s].bytes = []
                if !attempt(m) {
                    m.datas[s].bytes = Array(current.datas[s].bytes.prefix(current.datas[s].bytes.count / 2))
                    progress = attempt(m) || progress
                } else { progress = true }
            }
        }
        for g in (0..<current.allGlobalTypes.count).reversed() where g < current.allGlobalTypes.count {
            progress = attempt(ModuleEdits.removingGlobal(current, at: g)) || progress
        }
        for g in current.globals.indices {
            for simpler in Self.simplerConstants(current.globals[g].initializer) {
                m = current
                m.globals[g].initializer = simpler
                if attempt(m) { progress = true; break }
            }
        }
        for t in current.tables.indices.reversed() where t < current.tables.count {
            m = current
            m.tables.remove(at: t)
            progress = attempt(m) || progress
        }
        for i in current.memories.indices.reversed() where i < current.memories.count {
            m = current
            m.memories.remove(at: i)
            progress = attempt(m) || progress
        }
        for i in current.imports.indices.reversed() where i < current.imports.count {
            if case .function = current.imports[i].descriptor { continue }
            if case .global = current.imports[i].descriptor { continue }
            m = current
            m.imports.remove(at: i)
            progress = attempt(m) || progress
        }
        while !current.types.isEmpty {
            m = current
            m.types.removeLast()
            if !attempt(m) { break }
            progress = true
        }
        return progress
    }

    /// Whole functions: stub bodies with `unreachable`, then delete functions and renumber.
    mutating func functionPass() -> Bool {
        var progress = false
        let stub: [Instruction] = [.unreachable, .end]
        for f in current.codes.indices where current.codes[f].instructions != stub || !current.codes[f].locals.isEmpty {
            var m = current
            m.codes[f] = FunctionBody(locals: [], instructions: stub)
            progress = attempt(m) || progress
        }
        for f in (0..<current.allFunctionTypeIndices.count).reversed() where f < current.allFunctionTypeIndices.count {
            progress = attempt(ModuleEdits.removingFunction(current, at: f)) || progress
        }
        return progress
    }

    /// Instructions of defined function `f`: blocks, chunks, single instructions, constants, locals.
    mutating func instructionPass(_ f: Int) -> Bool {
        var progress = false
        func body() -> [Instruction] { f < current.codes.count ? current.codes[f].instructions : [] }
        func with(_ instructions: [Instruction]) -> ModuleDefinition? {
            guard f < current.codes.count else { return nil }
            var m = current
            m.codes[f].instructions = instructions
            m.codes[f].offsets = []
            return m
        }
        // Blocks: delete whole, or unwrap (keep the body; for `if`, keep one arm and drop the condition).
        var i = body().count - 1
        while i >= 0 {
            let code = body()
            if i < code.count, let (elseIndex, end) = ModuleEdits.matchingEnd(code, from: i), code[i].opensBlock {
                var removed = code
                removed.removeSubrange(i...end)
                if attempt(with(removed)) { progress = true; i = min(i, body().count) - 1; continue }
                var unwrapped = code
                if case .if = code[i] {
                    let thenArm = Array(code[(i + 1)..<(elseIndex ?? end)])
                    let elseArm = elseIndex.map { Array(code[($0 + 1)..<end]) } ?? []
                    unwrapped.replaceSubrange(i...end, with: [.drop] + thenArm)
                    if attempt(with(unwrapped)) { progress = true; i -= 1; continue }
                    unwrapped = code
                    unwrapped.replaceSubrange(i...end, with: [.drop] + elseArm)
                } else {
                    unwrapped.remove(at: end)
                    unwrapped.remove(at: i)
                }
                if attempt(with(unwrapped)) { progress = true }
            }
            i -= 1
        }
        // Chunks of consecutive instructions, halving the size (ddmin-style), never the final `end`.
        var chunk = max(1, (body().count - 1) / 2)
        while chunk >= 1 && !exhausted {
            var start = body().count - 1 - chunk
            while start >= 0 {
                var code = body()
                guard start + chunk < code.count else { start -= 1; continue }
                code.removeSubrange(start..<(start + chunk))
                if attempt(with(code)) { progress = true }
                // Small chunks slide one by one, so pairs like `i32.const 0 drop` go at any alignment.
                start -= chunk <= 4 ? 1 : chunk
            }
            if chunk == 1 { break }
            chunk /= 2
        }
        // A `drop` with the instruction that pushed its operand, however far before it (chunks only
        // catch adjacent pairs): `global.get 0 ... i32.sub global.set 0 drop` loses both ends.
        var j = body().count - 2
        while j > 0 && !exhausted {
            let code = body()
            if j < code.count, case .drop = code[j] {
                for k in stride(from: j - 1, through: max(0, j - 32), by: -1) where !exhausted {
                    var candidate = code
                    candidate.remove(at: j)
                    candidate.remove(at: k)
                    if attempt(with(candidate)) { progress = true; j = k; break }
                }
            }
            j -= 1
        }
        // Single instructions: replace with constants (popping 0...2 operands), shrink constants.
        i = body().count - 2
        while i >= 0 {
            let code = body()
            guard i < code.count - 1 else { i -= 1; continue }
            for replacement in Self.replacements(for: code[i]) {
                var candidate = code
                candidate.replaceSubrange(i...i, with: replacement)
                if attempt(with(candidate)) { progress = true; break }
            }
            i -= 1
        }
        // Locals: drop declarations (later indices shift; the validator rejects what no longer fits).
        if f < current.codes.count {
            for l in current.codes[f].locals.indices.reversed() where f < current.codes.count && l < current.codes[f].locals.count {
                var m = current
                m.codes[f].locals.remove(at: l)
                progress = attempt(m) || progress
            }
        }
        return progress
    }

    /// Simpler stand-ins for one instruction, simplest first.
    static func replacements(for instruction: Instruction) -> [[Instruction]] {
        switch instruction {
        case .i32Const(let v): return v == 0 ? [] : [[.i32Const(0)], [.i32Const(v.signum())], [.i32Const(v / 2)]]
        case .i64Const(let v): return v == 0 ? [] : [[.i64Const(0)], [.i64Const(v.signum())], [.i64Const(v / 2)]]
        case .f32Const(let v): return v == 0 ? [] : [[.f32Const(0)]]
        case .f64Const(let v): return v == 0 ? [] : [[.f64Const(0)]]
        case .block, .loop, .if, .else, .end, .nop, .drop: return []
        default:
            let constants: [Instruction] = [.i32Const(0), .i64Const(0), .f32Const(0), .f64Const(0)]
            var out: [[Instruction]] = [[.nop]]
            for pops in 0...2 {
                let drops = Array(repeating: Instruction.drop, count: pops)
                out.append(drops)
                out += constants.map { drops + [$0] }
            }
            return out
        }
    }

    /// Simpler constant expressions of the same type.
    static func simplerConstants(_ e: ConstExpr) -> [ConstExpr] {
        guard let first = e.instructions.first else { return [] }
        return replacements(for: first).filter { $0.count == 1 && $0[0].isConstant }.map { ConstExpr($0) }
    }
}

extension Instruction {
    var opensBlock: Bool {
        switch self {
        case .block, .loop, .if: return true
        default: return false
        }
    }
}
