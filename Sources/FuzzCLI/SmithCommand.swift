import ArgumentParser
import Foundation
import WasmCore
import WasmSmith

/// `fuzz smith`: generates one module from a seed or an input file.
struct SmithCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smith",
        abstract: "Generate a valid WebAssembly module from a seed or from the bytes of a file."
    )

    @Option(help: "Seed of the byte stream the module is generated from.")
    var seed: UInt64?

    @Option(help: "File whose bytes the module is generated from (instead of --seed).")
    var input: String?

    @Option(help: "JSON file with a SmithConfig (missing keys keep their defaults).")
    var config: String?

    @Flag(help: "Draw the configuration from the input bytes too (swarm testing); overrides --config.")
    var swarm = false

    @Option(name: .shortAndLong, help: "Where to write the binary module.")
    var output: String?

    @Flag(help: "Also print the module in the text format (to stdout, or next to -o as .wat).")
    var wat = false

    @Option(help: "Generate this many modules from consecutive seeds; -o is then a directory.")
    var count: Int?

    func validate() throws {
        if seed != nil && input != nil { throw ValidationError("use either --seed or --input, not both") }
        if output == nil && !wat { throw ValidationError("give -o FILE, --wat, or both") }
    }

    func run() throws {
        if let count {
            try runBatch(count: count)
            return
        }
        var u: Unstructured
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw ValidationError("cannot read \(input)")
            }
            u = Unstructured([UInt8](data))
        } else {
            u = Unstructured(seed: seed ?? 0)
        }
        var smithConfig = SmithConfig()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw ValidationError("cannot read \(config)")
            }
            smithConfig = try JSONDecoder().decode(SmithConfig.self, from: data)
        }
        if swarm { smithConfig = SmithConfig.arbitrary(&u) }
        let module = generateModule(&u, config: smithConfig)
        let bytes = encodeModule(module)
        if let output {
            try Data(bytes).write(to: URL(fileURLWithPath: output))
            if wat {
                let watPath = (output.hasSuffix(".wasm") ? String(output.dropLast(5)) : output) + ".wat"
                try printWAT(module).write(toFile: watPath, atomically: true, encoding: .utf8)
            }
            let summary = "\(bytes.count) bytes, \(module.types.count) types, \(module.imports.count) imports, " +
                "\(module.functions.count) functions, \(module.exports.count) exports"
            FileHandle.standardError.write(Data("wrote \(output): \(summary)\n".utf8))
        } else {
            print(printWAT(module), terminator: "")
        }
    }

    /// Writes `count` modules, generated from seeds `seed`, `seed + 1`, ..., into directory `-o`.
    func runBatch(count: Int) throws {
        guard let output else { throw ValidationError("--count needs -o DIRECTORY") }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var baseConfig = SmithConfig()
        if let config, let data = FileManager.default.contents(atPath: config) {
            baseConfig = try JSONDecoder().decode(SmithConfig.self, from: data)
        }
        let first = seed ?? 0
        for i in 0..<UInt64(max(0, count)) {
            let s = first &+ i
            var u = Unstructured(seed: s)
            let c = swarm ? SmithConfig.arbitrary(&u) : baseConfig
            let module = generateModule(&u, config: c)
            try Data(encodeModule(module)).write(to: URL(fileURLWithPath: "\(output)/\(s).wasm"))
            if wat { try printWAT(module).write(toFile: "\(output)/\(s).wat", atomically: true, encoding: .utf8) }
        }
    }
}
