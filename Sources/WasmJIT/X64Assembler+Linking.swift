/// Joining separately assembled pieces of code (`ModuleCompiler+Linking.swift`): each function
/// is assembled on its own, then copied to its place in the module's code with its label
/// references patched there.

extension X64Assembler {
    /// Number of labels created so far.
    var labelCount: Int { labelOffsets.count }

    /// Binds `label` to `offset`, which may lie outside this assembler's code (before its start
    /// when negative): code placed around it elsewhere, in the same coordinates.
    mutating func bind(_ label: Label, at offset: Int) {
        precondition(label.id >= 0 && label.id < labelOffsets.count, "label from another assembler")
        precondition(labelOffsets[label.id] == nil, "label \(label.id) bound twice")
        labelOffsets[label.id] = offset
    }

    /// `count` bytes of the padding `align` emits (the fewest recommended multi-byte `nop`s).
    static func nopPadding(count: Int) -> [UInt8] {
        var padding = X64Assembler()
        padding.nop(count: count)
        return padding.bytes
    }

    /// Copies this code to `code[base...]` and writes every label reference in the copy: label
    /// `i` stands for offset `targets[i]` of `code` (nil: not placed, an error).
    ///
    /// Branches keep their encoding: they are relative, and the code does not depend on where it
    /// starts as long as that is as aligned as its own alignments (functions start 16-byte
    /// aligned, and align nothing more inside). Several threads may copy different pieces into
    /// disjoint ranges of the same `code` at once.
    func copyLinked(into code: UnsafeMutableRawBufferPointer, at base: Int, targets: [Int?]) throws(AssemblerError) {
        precondition(targets.count == labelOffsets.count, "one target per label")
        precondition(base >= 0 && bytes.count <= code.count - base, "code out of the buffer")
        guard code.count <= Int(Int32.max) else { throw .codeTooLarge(code.count) }
        // The one unsafe step: the destination range was checked above.
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress, let d = code.baseAddress, !src.isEmpty { (d + base).copyMemory(from: s, byteCount: src.count) }
        }
        for f in fixups {
            guard let target = targets[f.label.id] else { throw .unboundLabel(f.label) }
            let distance = target - (base + f.origin)
            switch f.kind {
            case .rel8:
                guard let d = Int8(exactly: distance) else { throw .branchOutOfRange(f.label, distance: distance) }
                code[base + f.at] = UInt8(bitPattern: d)
            case .rel32:
                // Within the size checked above, any distance fits.
                let d = UInt32(bitPattern: Int32(truncatingIfNeeded: distance))
                for i in 0..<4 { code[base + f.at + i] = UInt8(truncatingIfNeeded: d >> (8 * UInt32(i))) }
            }
        }
    }
}
