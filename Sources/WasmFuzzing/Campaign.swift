import Foundation
import WasmCore
import WasmCorpus
import WasmOracle
import WasmSmith

/// Settings of a differential fuzzing campaign.
public struct CampaignOptions: Sendable {
    public var duration: Double = 60
    public var jobs = 1
    public var seed: UInt64 = 0
    /// Engine names: `interpreter`, `jit`, `wasmkit`, `wasmtime`.
    public var backends = ["interpreter", "jit", "wasmkit"]
    /// Wall-clock seconds one module run may take before the oracle's watchdog interrupts it
    /// (counted as a timeout); nil for no watchdog.
    public var runBudget: TimeInterval? = 2
    /// A fixed generator configuration; nil for swarm testing (drawn from each input).
    public var config: SmithConfig?
    public var corpusDirectory = "corpus/smith_diff"
    public var findingsDirectory = "findings"
    /// Stop after this many executions (for tests); nil for time only.
    public var maxExecutions: Int?
    /// Makes each job's engines instead of `backends` (tests inject faulty engines this way).
    public var engineFactory: (@Sendable () -> [any DiffEngine])?

    public init() {}
}

/// Counters of a campaign, shared by its jobs.
public struct CampaignStats: Sendable {
    public var executions = 0
    public var validModules = 0
    public var rejectedModules = 0
    public var calls = 0
    public var traps: [TrapClass: Int] = [:]
    public var stackExhaustions = 0
    /// Runs the watchdog interrupted (see `Oracle.runBudget`).
    public var timeouts = 0
    public var divergences = 0
    public var satOut: [String: Int] = [:]
    /// Inputs in the in-memory pool (the loaded corpus plus every novel input of this run).
    public var corpusSize = 0
    /// Novel inputs found by this run (each added a feature the run had not seen).
    public var novelInputs = 0
    /// Of those, the ones written to the corpus directory: a greedy cover of their features
    /// (see `Campaign.flushCorpus`), so the directory grows by what is needed, not by every find.
    public var newCorpusEntries = 0
    public var findings: [String] = []
    public var elapsed: Double = 0

    public var executionsPerSecond: Double { elapsed > 0 ? Double(executions) / elapsed : 0 }

    /// One progress line.
    public var line: String {
        let trapText = traps.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
        return String(format: "#%d %.0fs %.0f exec/s valid=%d calls=%d traps[%@] exhausted=%d timeouts=%d divergences=%d corpus=%d (+%d novel, %d written)",
                      executions, elapsed, executionsPerSecond, validModules, calls, trapText, stackExhaustions,
                      timeouts, divergences, corpusSize, novelInputs, newCorpusEntries)
    }
}

/// Makes the named engines. Unknown names throw.
public func makeEngines(_ names: [String]) throws -> [any DiffEngine] {
    try names.map { name in
        switch name {
        case "interpreter": return NativeDiffEngine(strategy: .interpreter)
        case "jit": return NativeDiffEngine(strategy: .jit)
        case "wasmkit": return WasmKitDiffEngine()
        case "wasmtime": return WasmtimeDiffEngine()
        default: throw CampaignError("unknown backend \(name) (known: interpreter, jit, wasmkit, wasmtime)")
        }
    }
}

public struct CampaignError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A differential campaign: generator inputs from the corpus and from mutations, each module
/// through the oracle on every backend; novel inputs join the corpus, divergences are saved.
public final class Campaign: @unchecked Sendable {
    public let options: CampaignOptions
    private let lock = NSLock()
    private var stats = CampaignStats()
    private var pool: [[UInt8]] = []
    private var seenFeatures = Set<String>()
    /// Features of the entries on disk (the loaded corpus and every flushed cover).
    private var persistedFeatures = Set<String>()
    /// Novel inputs not yet considered for the corpus directory, with their features.
    private var pending: [(input: [UInt8], features: Set<String>)] = []
    /// Seconds between writes of the pending novel inputs' cover.
    static let flushInterval = 30
    private let corpus: CorpusDirectory
    private let findings: FindingStore

    public init(options: CampaignOptions) throws {
        self.options = options
        if options.engineFactory == nil { _ = try makeEngines(options.backends) }
        corpus = CorpusDirectory(path: options.corpusDirectory)
        findings = FindingStore(directory: options.findingsDirectory)
    }

    /// Loads the corpus, reporting corrupt entries by name (they are skipped).
    public func loadCorpus(report: (String) -> Void) {
        let (entries, problems) = corpus.load()
        for problem in problems { report("skipping corrupt corpus entry \(problem)") }
        pool = entries.map(\.bytes)
        stats.corpusSize = pool.count
        // What the corpus already covers, so only inputs that add to it are written back (module
        // features only: outcomes would need a run of every entry).
        for input in pool {
            let fuzzCase = FuzzCase(input: input, swarm: options.config == nil, config: options.config ?? SmithConfig())
            seenFeatures.formUnion(Self.moduleFeatures(of: fuzzCase.module))
        }
        persistedFeatures = seenFeatures
    }

    /// Runs until the time (or execution) budget is spent, calling `progress` about once a second.
    public func run(progress: @escaping (CampaignStats) -> Void) -> CampaignStats {
        let start = Date()
        let jobs = max(1, options.jobs)
        let group = DispatchGroup()
        for job in 0..<jobs {
            group.enter()
            let thread = Thread { [self] in
                worker(job: job, start: start)
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        var ticks = 0
        while group.wait(timeout: .now() + 1) == .timedOut {
            ticks += 1
            if ticks % Self.flushInterval == 0 { flushCorpus() }
            progress(snapshot(start))
        }
        flushCorpus()
        let final = snapshot(start)
        progress(final)
        return final
    }

    private func snapshot(_ start: Date) -> CampaignStats {
        lock.lock(); defer { lock.unlock() }
        stats.elapsed = Date().timeIntervalSince(start)
        return stats
    }

    private func worker(job: Int, start: Date) {
        guard let engines = options.engineFactory?() ?? (try? makeEngines(options.backends)) else { return }
        let oracle = Oracle(engines: engines)
        oracle.runBudget = options.runBudget
        var mutator = Mutator(seed: options.seed &+ UInt64(job) &* 0x9E37_79B9)
        var replayIndex = job
        while Date().timeIntervalSince(start) < options.duration {
            let input: [UInt8]
            lock.lock()
            if let max = options.maxExecutions, stats.executions >= max { lock.unlock(); return }
            let poolCount = pool.count
            if replayIndex < poolCount {
                input = pool[replayIndex]          // First, every corpus entry once.
                replayIndex += options.jobs
            } else if poolCount > 0 && mutator.below(4) != 0 {
                let other = pool[mutator.below(poolCount)]
                input = mutator.mutate(pool[mutator.below(poolCount)], splicing: other)
            } else {
                input = mutator.randomInput()
            }
            lock.unlock()

            let fuzzCase = FuzzCase(input: input, swarm: options.config == nil, config: options.config ?? SmithConfig())
            let report = fuzzCase.run(oracle)
            record(fuzzCase, report)
        }
    }

    private func record(_ fuzzCase: FuzzCase, _ report: OracleReport) {
        let features = Self.features(of: fuzzCase, report)
        lock.lock()
        stats.executions += 1
        if report.rejected != nil { stats.rejectedModules += 1 } else { stats.validModules += 1 }
        stats.calls += report.calls
        stats.stackExhaustions += report.stackExhaustions
        if report.timedOut { stats.timeouts += 1 }
        for (kind, n) in report.traps { stats.traps[kind, default: 0] += n }
        for (engine, _) in report.satOut { stats.satOut[engine, default: 0] += 1 }
        let novel = !features.isSubset(of: seenFeatures)
        seenFeatures.formUnion(features)
        if novel {
            pool.append(fuzzCase.input)
            pending.append((fuzzCase.input, features))
            stats.corpusSize = pool.count
            stats.novelInputs += 1
        }
        lock.unlock()
        if let divergence = report.divergence, let folder = try? findings.save(fuzzCase, divergence: divergence) {
            lock.lock()
            if !stats.findings.contains(folder) {
                stats.divergences += 1
                stats.findings.append(folder)
            }
            lock.unlock()
        }
    }

    /// Writes to the corpus directory a greedy cover of the pending novel inputs: largest
    /// contribution of features not on disk yet first, each kept only if it still adds one. Every
    /// feature the pending inputs found reaches the directory, usually through a few of them (a
    /// later input often covers what several earlier ones found one at a time).
    func flushCorpus() {
        lock.lock()
        let batch = pending
        pending = []
        let known = persistedFeatures
        for entry in batch { persistedFeatures.formUnion(entry.features) }
        lock.unlock()
        var written = 0
        for input in Self.cover(batch, known: known) where (try? corpus.add(input))?.isNew == true { written += 1 }
        lock.lock()
        stats.newCorpusEntries += written
        lock.unlock()
    }

    /// The inputs of a greedy cover of `candidates`' features not in `known`, in the order chosen.
    static func cover(_ candidates: [(input: [UInt8], features: Set<String>)], known: Set<String>) -> [[UInt8]] {
        var contributions: [(index: Int, new: Set<String>)] = []
        for (index, candidate) in candidates.enumerated() {
            let new = candidate.features.subtracting(known)
            if !new.isEmpty { contributions.append((index, new)) }
        }
        contributions.sort { a, b in a.new.count != b.new.count ? a.new.count > b.new.count : a.index < b.index }
        var covered = Set<String>()
        var chosen: [[UInt8]] = []
        for entry in contributions where !entry.new.isSubset(of: covered) {
            covered.formUnion(entry.new)
            chosen.append(candidates[entry.index].input)
        }
        return chosen
    }

    /// What counts as new behaviour: instruction bigrams of the module, and outcomes.
    static func features(of fuzzCase: FuzzCase, _ report: OracleReport) -> Set<String> {
        var features = moduleFeatures(of: fuzzCase.module)
        for (kind, _) in report.traps { features.insert("trap:\(kind.rawValue)") }
        if report.stackExhaustions > 0 { features.insert("exhausted") }
        if report.instantiated { features.insert("instantiated") }
        if let d = report.divergence { features.insert("divergence:\(d.kind.rawValue)") }
        return features
    }

    /// The instruction bigrams of a module's bodies.
    static func moduleFeatures(of module: ModuleDefinition) -> Set<String> {
        var features = Set<String>()
        for body in module.codes {
            var previous = "entry"
            for instruction in body.instructions {
                let name = instruction.mnemonic
                features.insert(previous + ">" + name)
                previous = name
            }
        }
        return features
    }
}
