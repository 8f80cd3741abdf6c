import Foundation
import WasmCore

extension Oracle {
    /// The wall-clock variant of epoch interruption: on every engine that supports epochs, calls
    /// `export` (expected not to terminate) with a deadline one tick ahead while another thread
    /// advances the epoch after `delay` seconds. Returns each engine's outcome; every engine should
    /// come back with the interrupt trap. Engines without epochs sit out (not in the result).
    public func interruptByWallClock(_ bytes: [UInt8], export: String, after delay: TimeInterval = 0.05) -> [(engine: String, outcome: CallOutcome)] {
        guard let module = try? decodeModule(bytes) else { return [] }
        let options = RunOptions(epochDeadline: 1)
        var results: [(engine: String, outcome: CallOutcome)] = []
        for engine in engines where engine.unsupportedReason(for: options) == nil {
            let (instantiated, instance) = engine.instantiate(bytes, module: module, options: options)
            guard let instance else {
                results.append((engine.name, instantiated))
                continue
            }
            // `incrementEpoch` is the one member documented as safe from another thread.
            let box = EpochHandle(instance: instance)
            let ticker = Thread {
                Thread.sleep(forTimeInterval: delay)
                box.instance.incrementEpoch()
            }
            ticker.start()
            results.append((engine.name, instance.call(export, [])))
        }
        return results
    }
}

/// Carries an instance to the ticker thread, which only calls its thread-safe `incrementEpoch`.
private struct EpochHandle: @unchecked Sendable {
    let instance: any DiffInstance
}
