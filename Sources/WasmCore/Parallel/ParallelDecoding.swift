/// Decoding and validation of function bodies on several threads (`Config.parallelCompilation`).
///
/// One thread reads every section but the bodies (`ModuleDecoder.deferredBodies`: each body's
/// byte range is recorded and skipped) and checks the definitions; then the bodies are decoded
/// and validated on `workers` threads, each with its own `StreamingValidation` against the same
/// code-section context as the sequential pass. The result is the sequential one: bodies are
/// independent once the context is known, and each lands in its own slot of `codes`.
///
/// Errors: when anything fails (a section, a definition, a body, or the data count rule that
/// needs every body), the whole module is decoded again by the sequential
/// `decodeAndValidateModule`, which throws exactly its usual error. Invalid input is the rare
/// case, so paying twice for it keeps the errors identical at no cost to valid modules.
///
/// A backend can also process each body on the worker that validated it (the JIT compiles it
/// there: `JITBackend.decodeAndCompile`), so that a module takes one fork-join for decoding,
/// validation and compilation: the generic `decodeAndValidateInParallel(_:features:parallel:...)`.

/// When parallel decoding and compilation are worth their threads.
public struct ParallelCompilation: Hashable, Sendable {
    /// Threads to use (1: everything on the calling thread).
    public var workers: Int
    /// Code sections smaller than this many bytes are decoded on the calling thread: for
    /// small modules, starting threads costs more than it saves.
    public var minimumCodeBytes: Int

    /// The default threshold: about 16 KiB of code.
    public static let defaultMinimumCodeBytes = 16 * 1024

    public init(workers: Int = ParallelWork.availableWorkers, minimumCodeBytes: Int = ParallelCompilation.defaultMinimumCodeBytes) {
        self.workers = workers
        self.minimumCodeBytes = minimumCodeBytes
    }

    /// Everything on the calling thread.
    public static let sequential = ParallelCompilation(workers: 1)

    /// Whether a code section of `bodies` bodies and `codeBytes` bytes is split over threads.
    public func splits(bodies: Int, codeBytes: Int) -> Bool {
        workers > 1 && bodies >= 2 && codeBytes >= minimumCodeBytes
    }

    /// Threads for copying `codeBytes` bytes of compiled code into place: copying costs far less
    /// than decoding and compiling, so it is split only from 64 times `minimumCodeBytes` (below
    /// that, waking a thread costs more than it saves).
    public func workers(copying codeBytes: Int) -> Int {
        let (threshold, overflow) = minimumCodeBytes.multipliedReportingOverflow(by: 64)
        return workers > 1 && !overflow && codeBytes >= threshold ? workers : 1
    }

    /// Threads for compiling the decoded bodies of `module`: its binary code size is estimated
    /// at two bytes per instruction.
    public func workers(compiling module: ModuleDefinition) -> Int {
        var instructions = 0
        for body in module.codes { instructions += body.instructions.count }
        return splits(bodies: module.codes.count, codeBytes: instructions * 2) ? workers : 1
    }
}

/// Decodes and validates `bytes` like `decodeAndValidateModule(_:features:)` (same module, same
/// errors), decoding and validating the function bodies on `parallel.workers` threads when the
/// code section is large enough.
public func decodeAndValidateModule(_ bytes: [UInt8], features: Features, parallel: ParallelCompilation) throws -> ModuleDefinition {
    // Too small for threads to pay off (or no room for a code section that would).
    guard parallel.workers > 1, bytes.count >= parallel.minimumCodeBytes else {
        return try decodeAndValidateModule(bytes, features: features)
    }
    if let module = decodeAndValidateInParallel(bytes, features: features, parallel: parallel) {
        return module
    }
    return try decodeAndValidateModule(bytes, features: features)
}

/// The parallel path; nil when it does not apply or anything failed (the caller then runs the
/// sequential path, which reports the error).
func decodeAndValidateInParallel(_ bytes: [UInt8], features: Features, parallel: ParallelCompilation) -> ModuleDefinition? {
    decodeAndValidateInParallel(bytes, features: features, parallel: parallel,
                                makeState: { _ in () }, then: { _, _, _ in () })?.module
}

/// Decodes and validates `bytes` as `decodeAndValidateModule(_:features:parallel:)` does on
/// its threads, and hands each valid body to `process` on the worker that validated it, while
/// the body is still in that core's cache: a backend compiles it there, in the same fork-join
/// (one hand-off between threads per module instead of one per phase).
///
/// `makeState` makes each worker's state from the module as decoded before its bodies (every
/// section read and checked; `codes` holds empty placeholders). `process(&state, index, body)`
/// returns nil when it fails. The result is nil when the parallel path does not apply (a code
/// section too small to split) or anything failed, decoding, validation or `process`: the
/// caller then runs its sequential path, which reports the error. Otherwise it is the module
/// the sequential path decodes, with the outputs in body order.
public func decodeAndValidateInParallel<State: ~Copyable, Output>(
    _ bytes: [UInt8], features: Features, parallel: ParallelCompilation,
    makeState: (ModuleDefinition) -> State,
    then process: (inout State, Int, FunctionBody) -> Output?
) -> (module: ModuleDefinition, outputs: [Output])? {
    guard parallel.workers > 1, bytes.count >= parallel.minimumCodeBytes else { return nil }
    var decoder = ModuleDecoder(bytes: bytes, features: features)
    decoder.deferredBodies = []
    // Only its code-section context is used: no body is visited while bodies are deferred.
    var sections = StreamingValidation(features: features)
    guard var module = try? decoder.decode(visitor: &sections), let ranges = decoder.deferredBodies else { return nil }
    let codeBytes = ranges.reduce(0) { $0 + $1.count }
    guard parallel.splits(bodies: ranges.count, codeBytes: codeBytes) else { return nil }
    var definitions = ModuleValidator(features: features)
    do { try definitions.validate(module, firstUncheckedBody: ranges.count, firstBodyFailure: nil) } catch { return nil }

    let context = sections.context
    let outline = module
    let slots = ResultSlots<(body: FunctionBody, usesDataIndices: Bool, output: Output)>(count: ranges.count)
    ParallelWork.forEach(count: ranges.count, workers: parallel.workers, makeState: { () -> BodyWorker<State> in
        var validation = StreamingValidation(features: features)
        validation.context = context
        return BodyWorker(validation: validation, state: makeState(outline))
    }) { worker, index in
        let range = ranges[index]
        var reader = BinaryReader(bytes, start: range.lowerBound, end: range.upperBound)
        var usesDataIndices = false
        worker.validation.resume(atBody: index)
        guard let body = try? reader.readFunctionBody(
                  features: features, byteCount: range.count, usesDataIndices: &usesDataIndices,
                  index: index, visitor: &worker.validation),
              reader.position == range.upperBound,
              worker.validation.failure == nil, worker.validation.checkedBodies == index + 1,
              let output = process(&worker.state, index, body)
        else { return }  // Left empty: the sequential path reports the error.
        slots.set(index, (body, usesDataIndices, output))
    }
    var usesDataIndices = false
    var outputs: [Output] = []
    outputs.reserveCapacity(ranges.count)
    for index in 0..<ranges.count {
        guard let result = slots.take(index) else { return nil }
        module.codes[index] = result.body
        outputs.append(result.output)
        if result.usesDataIndices { usesDataIndices = true }
    }
    // `checkConsistency`'s last rule, which needed the bodies.
    if usesDataIndices, module.dataCount == nil { return nil }
    return (module, outputs)
}

/// One thread's validator and caller state in `decodeAndValidateInParallel`.
struct BodyWorker<State: ~Copyable>: ~Copyable {
    var validation: StreamingValidation
    var state: State
}
