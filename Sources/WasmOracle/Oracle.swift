import Foundation
import WasmCore

/// What kind of disagreement the oracle saw.
public enum DivergenceKind: String, Hashable, Sendable, Codable {
    /// Engines disagreed on whether (or how) the module instantiates.
    case instantiation
    /// Both returned, with different values.
    case result
    /// Both trapped, with different trap classes.
    case trapKind
    /// One trapped (or exhausted the stack), another returned.
    case trapVersusReturn
    /// One was interrupted by the epoch deadline and another was not.
    case epochInterruption
    /// One ran out of fuel and another did not, or remaining fuel differs.
    case fuel
    case memory
    case global
    case table
    /// The sequence of host calls (with arguments) differs.
    case hostCalls
}

/// One disagreement, with everything needed to read it.
public struct Divergence: Hashable, Sendable, CustomStringConvertible {
    public var kind: DivergenceKind
    /// `instantiate`, or the name of the exported function called.
    public var step: String
    public var arguments: [DiffValue]
    /// Each engine's outcome for the step, in engine order.
    public var outcomes: [(engine: String, outcome: String)]
    /// What exactly differs (first differing byte, global name, ...).
    public var detail: String
    /// Where the engines' states first part, when localisation found it.
    public var location: String?
    /// The engine that disagreed with the reference.
    public var otherEngine: String = ""

    public static func == (a: Divergence, b: Divergence) -> Bool {
        a.kind == b.kind && a.step == b.step && a.arguments == b.arguments && a.detail == b.detail && a.location == b.location
            && a.outcomes.map(\.engine) == b.outcomes.map(\.engine) && a.outcomes.map(\.outcome) == b.outcomes.map(\.outcome)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind); hasher.combine(step); hasher.combine(detail)
    }

    public var description: String {
        var lines = ["\(kind.rawValue) divergence at \(step)(\(arguments.map(\.description).joined(separator: ", ")))", "  \(detail)"]
        lines += outcomes.map { "  \($0.engine): \($0.outcome)" }
        if let location { lines.append("  first differing point: \(location)") }
        return lines.joined(separator: "\n")
    }
}

/// Everything one oracle run observed.
public struct OracleReport: Sendable {
    public var engines: [String] = []
    /// Engines that sat out, with the reason.
    public var satOut: [String: String] = [:]
    public var instantiated = false
    public var rejected: String?
    public var calls = 0
    public var traps: [TrapClass: Int] = [:]
    public var stackExhaustions = 0
    public var divergence: Divergence?
    /// The calls made, in order (the last is the divergent one when there is a divergence).
    public var steps: [OracleStep] = []
    /// The run outlasted the oracle's `runBudget` and was interrupted; nothing after that point
    /// was compared.
    public var timedOut = false
}

/// Supplies call arguments deterministically for a parameter type.
public protocol ArgumentSource {
    mutating func next(_ type: ValueType) -> DiffValue
}

/// Arguments drawn from a fixed list of interesting values, walked by a seeded generator.
public struct InterestingArguments: ArgumentSource {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    private mutating func draw() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }

    public mutating func next(_ type: ValueType) -> DiffValue {
        let r = draw()
        switch type {
        case .i32:
            let picks: [UInt32] = [0, 1, 2, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF, 0x10000, UInt32(truncatingIfNeeded: r >> 32)]
            return .i32(picks[Int(r % UInt64(picks.count))])
        case .i64:
            let picks: [UInt64] = [0, 1, 2, .max, 1 << 63, (1 << 63) - 1, 0xFFFF_FFFF, 0x1_0000_0000, r >> 3]
            return .i64(picks[Int(r % UInt64(picks.count))])
        case .f32:
            let picks: [Float] = [0, -0.0, 1, -1, 0.5, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 2147483648, -2147483904, 4294967296]
            return .f32(picks[Int(r % UInt64(picks.count))].bitPattern)
        case .f64:
            let picks: [Double] = [0, -0.0, 1, -1, 0.5, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 9223372036854775808, -9223372036854777856, 4294967296]
            return .f64(picks[Int(r % UInt64(picks.count))].bitPattern)
        case .ref(.funcref): return .funcref(isNull: true)
        case .ref(.externref): return r % 2 == 0 ? .externref(nil) : .externref(r % 1000)
        case .v128: return .externref(nil)
        }
    }
}

/// Runs one module on several engines and says, precisely, where they disagree (wasmtime's
/// differential oracle, in this project's terms). The first engine is the reference.
public final class Oracle {
    public let engines: [any DiffEngine]
    /// Wall-clock seconds one module run may take (instantiation and every call). When they run
    /// out, the watchdog interrupts our engines through their epoch, the run ends as timed out
    /// and nothing more is compared; an engine that cannot be interrupted (WasmKit) sits out the
    /// rest of a run that has used half of it. Nil: no watchdog.
    public var runBudget: TimeInterval? = 2
    private let watchdog = Watchdog()

    public init(engines: [any DiffEngine]) {
        self.engines = engines
    }

    deinit { watchdog.stop() }

    /// Runs `bytes`: instantiation, then every exported function once in export order with
    /// arguments from `arguments`, comparing outcomes and state after every step. Stops at the first
    /// divergence, and after a call stack exhaustion on any engine (state is not comparable after it).
    public func run(_ bytes: [UInt8], options: RunOptions = RunOptions(), arguments: inout some ArgumentSource,
                    localizing: Bool = true) -> OracleReport {
        var report = runUnlocalized(bytes, options: options, arguments: &arguments)
        guard localizing, var divergence = report.divergence, let module = try? decodeModule(bytes),
              let reference = engines.first(where: { $0.name == report.engines.first }),
              let other = engines.first(where: { $0.name == divergence.otherEngine }) else { return report }
        var steps = report.steps
        if divergence.step == "instantiate" { steps = [] }
        divergence.location = localize(bytes, module: module, steps: steps, options: options, between: reference, and: other)
            ?? "not localised (\(reference.name) and \(other.name) must both meter fuel)"
        report.divergence = divergence
        return report
    }

    func runUnlocalized(_ bytes: [UInt8], options: RunOptions, arguments: inout some ArgumentSource) -> OracleReport {
        guard let budget = runBudget else { return runWatched(bytes, options: options, arguments: &arguments) }
        watchdog.arm(budget: budget)
        var report = runWatched(bytes, options: options, arguments: &arguments)
        if watchdog.disarm() {
            report.timedOut = true
            report.divergence = nil  // outcomes after an interrupt are not comparable
        }
        return report
    }

    /// Whether `engine` may start another step of this run: an engine that cannot be interrupted
    /// sits out once the run has used half its budget.
    private func mayStart(_ engine: any DiffEngine) -> String? {
        guard !engine.isInterruptible, let budget = runBudget, watchdog.elapsed > budget / 2 else { return nil }
        return "the run is slow and \(engine.name) cannot be interrupted (watchdog)"
    }

    private func runWatched(_ bytes: [UInt8], options: RunOptions, arguments: inout some ArgumentSource) -> OracleReport {
        var report = OracleReport()
        let module: ModuleDefinition
        do {
            module = try decodeModule(bytes)
        } catch {
            report.rejected = "\(error)"
            return report
        }
        let participants = engines.filter { engine in
            if let reason = engine.unsupportedReason(for: options) {
                report.satOut[engine.name] = reason
                return false
            }
            return true
        }
        report.engines = participants.map(\.name)
        guard !participants.isEmpty else { return report }

        var instances: [(name: String, instance: any DiffInstance)] = []
        var outcomes: [(engine: String, outcome: CallOutcome)] = []
        var interruptible: [String: Bool] = [:]
        for engine in participants {
            interruptible[engine.name] = engine.isInterruptible
            if let why = mayStart(engine) {
                report.satOut[engine.name] = why
                continue
            }
            let (outcome, instance) = engine.instantiate(bytes, module: module, options: options)
            if case .unsupported(let why) = outcome {
                report.satOut[engine.name] = why
                continue
            }
            outcomes.append((engine.name, outcome))
            if let instance {
                instances.append((engine.name, instance))
                watchdog.watch(instance)
            }
            if watchdog.hasFired { return report }
        }
        guard !outcomes.isEmpty else { return report }
        if outcomes.contains(where: { if case .stackExhausted = $0.outcome { return true } else { return false } }) {
            report.stackExhaustions += 1    // A start function recursing too deep: not comparable.
            return report
        }
        if let divergence = compare(outcomes, step: "instantiate", arguments: [], instantiation: true) {
            report.divergence = divergence
            return report
        }
        guard case .returned = outcomes[0].outcome, instances.count == outcomes.count else {
            if case .rejected(let why) = outcomes[0].outcome { report.rejected = why }
            if case .trapped(let kind, _) = outcomes[0].outcome { report.traps[kind, default: 0] += 1 }
            if case .stackExhausted = outcomes[0].outcome { report.stackExhaustions += 1 }
            return report
        }
        report.instantiated = true
        if let divergence = compareState(instances, step: "instantiate", arguments: []) {
            report.divergence = divergence
            return report
        }

        for export in module.exports where export.kind == .function {
            guard let type = module.functionType(at: export.index) else { continue }
            let args = type.params.map { arguments.next($0) }
            var results: [(engine: String, outcome: CallOutcome)] = []
            for (name, instance) in instances {
                if interruptible[name] == false, let budget = runBudget, watchdog.elapsed > budget / 2 {
                    results.append((name, .unsupported("the run is slow and \(name) cannot be interrupted (watchdog)")))
                    continue
                }
                results.append((name, instance.call(export.name, args)))
                if watchdog.hasFired { return report }
            }
            // An engine that meets something it cannot run sits out from here on, counted.
            for (engine, outcome) in results {
                if case .unsupported(let why) = outcome { report.satOut[engine] = why }
            }
            let running = results.map { if case .unsupported = $0.outcome { return false } else { return true } }
            instances = zip(instances, running).filter(\.1).map(\.0)
            results = results.filter { if case .unsupported = $0.outcome { return false } else { return true } }
            guard !results.isEmpty else { return report }
            report.calls += 1
            report.steps.append(OracleStep(export: export.name, arguments: args))
            // Engines legitimately differ in how deep they can recurse: when any of them exhausts its
            // stack, the call is its own outcome and nothing after it is comparable.
            if results.contains(where: { if case .stackExhausted = $0.outcome { return true } else { return false } }) {
                report.stackExhaustions += 1
                return report
            }
            if let divergence = compare(results, step: export.name, arguments: args, instantiation: false) {
                report.divergence = divergence
                return report
            }
            if case .trapped(let kind, _) = results[0].outcome { report.traps[kind, default: 0] += 1 }
            if let divergence = compareState(instances, step: export.name, arguments: args) {
                report.divergence = divergence
                return report
            }
        }
        return report
    }

    /// Compares each engine's outcome with the reference's.
    func compare(_ outcomes: [(engine: String, outcome: CallOutcome)], step: String, arguments: [DiffValue], instantiation: Bool) -> Divergence? {
        let reference = outcomes[0].outcome
        for other in outcomes.dropFirst() where !reference.matches(other.outcome) {
            let kind: DivergenceKind
            switch (reference, other.outcome) {
            case _ where instantiation: kind = .instantiation
            case (.returned, .returned): kind = .result
            case (.trapped(.interrupt, _), _), (_, .trapped(.interrupt, _)): kind = .epochInterruption
            case (.trapped(.outOfFuel, _), _), (_, .trapped(.outOfFuel, _)): kind = .fuel
            case (.trapped, .trapped): kind = .trapKind
            default: kind = .trapVersusReturn
            }
            return Divergence(kind: kind, step: step, arguments: arguments,
                              outcomes: outcomes.map { ($0.engine, $0.outcome.description) },
                              detail: "\(outcomes[0].engine) and \(other.engine) disagree", otherEngine: other.engine)
        }
        return nil
    }

    /// Compares the exported state of each instance with the reference's.
    func compareState(_ instances: [(name: String, instance: any DiffInstance)], step: String, arguments: [DiffValue]) -> Divergence? {
        let reference = instances[0]
        let referenceState = reference.instance.snapshot()
        for other in instances.dropFirst() {
            if let (kind, detail) = Self.difference(reference.instance, referenceState, other.instance, other.instance.snapshot()) {
                return Divergence(kind: kind, step: step, arguments: arguments,
                                  outcomes: [(reference.name, "state as reference"), (other.name, "state differs")],
                                  detail: "\(reference.name) vs \(other.name): \(detail)", otherEngine: other.name)
            }
        }
        return nil
    }

    /// The first difference between two instances' states: memories (in place), then the rest of
    /// their snapshots.
    static func difference(_ a: any DiffInstance, _ sa: StateSnapshot, _ b: any DiffInstance, _ sb: StateSnapshot) -> (DivergenceKind, String)? {
        let memory = a.withMemories { x in b.withMemories { y in memoryDifference(x, y) } }
        return memory ?? difference(sa, sb)
    }

    /// The first difference between two sets of memories, by export name.
    static func memoryDifference(_ a: [String: UnsafeRawBufferPointer], _ b: [String: UnsafeRawBufferPointer]) -> (DivergenceKind, String)? {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        for name in Set(a.keys).union(b.keys).sorted() {
            let x = a[name] ?? empty, y = b[name] ?? empty
            if x.count != y.count { return (.memory, "memory \"\(name)\" size \(x.count) vs \(y.count) bytes") }
            // memcmp first: memories can be gigabytes after memory.grow, and equal ones are the rule.
            guard x.count > 0, let p = x.baseAddress, let q = y.baseAddress, memcmp(p, q, x.count) != 0 else { continue }
            if let i = x.indices.first(where: { x[$0] != y[$0] }) {
                return (.memory, "memory \"\(name)\" first differs at byte \(i): 0x\(String(x[i], radix: 16)) vs 0x\(String(y[i], radix: 16))")
            }
        }
        return nil
    }

    /// The first difference between two snapshots apart from memories, if any.
    static func difference(_ a: StateSnapshot, _ b: StateSnapshot) -> (DivergenceKind, String)? {
        for name in Set(a.globals.keys).union(b.globals.keys).sorted() {
            let x = a.globals[name], y = b.globals[name]
            if let x, let y, x.matches(y) { continue }
            return (.global, "global \"\(name)\": \(x?.description ?? "missing") vs \(y?.description ?? "missing")")
        }
        if let ta = a.tables, let tb = b.tables {
            for name in Set(ta.keys).union(tb.keys).sorted() where !(ta[name] ?? []).matches(tb[name] ?? []) {
                return (.table, "table \"\(name)\" differs (\(ta[name]?.count ?? 0) vs \(tb[name]?.count ?? 0) elements)")
            }
        }
        if let fa = a.fuel, let fb = b.fuel, fa != fb { return (.fuel, "remaining fuel \(fa) vs \(fb)") }
        if a.hostCalls.count != b.hostCalls.count || !zip(a.hostCalls, b.hostCalls).allSatisfy({ $0.matches($1) }) {
            let i = zip(a.hostCalls, b.hostCalls).enumerated().first { !$0.element.0.matches($0.element.1) }?.offset ?? min(a.hostCalls.count, b.hostCalls.count)
            let x = i < a.hostCalls.count ? a.hostCalls[i].description : "none"
            let y = i < b.hostCalls.count ? b.hostCalls[i].description : "none"
            return (.hostCalls, "host call #\(i): \(x) vs \(y)")
        }
        return nil
    }
}
