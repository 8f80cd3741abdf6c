import Foundation
@testable import WasmFuzzing

/// Options for a campaign run by a test: `seed`, at most `maxExecutions` executions (the time
/// budget is only a backstop), corpus and findings under a fresh temporary directory `root`,
/// which the caller removes.
func testCampaignOptions(_ name: String, seed: UInt64, maxExecutions: Int) -> (options: CampaignOptions, root: String) {
    let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
    var options = CampaignOptions()
    options.duration = 3600
    options.seed = seed
    options.maxExecutions = maxExecutions
    options.corpusDirectory = (root as NSString).appendingPathComponent("corpus")
    options.findingsDirectory = (root as NSString).appendingPathComponent("findings")
    return (options, root)
}
