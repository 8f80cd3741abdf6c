import WasmCore
import WasmRuntime

// The interpreter's lowered code in precompiled artifacts. When `Op` changes, run
// `python3 ci/gen_op_serialization.py`: it regenerates the reader's `switch` below and
// `Op.serialFields` (LoweredCodeVerifier.swift), and stops on an operand it cannot classify.
// When `CompiledFunction` changes, adapt `serialize` / `deserialize` here. `LoweredCodeVerifier`
// checks the decoded code before it can run; bump `ArtifactHeader.formatVersion` on any change.
//
// Layout of the interpreter's code section: a varint function count, then per defined function
// `functionIndex paramCount resultCount localCount frameSize`, the ops (count, then per op its
// tag and its fields in declaration order: slots, immediates and indices as varints, branch
// targets zig-zag), the `br_table` targets (count, zig-zag each) and the source indices
// (count, zig-zag each).

extension Interpreter {
    /// The lowered code of `compiled` (a module this backend compiled), for an artifact.
    public func serialize(_ compiled: AnyObject) throws -> [UInt8] {
        guard let cm = compiled as? CompiledModule else {
            throw ArtifactError(.malformed, "not a module compiled by the interpreter")
        }
        var w = ArtifactWriter()
        w.count(cm.functions.count)
        for f in cm.functions {
            w.u32(f.functionIndex)
            w.count(f.paramCount)
            w.count(f.resultCount)
            w.count(f.localCount)
            w.count(f.frameSize)
            w.count(f.codeCount)
            for k in 0..<f.codeCount {
                let (tag, fields) = f.code[k].serialFields
                w.u32(tag)
                for field in fields { field.write(to: &w) }
            }
            let targets = UnsafeBufferPointer(start: f.tableTargets, count: f.tableTargetCount)
            w.count(targets.count)
            for t in targets { w.i32(t) }
            w.count(f.sourceIndex.count)
            for s in f.sourceIndex { w.i32(s) }
        }
        return w.bytes
    }

    /// Reads lowered code written by `serialize` for `module` (decoded and validated) and verifies
    /// it with `LoweredCodeVerifier`; throws `ArtifactError` for anything malformed.
    public func deserialize(_ bytes: [UInt8], module: ModuleDefinition) throws -> AnyObject {
        var r = ArtifactReader(bytes)
        let verifier = try LoweredCodeVerifier(module: module)
        let n = try r.elementCount(minBytes: 8)
        guard n == module.codes.count else {
            throw ArtifactError(.malformed, "malformed artifact: \(n) lowered functions for \(module.codes.count) function bodies")
        }
        var functions: [CompiledFunction] = []
        for _ in 0..<n {
            let index = try r.u32()
            let params = try r.count(), results = try r.count(), locals = try r.count(), frame = try r.count()
            let opCount = try r.elementCount()
            var code: [Op] = []
            code.reserveCapacity(opCount)
            for _ in 0..<opCount { code.append(try r.op()) }
            var targets: [PC] = []
            for _ in 0..<(try r.elementCount()) { targets.append(try r.i32()) }
            var sources: [Int32] = []
            for _ in 0..<(try r.elementCount()) { sources.append(try r.i32()) }
            let f = CompiledFunction(functionIndex: index, paramCount: params, resultCount: results, localCount: locals,
                                     frameSize: frame, code: code, tableTargets: targets, sourceIndex: sources)
            try verifier.verify(f, position: functions.count)
            functions.append(f)
        }
        try r.expectEnd("the lowered code")
        return CompiledModule(functions: functions)
    }
}

extension OpField {
    func write(to w: inout ArtifactWriter) {
        switch self {
        case .slot(let s), .argBase(let s), .slots(let s, _): w.u32(s)
        case .pc(let p): w.i32(p)
        case .tableStart(let v), .tableCount(let v), .definedFunction(let v), .function(let v), .type(let v),
             .table(let v), .global(let v), .data(let v), .element(let v), .imm32(let v): w.u32(v)
        case .imm64(let v): w.varint(v)
        case .numeric(let o): w.u32(UInt32(o.rawValue))
        case .load(let o): w.u32(UInt32(o.rawValue))
        case .store(let o): w.u32(UInt32(o.rawValue))
        case .trapKind(let k): w.count(TrapKind.allCases.firstIndex(of: k) ?? 0)
        case .memory: break
        }
    }
}

extension ArtifactReader {
    mutating func trapKind() throws(ArtifactError) -> TrapKind {
        let i = try count()
        guard i < TrapKind.allCases.count else { throw fail("unknown trap kind \(i)") }
        return TrapKind.allCases[i]
    }

    mutating func numericOp() throws(ArtifactError) -> NumericOp {
        let v = try u32()
        guard let o = UInt16(exactly: v).flatMap(NumericOp.init(rawValue:)) else { throw fail("unknown numeric op \(v)") }
        return o
    }

    mutating func loadOp() throws(ArtifactError) -> LoadOp {
        let v = try u32()
        guard let o = UInt8(exactly: v).flatMap(LoadOp.init(rawValue:)) else { throw fail("unknown load op \(v)") }
        return o
    }

    mutating func storeOp() throws(ArtifactError) -> StoreOp {
        let v = try u32()
        guard let o = UInt8(exactly: v).flatMap(StoreOp.init(rawValue:)) else { throw fail("unknown store op \(v)") }
        return o
    }

    /// One op: its tag (the case's position in `Op`) and fields, as `Op.serialFields` lists them.
    mutating func op() throws(ArtifactError) -> Op {
        let tag = try u32()
        var r = self
        defer { self = r }
        switch tag {
        // BEGIN GENERATED by ci/gen_op_serialization.py
        case 0: return .trap(try r.trapKind())
        case 1: return .br(try r.i32())
        case 2: return .brIf(cond: try r.u32(), try r.i32())
        case 3: return .brIfNot(cond: try r.u32(), try r.i32())
        case 4: return .brTable(index: try r.u32(), start: try r.u32(), count: try r.u32())
        case 5: return .ret
        case 6: return .callDefined(function: try r.u32(), argBase: try r.u32())
        case 7: return .callAny(function: try r.u32(), argBase: try r.u32())
        case 8: return .callIndirect(typeIndex: try r.u32(), table: try r.u32(), index: try r.u32(), argBase: try r.u32())
        case 9: return .epochCheck
        case 10: return .fuel(try r.u32())
        case 11: return .copy(dst: try r.u32(), src: try r.u32())
        case 12: return .const32(dst: try r.u32(), try r.u32())
        case 13: return .const64(dst: try r.u32(), try r.varint())
        case 14: return .select(dst: try r.u32(), other: try r.u32(), cond: try r.u32())
        case 15: return .globalGet(dst: try r.u32(), index: try r.u32())
        case 16: return .globalSet(src: try r.u32(), index: try r.u32())
        case 17: return .refFunc(dst: try r.u32(), function: try r.u32())
        case 18: return .refIsNull(dst: try r.u32(), src: try r.u32())
        case 19: return .unary(try r.numericOp(), dst: try r.u32(), src: try r.u32())
        case 20: return .binary(try r.numericOp(), dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 21: return .i32Add(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 22: return .i32Sub(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 23: return .i32And(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 24: return .i32Eqz(dst: try r.u32(), src: try r.u32())
        case 25: return .i32LtS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 26: return .i32LtU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 27: return .i32Eq(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 28: return .i32Ne(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 29: return .i64Add(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 30: return .i64Sub(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 31: return .i32Mul(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 32: return .i32Or(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 33: return .i32Xor(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 34: return .i32Shl(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 35: return .i32ShrU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 36: return .i32ShrS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 37: return .i32GtS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 38: return .i32GtU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 39: return .i32LeS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 40: return .i32LeU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 41: return .i32GeS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 42: return .i32GeU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 43: return .i64Mul(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 44: return .i64And(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 45: return .i64Or(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 46: return .i64Xor(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 47: return .i64Shl(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 48: return .i64ShrU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 49: return .i64Eq(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 50: return .i64Ne(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 51: return .i64LtS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 52: return .i64LtU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 53: return .i64GtS(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 54: return .i64GtU(dst: try r.u32(), lhs: try r.u32(), rhs: try r.u32())
        case 55: return .i32AddImm(dst: try r.u32(), src: try r.u32(), imm: try r.u32())
        case 56: return .brIfEqz(cond: try r.u32(), try r.i32())
        case 57: return .i32Load(dst: try r.u32(), addr: try r.u32(), offset: try r.u32())
        case 58: return .i64Load(dst: try r.u32(), addr: try r.u32(), offset: try r.u32())
        case 59: return .i32Store(addr: try r.u32(), value: try r.u32(), offset: try r.u32())
        case 60: return .i64Store(addr: try r.u32(), value: try r.u32(), offset: try r.u32())
        case 61: return .load(try r.loadOp(), dst: try r.u32(), addr: try r.u32(), offset: try r.u32())
        case 62: return .store(try r.storeOp(), addr: try r.u32(), value: try r.u32(), offset: try r.u32())
        case 63: return .memorySize(dst: try r.u32())
        case 64: return .memoryGrow(dst: try r.u32())
        case 65: return .memoryFill(base: try r.u32())
        case 66: return .memoryCopy(base: try r.u32())
        case 67: return .memoryInit(data: try r.u32(), base: try r.u32())
        case 68: return .dataDrop(try r.u32())
        case 69: return .tableGet(table: try r.u32(), dst: try r.u32())
        case 70: return .tableSet(table: try r.u32(), base: try r.u32())
        case 71: return .tableSize(table: try r.u32(), dst: try r.u32())
        case 72: return .tableGrow(table: try r.u32(), base: try r.u32())
        case 73: return .tableFill(table: try r.u32(), base: try r.u32())
        case 74: return .tableCopy(dst: try r.u32(), src: try r.u32(), base: try r.u32())
        case 75: return .tableInit(element: try r.u32(), table: try r.u32(), base: try r.u32())
        case 76: return .elemDrop(try r.u32())
        // END GENERATED
        default: throw fail("unknown op tag \(tag)")
        }
    }
}
