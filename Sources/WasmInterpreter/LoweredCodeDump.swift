#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Debugging aids for the interpreter's lowered code.
///
/// - `WASMINTERP_DUMP=/path`: every compiled module's lowered code is written to that file as
///   text, one op a line (`function index`, then `pc: op`), to look at what the hot loops became;
///   `[acc N]` marks an op whose handler reads slot N from the threaded accumulator, `[facc N]`
///   one that reads it from the float accumulator.
/// - In debug builds, `WASMINTERP_COUNT=1`: after each call from the host, the number of ops
///   executed since the previous report is printed to standard error.
enum LoweredCodeDump {
    static func write(_ functions: [CompiledFunction], to path: String) {
        guard let f = fopen(path, "w") else { return }
        defer { fclose(f) }
        for cf in functions {
            fputs("function \(cf.functionIndex) params \(cf.paramCount) locals \(cf.localCount) constants \(cf.constants) frame \(cf.frameSize)\n", f)
            for k in 0..<cf.codeCount {
                let s = cf.code[k].accumulatorSlot, fs = cf.code[k].floatAccumulatorSlot
                let acc = s == ThreadedOp.noAccumulator ? "" : " [acc \(s)]"
                let facc = fs == ThreadedOp.noAccumulator ? "" : " [facc \(fs)]"
                fputs("  \(k): \(cf.op(k))\(acc)\(facc)\n", f)
            }
        }
    }
}

#if DEBUG
/// The executed-op counter of debug builds (see `LoweredCodeDump`).
enum ExecutedOpCount {
    nonisolated(unsafe) static var count = 0
    static let enabled = getenv("WASMINTERP_COUNT") != nil

    static func report() {
        guard enabled else { return }
        var line = "interpreter: \(count) ops executed\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        count = 0
    }
}
#endif
