import WasmRuntime

/// The engine settings an artifact was produced under, as ordered `name=value` pairs. Their
/// SHA-256 over the canonical text (one `name=value\n` line each) is the compatibility hash.
/// They are stored in the payload so that loading under other settings can name what differs.
public struct ArtifactSettings: Hashable, Sendable {
    public var entries: [(name: String, value: String)]

    public init(_ entries: [(name: String, value: String)]) { self.entries = entries }

    public static func == (a: ArtifactSettings, b: ArtifactSettings) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for e in entries {
            hasher.combine(e.name)
            hasher.combine(e.value)
        }
    }

    public var canonicalText: String { entries.map { "\($0.name)=\($0.value)\n" }.joined() }

    /// SHA-256 of `canonicalText`: equal for engines whose artifacts are interchangeable.
    public var compatibilityHash: [UInt8] { ArtifactHeader.sha256(Array(canonicalText.utf8)) }

    public func write(to w: inout ArtifactWriter) {
        w.count(entries.count)
        for e in entries {
            w.string(e.name)
            w.string(e.value)
        }
    }

    public static func read(from r: inout ArtifactReader) throws(ArtifactError) -> ArtifactSettings {
        let n = try r.elementCount(minBytes: 2)
        var entries: [(name: String, value: String)] = []
        for _ in 0..<n { entries.append((try r.string(), try r.string())) }
        return ArtifactSettings(entries)
    }

    /// Why an artifact written under `self` cannot be loaded under `current`, naming each setting
    /// that differs; nil when they are the same.
    public func mismatch(loadingUnder current: ArtifactSettings) -> String? {
        guard self != current else { return nil }
        var lines: [String] = []
        // Settings after a differing backend are backend-specific: name the backend alone.
        if let b = current.entries.first(where: { $0.name == "backend" }),
           let a = entries.first(where: { $0.name == "backend" }), a.value != b.value {
            return "incompatible artifact: backend is '\(a.value)' in the artifact but '\(b.value)' in this engine"
        }
        let mine = Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(current.entries.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        for e in current.entries where mine[e.name] != e.value {
            let was = mine[e.name].map { "'\($0)'" } ?? "absent"
            lines.append("\(e.name) is \(was) in the artifact but '\(e.value)' in this engine")
        }
        for e in entries where theirs[e.name] == nil {
            lines.append("\(e.name) is '\(e.value)' in the artifact but not a setting of this engine")
        }
        if lines.isEmpty { lines.append("the settings are listed in a different order") }
        return "incompatible artifact: " + lines.joined(separator: "; ")
    }
}
