import ArgumentParser

/// `fuzz`: the fuzzing harness's command line.
@main
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Generate WebAssembly modules and run differential fuzzing campaigns.",
        subcommands: [CampaignCommand.self, SmithCommand.self],
        defaultSubcommand: CampaignCommand.self
    )
}

/// Placeholder for the differential campaign (a later task).
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Run a differential fuzzing campaign (not implemented yet)."
    )

    func run() throws {
        print("""
        fuzz campaign: not implemented yet. It will generate modules with `fuzz smith`'s generator \
        across swarm configurations, run each in this engine and a reference engine, compare results, \
        traps and memory, and save diverging inputs to a corpus.
        """)
    }
}
