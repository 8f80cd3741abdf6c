import Foundation
import Testing
import WasmCorpus
@testable import WasmFuzzing

/// What a campaign writes back to its corpus directory: a cover of the new features, not every
/// novel input.
@Suite struct CampaignCorpusTests {
    static func features(_ names: String...) -> Set<String> { Set(names) }

    @Test func coverTakesTheLargestContributionFirstAndSkipsWhatItCovers() {
        let candidates: [(input: [UInt8], features: Set<String>)] = [
            ([1], Self.features("a")),
            ([2], Self.features("b")),
            ([3], Self.features("a", "b", "c")),
            ([4], Self.features("d")),
            ([5], Self.features("k")),   // known already: adds nothing
        ]
        let chosen = Campaign.cover(candidates, known: Self.features("k"))
        #expect(chosen == [[3], [4]])
        // Every new feature is covered by the chosen inputs.
        let union = chosen.reduce(into: Set<String>()) { u, input in
            u.formUnion(candidates.first { $0.input == input }!.features)
        }
        #expect(union.isSuperset(of: Self.features("a", "b", "c", "d")))
    }

    @Test func coverOfNothingNewIsEmpty() {
        #expect(Campaign.cover([([1], Self.features("a"))], known: Self.features("a", "b")).isEmpty)
        #expect(Campaign.cover([], known: []).isEmpty)
    }

    @Test func campaignWritesACoverOfItsNovelInputs() throws {
        let (base, root) = testCampaignOptions("campaign-corpus", seed: 3, maxExecutions: 300)
        var options = base
        defer { try? FileManager.default.removeItem(atPath: root) }
        options.backends = ["interpreter"]
        let campaign = try Campaign(options: options)
        let stats = campaign.run { _ in }
        #expect(stats.novelInputs > 0)
        #expect(stats.newCorpusEntries >= 1)
        #expect(stats.newCorpusEntries <= stats.novelInputs)
        let (entries, problems) = CorpusDirectory(path: options.corpusDirectory).load()
        #expect(problems.isEmpty)
        #expect(entries.count == stats.newCorpusEntries)
    }
}
