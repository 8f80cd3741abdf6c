import Foundation

/// The oracle's per-run wall-clock budget. While armed, a background thread (one per watchdog,
/// reused for every run) waits for the deadline; once it passes, the watchdog interrupts every
/// instance it watches, again every millisecond until disarmed, so a module that runs too long
/// ends with the interrupt trap instead of stalling a campaign. Engines that cannot be
/// interrupted (WasmKit) are kept out of slow runs by the oracle instead.
final class Watchdog: @unchecked Sendable {
    // Sendable: every field is guarded by `condition`.
    private let condition = NSCondition()
    private var deadline: Date?
    private var started: Date = .distantPast
    private var watched: [any DiffInstance] = []
    private var fired = false
    private var running = false
    private var stopped = false

    /// Starts a run with `budget` seconds.
    func arm(budget: TimeInterval) {
        condition.lock()
        started = Date()
        deadline = started.addingTimeInterval(budget)
        watched = []
        fired = false
        if !running {
            running = true
            let thread = Thread { [self] in loop() }
            thread.name = "oracle watchdog"
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    /// Interrupts `instance` too when the budget runs out (at once if it already has).
    func watch(_ instance: any DiffInstance) {
        condition.lock()
        watched.append(instance)
        if fired { instance.interrupt() }
        condition.unlock()
    }

    /// Ends the run; returns whether its budget ran out.
    @discardableResult
    func disarm() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        deadline = nil
        watched = []
        return fired
    }

    /// Whether the current run's budget has run out.
    var hasFired: Bool {
        condition.lock()
        defer { condition.unlock() }
        return fired
    }

    /// Seconds since the current run was armed.
    var elapsed: TimeInterval {
        condition.lock()
        defer { condition.unlock() }
        return Date().timeIntervalSince(started)
    }

    /// Ends the background thread (the oracle's deinit).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            guard let deadline else {
                condition.wait()
                continue
            }
            if Date() < deadline {
                _ = condition.wait(until: deadline)
                continue
            }
            fired = true
            for instance in watched { instance.interrupt() }
            _ = condition.wait(until: Date().addingTimeInterval(0.001))
        }
    }
}
