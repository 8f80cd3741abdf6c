/// Joining separately assembled pieces of code (parallel compilation: each function is
/// assembled on its own, then appended to the module's assembler).

extension X64Assembler {
    /// Number of labels created so far.
    var labelCount: Int { labelOffsets.count }

    /// Appends `other`'s code at the current offset, with its label references. `other`'s
    /// label `i` becomes `labels[i]` of this assembler, or a new label where `labels[i]` is nil;
    /// labels bound in `other` are bound here at their new offsets (so a given label must not be
    /// bound here yet). Returns the label each of `other`'s labels became, by id.
    ///
    /// Branches within `other` keep their encoding: they are relative, and `other`'s code does
    /// not depend on where it starts as long as that is as aligned as its own alignments
    /// (functions start 16-byte aligned, and align nothing more inside).
    mutating func append(_ other: X64Assembler, labels given: [Label?]) -> [Label] {
        precondition(given.count == other.labelOffsets.count, "one entry per label of the appended code")
        let base = offset
        var map: [Label] = []
        map.reserveCapacity(given.count)
        for (id, bound) in other.labelOffsets.enumerated() {
            let label = given[id] ?? newLabel()
            if let bound {
                precondition(labelOffsets[label.id] == nil, "label \(label.id) bound twice")
                labelOffsets[label.id] = base + bound
            }
            map.append(label)
        }
        bytes.append(contentsOf: other.bytes)
        fixups.reserveCapacity(fixups.count + other.fixups.count)
        for f in other.fixups {
            fixups.append(Fixup(at: f.at + base, label: map[f.label.id], kind: f.kind, origin: f.origin + base))
        }
        return map
    }
}
