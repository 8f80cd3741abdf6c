import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One value on the wire to `ci/peers/wasmtime_runner.py`: numbers as unsigned bit patterns.
struct WireValue: Codable, Hashable {
    var t: String
    var v: UInt64?
    var null: Bool?
}

/// A host call as the runner logs it.
struct WireHostCall: Codable, Hashable {
    var module: String
    var name: String
    var args: [WireValue]
}

/// Every reply the runner sends (outcomes and snapshots share one shape; absent keys are nil).
struct WireReply: Decodable {
    var outcome: String?
    var values: [WireValue]?
    var trap: String?
    var message: String?
    var memories: [String: String]?
    var globals: [String: WireValue]?
    var tables: [String: [WireValue]]?
    var hostCalls: [WireHostCall]?
}

/// Where the peers live: `$PEERS_VENV`, else `.venv-peers/` in the current directory or one of its
/// parents, else next to this source file's repository (development builds).
struct PeerLocation {
    var python: String
    var runner: String

    static func find(filePath: String = #filePath) -> PeerLocation? {
        let fm = FileManager.default
        var roots: [String] = []
        var dir = fm.currentDirectoryPath
        for _ in 0..<8 {
            roots.append(dir)
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        // Sources/WasmOracle/<file> -> repository root.
        roots.append(((filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../.."))
        let env = ProcessInfo.processInfo.environment["PEERS_VENV"]
        for root in roots {
            let venv = env ?? (root as NSString).appendingPathComponent(".venv-peers")
            let python = (venv as NSString).appendingPathComponent("bin/python")
            let runner = (root as NSString).appendingPathComponent("ci/peers/wasmtime_runner.py")
            if fm.isExecutableFile(atPath: python) && fm.fileExists(atPath: runner) {
                return PeerLocation(python: python, runner: runner)
            }
        }
        return nil
    }
}

/// The persistent runner process: one JSON request per line in, one reply per line out. Writes are
/// serialised by a lock so `epoch` messages may come from another thread while a call waits.
final class WasmtimeRunnerProcess: @unchecked Sendable {
    private let process = Process()
    private let input: FileHandle
    private let output: Int32
    private var buffer: [UInt8] = []
    private let writeLock = NSLock()
    private(set) var alive = true
    /// Seconds a reply may take before the runner is considered hung and is killed.
    var replyTimeout: Double = 120

    init(location: PeerLocation) throws {
        signal(SIGPIPE, SIG_IGN)  // A dead runner must not take us down with it.
        let stdinPipe = Pipe(), stdoutPipe = Pipe()
        process.executableURL = URL(fileURLWithPath: location.python)
        process.arguments = ["-u", location.runner]
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        input = stdinPipe.fileHandleForWriting
        output = stdoutPipe.fileHandleForReading.fileDescriptor
    }

    deinit { terminate() }

    func terminate() {
        guard alive else { return }
        alive = false
        try? input.close()
        if process.isRunning { process.terminate() }
    }

    /// Sends a message without waiting for a reply (used for `epoch`).
    func post(_ json: [UInt8]) {
        writeLock.lock(); defer { writeLock.unlock() }
        guard alive else { return }
        do { try input.write(contentsOf: json + [0x0A]) } catch { alive = false }
    }

    /// Sends a request and waits for its reply line; nil when the runner died or hung.
    func request(_ json: [UInt8]) -> WireReply? {
        post(json)
        guard alive, let line = readLine() else {
            terminate()
            return nil
        }
        return try? JSONDecoder().decode(WireReply.self, from: Data(line))
    }

    private func readLine() -> [UInt8]? {
        let deadline = Date().addingTimeInterval(replyTimeout)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var pfd = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { return nil }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}
