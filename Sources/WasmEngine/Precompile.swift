#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmInterpreter
import WasmJIT
import WasmRuntime

/// What `Engine.detectPrecompiled` recognises.
public enum Precompiled: Hashable, Sendable {
    case module
    case component
}

/// Precompiled artifacts (wasmtime's `Engine::precompile_module` / `Module::deserialize`).
///
/// An artifact is the `ArtifactHeader` (magic, format version, kind, compatibility hash,
/// payload length, SHA-256 of the payload) followed by the payload: the writing engine's
/// `ArtifactSettings`, the original wasm binary and the backend's code (the interpreter's
/// lowered code, or the JIT's machine code with relocations, entry offsets and trap/call sites).
///
/// Loading checks, in order: the magic (a wasm binary is named as such), the format version,
/// the kind, the length (truncation), the checksum, that the settings match this engine's (the
/// error names each setting that differs), then decodes and validates the embedded module
/// (cheap next to compiling it) and checks the code's structure (`LoweredCodeVerifier`, and the
/// offsets and relocations of JIT code). Interpreter artifacts that pass cannot make the
/// interpreter access memory outside its buffers, nor (with fuel on) loop without charging fuel. JIT machine code cannot be verified: a
/// checksum-valid artifact crafted by someone else can run any code, so load JIT artifacts only
/// from sources trusted like the engine itself.
extension Engine {
    /// The producer string hashed into every artifact: artifacts of other versions are rejected.
    public static let artifactProducer = "swift-wasm-fuzz 0.1.0"

    /// The settings that make artifacts interchangeable, in a fixed order.
    public var artifactSettings: ArtifactSettings {
        let c = config
        let jit = box.backend is JITBackend
        var entries: [(name: String, value: String)] = [
            ("format", "\(ArtifactHeader.formatVersion)"),
            ("producer", Self.artifactProducer),
            ("backend", jit ? "jit" : "interpreter"),
            ("features", featureNames(c.features)),
            ("epochInterruption", "\(c.epochInterruption)"),
            ("consumeFuel", "\(c.consumeFuel)"),
            ("maxWasmStack", "\(c.maxWasmStack)"),
            ("asyncSupport", "\(c.asyncSupport)"),
        ]
        if !jit { entries.append(("interpreter.ops", Interpreter.artifactSchema)) }
        if jit {
            let cpu = CPUFeatures.host
            entries += [("cpu.lzcnt", "\(cpu.lzcnt)"), ("cpu.bmi1", "\(cpu.bmi1)"),
                        ("cpu.popcnt", "\(cpu.popcnt)"), ("cpu.sse41", "\(cpu.sse41)")]
        }
        return ArtifactSettings(entries)
    }

    /// SHA-256 of `artifactSettings`: equal for engines (in any process) whose artifacts are
    /// interchangeable, different when the backend, features, epoch or fuel instrumentation,
    /// stack limit, async support, CPU features the JIT uses, the interpreter's `Op` layout,
    /// artifact format or producer version differ.
    public var precompileCompatibilityHash: [UInt8] { artifactSettings.compatibilityHash }

    /// Whether `bytes` start like a precompiled module or component (nothing else is checked).
    public func detectPrecompiled(_ bytes: [UInt8]) -> Precompiled? { Self.detectPrecompiled(bytes) }

    /// Whether `bytes` start like a precompiled module or component (nothing else is checked).
    public static func detectPrecompiled(_ bytes: [UInt8]) -> Precompiled? {
        switch ArtifactHeader.detect(bytes) {
        case .module: return .module
        case .component: return .component
        case nil: return nil
        }
    }

    /// Decodes, validates and compiles `bytes`, and returns an artifact that `Module.deserialize`
    /// loads into a compatible engine without compiling again. Throws `DecodeError` /
    /// `ValidationError` unchanged for a bad module.
    public func precompileModule(_ bytes: [UInt8]) throws -> [UInt8] {
        let module = try Module(self, bytes: bytes)
        return try sealModule(wasm: bytes, compiled: module.box.compiled)
    }

    func sealModule(wasm: [UInt8], compiled: AnyObject) throws -> [UInt8] {
        let code: [UInt8]
        switch box.backend {
        case let jit as JITBackend: code = try jit.serialize(compiled)
        case let interp as Interpreter: code = try interp.serialize(compiled)
        default: throw EngineError("this backend cannot precompile")
        }
        var w = ArtifactWriter()
        w.blob(wasm)
        w.blob(code)
        return sealArtifact(kind: .module, sections: w.bytes)
    }

    /// Wraps kind-specific `sections` in an artifact: header, checksum and this engine's
    /// settings. Used for modules, by components (a later issue), and by tools and fuzzers that
    /// rebuild artifacts around modified sections (`openArtifact` returns them).
    public func sealArtifact(kind: ArtifactKind, sections: [UInt8]) -> [UInt8] {
        let settings = artifactSettings
        var w = ArtifactWriter()
        settings.write(to: &w)
        w.raw(sections)
        return ArtifactHeader.seal(kind: kind, compatibilityHash: settings.compatibilityHash, payload: w.bytes)
    }

    /// Opens an artifact of `kind` and checks it was written under this engine's settings;
    /// returns a reader over the sections that follow the settings.
    public func openArtifact(_ bytes: [UInt8], kind: ArtifactKind) throws(ArtifactError) -> ArtifactReader {
        let opened = try ArtifactHeader.open(bytes, expecting: kind)
        var r = opened.payload
        let settings = try ArtifactSettings.read(from: &r)
        guard settings.compatibilityHash == opened.compatibilityHash else {
            throw ArtifactError(.malformed, "malformed artifact: the header's compatibility hash does not match the artifact's settings")
        }
        if let why = settings.mismatch(loadingUnder: artifactSettings) { throw ArtifactError(.incompatible, why) }
        return r
    }
}

private func featureNames(_ f: Features) -> String {
    let names: [(Features, String)] = [
        (.mutableGlobals, "mutableGlobals"), (.saturatingFloatToInt, "saturatingFloatToInt"),
        (.signExtension, "signExtension"), (.multiValue, "multiValue"), (.referenceTypes, "referenceTypes"),
        (.bulkMemory, "bulkMemory"), (.simd, "simd"),
    ]
    var parts = names.filter { f.contains($0.0) }.map(\.1)
    let known = names.reduce(Features()) { $0.union($1.0) }
    let unknown = f.subtracting(known).rawValue
    if unknown != 0 { parts.append("0x" + String(unknown, radix: 16)) }
    return parts.joined(separator: ",")
}

extension Module {
    /// Loads an artifact from `Engine.precompileModule` of a compatible engine (see `Engine`'s
    /// precompilation notes for what is checked). Throws `ArtifactError` naming the problem.
    public static func deserialize(_ engine: Engine, _ bytes: [UInt8]) throws -> Module {
        var r = try engine.openArtifact(bytes, kind: .module)
        let wasm = try r.blob()
        let code = try r.blob()
        try r.expectEnd("the module sections")
        let def: ModuleDefinition
        do {
            def = try decodeAndValidateModule(wasm, features: engine.config.features, parallel: engine.box.parallel)
        } catch {
            throw ArtifactError(.malformed, "malformed artifact: the embedded module is invalid: \(error)")
        }
        let compiled: AnyObject
        switch engine.box.backend {
        case let jit as JITBackend: compiled = try jit.deserialize(code, module: def)
        case let interp as Interpreter:
            compiled = try interp.deserialize(code, module: def, consumeFuel: engine.config.consumeFuel)
        default: throw EngineError("this backend cannot load artifacts")
        }
        return Module(box: ModuleBox(engine: engine, definition: def, compiled: compiled))
    }

    /// Reads the file at `path` and loads it with `deserialize`.
    public static func deserializeFile(_ engine: Engine, path: String) throws -> Module {
        try deserialize(engine, try readArtifactFile(path))
    }

    init(box: ModuleBox) { self.box = box }
}

/// The bytes of the file at `path`; throws `EngineError` when it cannot be read.
func readArtifactFile(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw EngineError("cannot open \(path): errno \(errno)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count {
            if ferror(f) != 0 { throw EngineError("cannot read \(path)") }
            return bytes
        }
    }
}
