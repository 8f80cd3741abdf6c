import Testing
@testable import WasmCore

/// The opcode table (core spec §5.4): which single-byte opcodes exist, and that every numeric,
/// load and store opcode decodes to its operation.
@Suite struct DecoderOpcodeTests {
    /// Decodes one instruction from `bytes` (padded with zero bytes for immediates).
    func decode(_ bytes: [UInt8]) -> Result<Instruction, DecodeError> {
        var r = BinaryReader(bytes + Array(repeating: 0, count: 10))
        var lists: [UInt32] = []
        do {
            return .success(try r.readInstruction(features: .wasm2, lists: &lists))
        } catch {
            return .failure(error)
        }
    }

    @Test func illegalSingleByteOpcodes() {
        // Opcodes not defined in Wasm 2.0 (0xFD, the SIMD prefix, is rejected separately).
        var expected = Set<UInt8>()
        for range in [0x06...0x0A, 0x12...0x19, 0x1D...0x1F, 0x27...0x27, 0xC5...0xCF, 0xD3...0xFB, 0xFE...0xFF] {
            for op in range { expected.insert(UInt8(op)) }
        }
        var illegal = Set<UInt8>()
        for op in 0...255 {
            if case .failure(let e) = decode([UInt8(op)]), e.message.hasPrefix("illegal opcode") {
                illegal.insert(UInt8(op))
            }
        }
        #expect(illegal == expected)
        // 185 opcodes are defined or prefixes (0xFC, 0xFD).
        #expect(expected.count == 256 - 185)
    }

    @Test func numericOpcodes() throws {
        for op in NumericOp.allCases {
            let bytes: [UInt8] = op.isPrefixed ? [0xFC, UInt8(op.rawValue - 0x100)] : [UInt8(op.rawValue)]
            guard case .success(let ins) = decode(bytes) else {
                Issue.record("\(op) did not decode")
                continue
            }
            #expect(ins == .numeric(op))
        }
        // Spot checks against the spec's opcode table.
        #expect(try decode([0x6A]).get() == .numeric(.i32Add))
        #expect(try decode([0xA7]).get() == .numeric(.i32WrapI64))
        #expect(try decode([0xBF]).get() == .numeric(.f64ReinterpretI64))
        #expect(try decode([0xFC, 0x05]).get() == .numeric(.i64TruncSatF32U))
    }

    @Test func loadAndStoreOpcodes() throws {
        #expect(try decode([0x28, 0x02, 0x00]).get() == .load(.i32Load, MemArg(align: 2, offset: 0)))
        #expect(try decode([0x35, 0x02, 0x08]).get() == .load(.i64Load32U, MemArg(align: 2, offset: 8)))
        #expect(try decode([0x36, 0x02, 0x00]).get() == .store(.i32Store, MemArg(align: 2, offset: 0)))
        #expect(try decode([0x3E, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).get()
            == .store(.i64Store32, MemArg(align: 0, offset: 0xFFFF_FFFF)))
        // The offset is a u32 in Wasm 2.0.
        guard case .failure(let e) = decode([0x28, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]) else {
            Issue.record("expected integer too large")
            return
        }
        #expect(e.message == "integer too large")
    }

    @Test func unknownPrefixedOpcodes() {
        for sub: UInt8 in [18, 0x7F] {
            guard case .failure(let e) = decode([0xFC, sub]) else {
                Issue.record("0xFC \(sub) decoded")
                continue
            }
            #expect(e.message.hasPrefix("illegal opcode"))
        }
    }
}
