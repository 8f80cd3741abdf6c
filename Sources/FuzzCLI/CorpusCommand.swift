import ArgumentParser
import Foundation
import WasmCorpus

/// `fuzz corpus unpack|pack|merge|stats`: the gzip corpus under `corpus/<target>/`.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Manage the gzip-compressed corpus.",
        subcommands: [Unpack.self, Pack.self, Merge.self, Stats.self]
    )

    struct Target: ParsableArguments {
        @Argument(help: "Fuzz target name (a folder under the corpus root).") var target: String
        @Option(help: "Corpus root.") var root: String = "corpus"
        var directory: CorpusDirectory { CorpusDirectory(path: "\(root)/\(target)") }
    }

    static func report(_ problems: [CorpusProblem]) {
        for problem in problems { print("skipped \(problem)") }
    }

    struct Unpack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every entry uncompressed into a plain directory.")
        @OptionGroup var target: Target
        @Argument(help: "Output directory.") var output: String
        func run() throws {
            let result = try target.directory.unpack(to: output)
            CorpusCommand.report(result.problems)
            print("unpacked \(result.written) entries into \(output)")
        }
    }

    struct Pack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compress new files of a plain directory into the corpus.")
        @OptionGroup var target: Target
        @Argument(help: "Plain directory (e.g. libFuzzer's corpus).") var input: String
        func run() throws {
            let result = try target.directory.pack(from: input)
            CorpusCommand.report(result.problems)
            print("packed \(result.added) new entries (\(result.present) already present)")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deduplicate the corpus, optionally bringing in another target's corpus.")
        @OptionGroup var target: Target
        @Option(help: "Another corpus directory of gzip entries to merge in.") var from: String?
        func run() throws {
            let result = try target.directory.merge(from: from.map { CorpusDirectory(path: $0) })
            CorpusCommand.report(result.problems)
            print("merged: \(result.added) added, \(result.removedDuplicates) duplicates removed")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count and size the corpus.")
        @OptionGroup var target: Target
        func run() throws {
            let s = target.directory.stats()
            CorpusCommand.report(s.problems)
            print("""
            \(target.directory.path): \(s.entries) entries, \(s.uncompressedBytes) bytes (\(s.compressedBytes) compressed), \
            smallest \(s.smallestEntry ?? 0), largest \(s.largestEntry), \(s.problems.count) corrupt
            """)
        }
    }
}
