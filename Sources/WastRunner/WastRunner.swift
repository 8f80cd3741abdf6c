import Foundation
import WAT
import WasmEngine
import WasmParser

/// Runs `.wast` spec scripts against the public API (`Engine`, `Store`, `Linker`, ...) for a
/// given `Config`; the backend is chosen by `config.strategy`.
public struct WastRunner: Sendable {
    /// Engine settings for every script (a fresh engine and store per file).
    public var config: Config
    /// At most this many failures, skips and wrong reasons are kept per file (counts stay exact).
    public var maxRecordedIssues = 100
    /// Whether every script module goes through `Engine.precompileModule` and
    /// `Module.deserialize` before it is instantiated (tests precompiled artifacts).
    public var roundTripPrecompiled = false

    public init(config: Config) {
        self.config = config
    }

    /// Whether a file is skipped as a whole: SIMD is not implemented, so `simd_*.wast` is.
    public static func skipReason(forFile name: String) -> String? {
        name.hasPrefix("simd_") ? "SIMD (v128) is not implemented; all SIMD scripts are skipped" : nil
    }

    /// Runs the script at `path`. An unreadable file is one failure.
    public func run(path: String) -> WastFileResult {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            var result = WastFileResult(file: name)
            result.failed = 1
            result.failures = [WastIssue(line: 0, directive: "file", expected: "a readable file", actual: "cannot read \(path)")]
            return result
        }
        return run(source: String(decoding: data, as: UTF8.self), file: name)
    }

    /// Runs a script given as text; `file` names it in the result and decides whole-file skips.
    public func run(source: String, file: String) -> WastFileResult {
        var result = WastFileResult(file: file)
        if let reason = Self.skipReason(forFile: file) {
            result.skipped = ScriptText.countTopLevelForms(source)
            result.skips = [WastIssue(line: 0, directive: "file", expected: "run", actual: reason)]
            return result
        }
        let session: WastSession
        do {
            session = try WastSession(config: config, features: [.referenceTypes])
            session.roundTripPrecompiled = roundTripPrecompiled
        } catch {
            result.failed = 1
            result.failures = [WastIssue(line: 0, directive: "setup", expected: "an engine and the spectest module", actual: describe(error))]
            return result
        }
        var recorder = Recorder(source: source, limit: maxRecordedIssues)
        var script: WAST
        do {
            script = try parseWAST(ScriptText.rewritingUninstantiable(source), features: session.features)
        } catch {
            result.failed = 1
            result.failures = [WastIssue(line: 0, directive: "script", expected: "a parsable script", actual: "\(error)")]
            return result
        }
        while let (parsed, location) = script.nextDirectiveResult() {
            switch parsed {
            case .success(let directive):
                let outcome = session.run(directive)
                recorder.record(outcome, directive: Self.name(of: directive), at: location, into: &result)
            case .failure(let failure):
                let keyword = recorder.keyword(at: location) ?? "directive"
                let outcome: DirectiveOutcome
                switch keyword {
                case "assert_invalid", "assert_malformed":
                    // The text parser rejected the module inside: a rejection, for its own reason.
                    outcome = .rejectedByTextParser(expected: "(see script)", actual: "\(failure.error)")
                default:
                    if keyword == "module" { session.forgetCurrent() }
                    outcome = .fail(expected: "a parsable directive", actual: "text parser: \(failure.error)")
                }
                recorder.record(outcome, directive: keyword, at: location, into: &result)
            }
        }
        return result
    }

    /// The WAST keyword of a directive.
    static func name(of directive: WASTDirective) -> String {
        switch directive {
        case .module: return "module"
        case .moduleInstance: return "module instance"
        case .assertInvalid: return "assert_invalid"
        case .assertMalformed: return "assert_malformed"
        case .assertReturn: return "assert_return"
        case .assertTrap: return "assert_trap"
        case .assertExhaustion: return "assert_exhaustion"
        case .assertException: return "assert_exception"
        case .assertFuel: return "assert_fuel"
        case .assertOutOfFuel: return "assert_out_of_fuel"
        case .assertUnlinkable: return "assert_unlinkable"
        case .register: return "register"
        case .invoke: return "invoke"
        }
    }
}

extension WastSession {
    /// Runs one directive; anything thrown is a failure, never a crash.
    func run(_ directive: WASTDirective) -> DirectiveOutcome {
        switch directive {
        case .module(let module):
            if module.isDefinition { return .fail(expected: "a Wasm 2.0 directive", actual: "module definition is not supported") }
            return self.module(module)
        case .register(let name, let moduleId):
            do { return try register(name, moduleId: moduleId) } catch { return .fail(expected: "register \"\(name)\"", actual: describe(error)) }
        case .invoke(let call):
            do {
                _ = try invoke(call)
                return .pass
            } catch WastValueError.needsSIMD {
                return .skip(WastValueError.needsSIMD.description)
            } catch {
                return .fail(expected: "invoke \"\(call.name)\" to return", actual: describe(error))
            }
        case .assertReturn(let action, let results): return assertReturn(action, results)
        case .assertTrap(let action, let message): return assertTrap(action, message)
        case .assertExhaustion(let call, let message): return assertExhaustion(call, message)
        case .assertInvalid(let module, let message), .assertMalformed(let module, let message):
            return assertRejected(module, message)
        case .assertUnlinkable(let wat, let message): return assertUnlinkable(wat, message)
        case .moduleInstance, .assertException, .assertFuel, .assertOutOfFuel:
            return .fail(expected: "a Wasm 2.0 directive", actual: "\(WastRunner.name(of: directive)) is not supported")
        }
    }
}

/// Turns outcomes into counts and issues, computing line numbers only for recorded issues
/// (WasmKit computes a line by scanning the script from its start).
struct Recorder {
    let source: String
    let limit: Int
    private var lines: [Substring.UnicodeScalarView]?

    init(source: String, limit: Int) {
        self.source = source
        self.limit = limit
    }

    mutating func keyword(at location: Location) -> String? {
        let (line, column) = location.computeLineAndColumn()
        if lines == nil { lines = ScriptText.lines(source) }
        return ScriptText.keyword(in: lines ?? [], line: line, column: column)
    }

    func record(_ outcome: DirectiveOutcome, directive: String, at location: Location, into result: inout WastFileResult) {
        func issue(_ expected: String, _ actual: String) -> WastIssue {
            WastIssue(line: location.computeLineAndColumn().line, directive: directive, expected: expected, actual: actual)
        }
        switch outcome {
        case .pass:
            result.passed += 1
        case .fail(let expected, let actual):
            result.failed += 1
            if result.failures.count < limit { result.failures.append(issue(expected, actual)) }
        case .skip(let reason):
            result.skipped += 1
            if result.skips.count < limit { result.skips.append(issue("run", reason)) }
        case .wrongReason(let expected, let actual, let isFailure):
            result.wrongReasonCount += 1
            if isFailure {
                result.failed += 1
                if result.failures.count < limit { result.failures.append(issue("rejection \"\(expected)\"", actual)) }
            } else {
                result.passed += 1
                if result.wrongReasons.count < limit { result.wrongReasons.append(issue("\"\(expected)\"", actual)) }
            }
        case .rejectedByTextParser(let expected, let actual):
            result.passed += 1
            result.textParserRejectionCount += 1
            if result.textParserRejections.count < limit { result.textParserRejections.append(issue("\"\(expected)\"", actual)) }
        }
    }
}
