import ArgumentParser

/// `fuzz`: the fuzzing harness's command line.
@main
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Generate WebAssembly modules and run differential fuzzing campaigns.",
        subcommands: [CampaignCommand.self, DiffCommand.self, RegressCommand.self, CorpusCommand.self, SmithCommand.self,
                      LibFuzzerCommand.self, MinimizeCommand.self, RunModuleCommand.self, CrossCheckCommand.self],
        defaultSubcommand: CampaignCommand.self
    )
}
