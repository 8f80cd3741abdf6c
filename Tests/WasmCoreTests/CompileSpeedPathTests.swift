import Testing
@testable import WasmCore

/// The fast paths added for compile speed give the same answers as the general ones: one-byte
/// LEB128s, the decoder's pre-sized instruction arrays, the validator's own operand stack and
/// the allocation-free `functionType(at:)`.
@Suite struct CompileSpeedPathTests {
    /// Every one-byte signed LEB128 (0x00...0x7F) read as s32 and s64 is its 7-bit two's
    /// complement value, and consumes exactly one byte.
    @Test func oneByteSignedLEB() throws {
        for b in UInt8(0)...0x7F {
            let expected = b < 0x40 ? Int64(b) : Int64(b) - 128
            var r32 = BinaryReader([b, 0xFF])
            #expect(Int64(try r32.readS32()) == expected)
            #expect(r32.position == 1)
            var r64 = BinaryReader([b, 0xFF])
            #expect(try r64.readS64() == expected)
            #expect(r64.position == 1)
        }
    }

    /// The decoder's numeric-op table gives `init(rawValue:)`'s answer for every raw value
    /// (single-byte opcodes and the `0xFC` ones), and has an op at each numeric opcode.
    @Test func numericOpTableMatchesRawValues() {
        for raw in UInt16(0)..<0x220 {
            #expect(NumericOp.decoding(raw) == NumericOp(rawValue: raw), "raw value \(raw)")
        }
        #expect(NumericOp.decoding(0x45) == .i32Eqz)
        #expect(NumericOp.decoding(0x6A) == .i32Add)
        #expect(NumericOp.decoding(0x44) == nil)
        #expect((0x45...0xC4).allSatisfy { NumericOp.decoding(UInt16($0)) != nil })
    }

    /// The decoder reads numeric opcodes through the table it holds (`OpenBlocks.numericOps`):
    /// every single-byte numeric opcode and every `0xFC 0...7` decodes to the op with that raw
    /// value, and the bytes just past either range are illegal opcodes.
    @Test func decoderReadsEveryNumericOpcode() throws {
        for opcode in UInt8(0x45)...0xC4 {
            var lists: [UInt32] = []
            var r = BinaryReader([opcode])
            let expected = try #require(NumericOp(rawValue: UInt16(opcode)))
            #expect(try r.readInstruction(features: .wasm2, lists: &lists) == .numeric(expected))
            #expect(r.position == 1)
        }
        for sub in UInt8(0)...7 {
            var lists: [UInt32] = []
            var r = BinaryReader([0xFC, sub])
            let expected = try #require(NumericOp(rawValue: 0x100 + UInt16(sub)))
            #expect(try r.readInstruction(features: .wasm2, lists: &lists) == .numeric(expected))
        }
        for bytes: [UInt8] in [[0xC5], [0xFC, 18]] {
            var lists: [UInt32] = []
            var r = BinaryReader(bytes)
            #expect(throws: DecodeError.self) { try r.readInstruction(features: .wasm2, lists: &lists) }
        }
    }

    /// Every one-byte unsigned LEB128 read as u32 is the byte itself and consumes one byte; a
    /// continuation byte at the end still reports the general reader's error.
    @Test func oneByteUnsignedLEB() throws {
        for b in UInt8(0)...0x7F {
            var r = BinaryReader([b, 0xFF])
            #expect(try r.readU32() == UInt32(b))
            #expect(r.position == 1)
        }
        var truncated = BinaryReader([0x80])
        #expect(throws: DecodeError.self) { try truncated.readU32() }
    }

    /// Every two-byte LEB128 (continuation bit in the first byte only) read as u32, s32 and
    /// s64 past the one-byte fast path equals the general readers' value and consumes two bytes.
    @Test func twoByteLEBMatchesTheGeneralReaders() throws {
        for b0 in UInt8(0x80)...0xFF {
            for b1 in UInt8(0)...0x7F {
                let bytes = [b0, b1, 0xFF]
                var general = BinaryReader(bytes)
                let unsigned = try general.readUnsignedLEB(bits: 32)
                general = BinaryReader(bytes)
                let signed32 = try general.readSignedLEB(bits: 32)
                general = BinaryReader(bytes)
                let signed64 = try general.readSignedLEB(bits: 64)
                var r = BinaryReader(bytes)
                #expect(UInt64(try r.readU32()) == unsigned)
                #expect(r.position == 2)
                r = BinaryReader(bytes)
                #expect(Int64(try r.readS32()) == signed32)
                #expect(r.position == 2)
                r = BinaryReader(bytes)
                #expect(try r.readS64() == signed64)
                #expect(r.position == 2)
            }
        }
        // 300 = 0b10_0101100 and -300 in two bytes, worked out by hand.
        var r = BinaryReader([0xAC, 0x02])
        #expect(try r.readU32() == 300)
        r = BinaryReader([0xD4, 0x7D])
        #expect(try r.readS32() == -300)
        // A continuation byte in second place is not a two-byte integer.
        r = BinaryReader([0x80, 0x80, 0x01])
        #expect(try r.readU32() == 1 << 14)
        #expect(r.position == 3)
    }

    /// `Instruction` stays plain data (arrays of it are copied and freed without per-element
    /// reference counting), and variable-length immediates go to the body's `lists`.
    @Test func instructionsArePlainDataWithListsBeside() throws {
        #expect(_isPOD(Instruction.self))
        var lists: [UInt32] = []
        let table = Instruction.brTable(targets: [2, 0, 1], default: 3, lists: &lists)
        let select = Instruction.selectTyped([.externref], lists: &lists)
        #expect(table == .brTable(targets: ImmediateList(start: 0, count: 3), default: 3))
        #expect(select == .selectTyped(ImmediateList(start: 3, count: 1)))
        #expect(lists == [2, 0, 1, 0x6F])
        // Ranges past the end of `lists` (bodies built inconsistently in memory) are clamped.
        #expect(ImmediateList(start: 2, count: 5).elements(in: lists) == [1, 0x6F])
        #expect(ImmediateList(start: 9, count: 1).elements(in: lists).isEmpty)
        #expect(ImmediateList(start: 3, count: 1).valueTypes(in: lists) == [.externref])
        // Encoded and decoded again, the body keeps its immediates.
        var module = singleFunctionModule([
            .block(.empty), .block(.empty), .block(.empty), .block(.empty), .i32Const(0), table, .end, .end, .end, .end,
            .refNull(.externref), .refNull(.externref), .i32Const(1), select, .drop,
        ], lists: lists)
        module.codes[0].offsets = []
        try validateModule(module)
        let decoded = try decodeModule(encodeModule(module))
        #expect(decoded.codes[0].instructions == module.codes[0].instructions)
        #expect(decoded.codes[0].lists == lists)
    }

    /// Constants around the one-byte boundary survive an encode/decode round trip.
    @Test func constantsRoundTrip() throws {
        let values: [Int64] = [-129, -128, -65, -64, -63, -1, 0, 1, 62, 63, 64, 65, 127, 128, Int64(Int32.min), Int64(Int32.max), .min, .max]
        var body: [Instruction] = []
        for v in values {
            body.append(.i64Const(v))
            body.append(.drop)
            if let v32 = Int32(exactly: v) {
                body.append(.i32Const(v32))
                body.append(.drop)
            }
        }
        body.append(.f32Const(0x7FC0_0001))
        body.append(.drop)
        body.append(.f64Const(0xFFF8_0000_0000_0001))
        body.append(.drop)
        let module = singleFunctionModule(body)
        let decoded = try decodeModule(encodeModule(module))
        #expect(decoded.codes.first?.instructions == module.codes.first?.instructions)
    }

    /// A body whose instructions outnumber the decoder's size estimate (every instruction one
    /// byte) decodes completely, with one offset per instruction.
    @Test func denseBodyDecodes() throws {
        let body = [Instruction](repeating: .nop, count: 5000)
        let module = singleFunctionModule(body)
        let decoded = try decodeModule(encodeModule(module))
        let code = try #require(decoded.codes.first)
        #expect(code.instructions.count == 5001)
        #expect(code.offsets.count == 5001)
        #expect(zip(code.offsets, code.offsets.dropFirst()).allSatisfy { $1 == $0 + 1 })
    }

    /// The operand stack grows past its initial capacity and keeps every operand's type: 2000
    /// values of alternating types are pushed, then consumed in reverse order by instructions
    /// that check each one's type.
    @Test func deepOperandStack() {
        let depth = 2000
        var body: [Instruction] = []
        for k in 0..<depth { body.append(k % 2 == 0 ? .i32Const(1) : .i64Const(2)) }
        // Top is an i64 (depth is even): each (i32, i64) pair goes through i64.eqz, i32.add, drop.
        for _ in 0..<(depth / 2) {
            body.append(.numeric(.i64Eqz))   // i64 -> i32
            body.append(.numeric(.i32Add))   // i32 i32 -> i32
            body.append(.drop)
        }
        expectValid(singleFunctionModule(body))
        // The same with the bottom operand's type wrong for its consumer is rejected.
        var wrong = body
        wrong[0] = .f32Const(0)
        expectInvalid(singleFunctionModule(wrong), "type mismatch")
    }

    /// `functionType(at:)` walks function imports among other imports, then defined functions.
    @Test func functionTypeAcrossImports() {
        var module = ModuleDefinition()
        let a = FuncType(params: [.i32], results: [])
        let b = FuncType(params: [], results: [.f64])
        let c = FuncType(params: [.i64, .i64], results: [.i64])
        module.types = [a, b, c]
        module.imports = [
            Import(module: "m", name: "f0", descriptor: .function(typeIndex: 2)),
            Import(module: "m", name: "g", descriptor: .global(GlobalType(valueType: .i32, mutability: .constant))),
            Import(module: "m", name: "f1", descriptor: .function(typeIndex: 0)),
            Import(module: "m", name: "mem", descriptor: .memory(MemoryType(limits: Limits(min: 1, max: nil)))),
        ]
        module.functions = [1, 2, 7]
        #expect(module.functionType(at: 0) == c)
        #expect(module.functionType(at: 1) == a)
        #expect(module.functionType(at: 2) == b)
        #expect(module.functionType(at: 3) == c)
        #expect(module.functionType(at: 4) == nil)  // type index 7 does not exist
        #expect(module.functionType(at: 5) == nil)
        #expect(module.functionType(at: .max) == nil)
    }

    /// `MemArg` keeps its offset in two 32-bit halves (so instructions stay 24 bytes): every
    /// 64-bit offset reads back unchanged, also after setting it, and equal values compare equal.
    @Test func memArgOffsetsRoundTrip() {
        for offset: UInt64 in [0, 1, 0xFFFF_FFFF, 0x1_0000_0000, 0x8000_0000_0000_0001, .max] {
            var m = MemArg(align: 3, offset: offset, memoryIndex: 7)
            #expect(m.offset == offset && m.align == 3 && m.memoryIndex == 7)
            m.offset = ~offset
            #expect(m.offset == ~offset)
            #expect(m == MemArg(align: 3, offset: ~offset, memoryIndex: 7))
            #expect(m != MemArg(align: 3, offset: offset, memoryIndex: 7))
        }
        #expect(MemoryLayout<Instruction>.stride <= 24)
    }
}
