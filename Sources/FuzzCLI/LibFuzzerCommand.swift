import ArgumentParser
import Foundation
import WasmCorpus
import WasmFuzzing

/// `fuzz libfuzzer TARGET`: builds the instrumented target, fuzzes it from its gzip corpus with a
/// wasm dictionary, then merges the inputs that add coverage back into the corpus.
struct LibFuzzerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "libfuzzer",
        abstract: "Run a libFuzzer target from Fuzz/ (builds it, unpacks corpus/TARGET, merges back).",
        discussion: "Targets: \(FuzzTargets.names.joined(separator: ", ")). Arguments after -- go to libFuzzer."
    )

    @Argument(help: "Fuzz target.") var target: String
    @Option(help: "Seconds to fuzz (-max_total_time).") var time: Int = 60
    @Option(help: "Parallel libFuzzer jobs and workers.") var jobs: Int = 1
    @Option(help: "Sanitizers: fuzzer,address (default), fuzzer (no ASan), fuzzer,thread.") var sanitize: String = "fuzzer,address"
    @Flag(help: "Do not build first (use the binary already built).") var noBuild = false
    @Flag(help: "After merging, drop corpus entries that the merge did not keep.") var prune = false
    @Option(help: "Corpus root.") var corpusRoot: String = "corpus"
    @Argument(parsing: .postTerminator, help: "libFuzzer flags.") var libFuzzerFlags: [String] = []

    func validate() throws {
        guard FuzzTargets.names.contains(target) else {
            throw ValidationError("unknown target \(target) (known: \(FuzzTargets.names.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let setup = LibFuzzerSetup(sanitizers: sanitize)
        let fm = FileManager.default
        if !noBuild {
            print("$ " + setup.buildCommand.joined(separator: " "))
            guard try LibFuzzerSetup.run(setup.buildCommand) == 0 else { throw ExitCode(2) }
        }
        let work = (NSTemporaryDirectory() as NSString).appendingPathComponent("libfuzzer-\(target)-\(UUID().uuidString.prefix(8))")
        defer { try? fm.removeItem(atPath: work) }
        let live = "\(work)/corpus", merged = "\(work)/merged", dict = "\(work)/wasm.dict"
        try fm.createDirectory(atPath: merged, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(setup.root)/findings/\(target)", withIntermediateDirectories: true)
        let corpus = CorpusDirectory(path: "\(corpusRoot)/\(target)")
        let unpacked = try corpus.unpack(to: live)
        for problem in unpacked.problems { print("skipping corrupt corpus entry \(problem)") }
        try wasmDictionary().write(toFile: dict, atomically: true, encoding: .utf8)
        print("corpus \(corpus.path): \(unpacked.written) entries unpacked into \(live)")

        let command = setup.runCommand(target, corpus: live, dictionary: dict, seconds: time, jobs: jobs, extra: libFuzzerFlags)
        print("$ SWIFT_BACKTRACE=enable=no " + command.joined(separator: " "))
        let status = try LibFuzzerSetup.run(command)
        print("libFuzzer exited with \(status)\(status == 0 ? "" : " (a crash or finding: see findings/\(target)/)")")

        let merge = setup.mergeCommand(target, into: merged, from: [live])
        print("$ SWIFT_BACKTRACE=enable=no " + merge.joined(separator: " "))
        guard try LibFuzzerSetup.run(merge, quiet: true) == 0 else {
            print("merge failed; the corpus is left as it was")
            throw ExitCode(2)
        }
        let packed = try corpus.pack(from: merged)
        var removed = 0
        if prune {
            let keep = Set(try fm.contentsOfDirectory(atPath: merged).map { $0 + ".gz" })
            for file in corpus.entryFiles() where !keep.contains((file as NSString).lastPathComponent) {
                try fm.removeItem(atPath: file)
                removed += 1
            }
        }
        print("merged: \((try? fm.contentsOfDirectory(atPath: merged).count) ?? 0) inputs keep coverage; \(packed.added) new corpus entries, \(packed.present) already present, \(removed) pruned")
        if status != 0 { throw ExitCode(status > 0 ? status : 1) }
    }
}
