import Testing
@testable import WasmFuzzing

@Test func buildPassesTheSanitizersAsOneFlag() {
    let setup = LibFuzzerSetup(root: "/r")
    #expect(setup.buildCommand.contains("-sanitize=fuzzer,address"))
    #expect(setup.buildCommand.contains("-parse-as-library"))
    #expect(setup.binary("smith_diff") == "/r/Fuzz/.build/release/smith_diff")
    #expect(LibFuzzerSetup(root: "/r", sanitizers: "fuzzer").binary("x") == "/r/Fuzz/.build-fuzzer/release/x")
}

@Test func runCommandHasDictionaryTimeArtifactsAndJobs() {
    let command = LibFuzzerSetup(root: "/r").runCommand("decode_validate", corpus: "/c", dictionary: "/d", seconds: 30, jobs: 2, extra: ["-rss_limit_mb=4096"])
    #expect(command == ["/r/Fuzz/.build/release/decode_validate", "/c", "-dict=/d", "-max_total_time=30",
                        "-artifact_prefix=/r/findings/decode_validate/", "-jobs=2", "-workers=2", "-rss_limit_mb=4096"])
    #expect(LibFuzzerSetup(root: "/r").mergeCommand("t", into: "/m", from: ["/c"]) == ["/r/Fuzz/.build/release/t", "-merge=1", "/m", "/c"])
}

@Test func dictionaryEntriesAreWellFormed() {
    let lines = wasmDictionary().split(separator: "\n")
    #expect(lines.contains("magic=\"\\x00\\x61\\x73\\x6D\""))
    for line in lines {
        // name="\xHH..." with only hex escapes inside the quotes.
        let parts = line.split(separator: "=", maxSplits: 1)
        #expect(parts.count == 2)
        let value = parts.count == 2 ? String(parts[1]) : ""
        #expect(value.hasPrefix("\"\\x") && value.hasSuffix("\""), "\(line)")
    }
}
