#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmCore
import WasmInterpreter
import WasmRuntime

/// Swift functions generated code calls (System V, first argument the instance context). They
/// never throw or unwind: a trap is reported by storing its code in `StoreContext.trapCode`
/// (or an error in `JITStoreState.pendingError` with code `TrapCode.pendingError`), which the
/// generated code checks right after the call.
enum Helpers {
    typealias Ctx = UnsafeMutableRawPointer

    static func address<T>(_ f: T) -> UInt64 { UInt64(UInt(bitPattern: unsafeBitCast(f, to: UnsafeRawPointer.self))) }

    static let unary = address(jitUnary)
    static let binary = address(jitBinary)
    static let callHost = address(jitCallHost)
    static let resolveIndirect = address(jitResolveIndirect)
    static let epoch = address(jitEpoch)
    static let memoryGrow = address(jitMemoryGrow)
    static let memoryFill = address(jitMemoryFill)
    static let memoryCopy = address(jitMemoryCopy)
    static let memoryInit = address(jitMemoryInit)
    static let dataDrop = address(jitDataDrop)
    static let tableGet = address(jitTableGet)
    static let tableSet = address(jitTableSet)
    static let tableSize = address(jitTableSize)
    static let tableGrow = address(jitTableGrow)
    static let tableFill = address(jitTableFill)
    static let tableCopy = address(jitTableCopy)
    static let tableInit = address(jitTableInit)
    static let elemDrop = address(jitElemDrop)
    static let captureBacktrace = address(jitCaptureBacktrace)
}

/// Called by the trap stubs before unwinding: records the backtrace while the frames are live.
private let jitCaptureBacktrace: @convention(c) (Helpers.Ctx) -> Void = { ctx in
    let (st, _, _) = JITStoreState.from(ctx)
    st.captureBacktrace()
}

@inline(__always) private func setTrap(_ ic: UnsafeMutablePointer<InstanceContext>, _ kind: TrapKind) {
    ic.pointee.store.pointee.trapCode = UInt64(TrapCode.code(kind))
}

@inline(__always) private func setPending(_ st: JITStoreState, _ ic: UnsafeMutablePointer<InstanceContext>, _ error: Error) {
    st.pendingError = error
    ic.pointee.store.pointee.trapCode = UInt64(TrapCode.pendingError)
}

private let jitUnary: @convention(c) (Helpers.Ctx, UInt32, UInt64) -> UInt64 = { ctx, op, x in
    guard let o = NumericOp(rawValue: UInt16(truncatingIfNeeded: op)) else { return 0 }
    let (v, t) = NumericSemantics.unary(o, x)
    if let t { setTrap(ctx.assumingMemoryBound(to: InstanceContext.self), t) }
    return v
}

private let jitBinary: @convention(c) (Helpers.Ctx, UInt32, UInt64, UInt64) -> UInt64 = { ctx, op, a, b in
    guard let o = NumericOp(rawValue: UInt16(truncatingIfNeeded: op)) else { return 0 }
    let (v, t) = NumericSemantics.binary(o, a, b)
    if let t { setTrap(ctx.assumingMemoryBound(to: InstanceContext.self), t) }
    return v
}

/// Calls a host function: arguments from `buffer`, results written back to it.
private let jitCallHost: @convention(c) (Helpers.Ctx, UnsafeMutableRawPointer, UnsafeMutablePointer<UInt64>) -> Void = { ctx, entry, buffer in
    let (st, inst, ic) = JITStoreState.from(ctx)
    let address = Int(entry.assumingMemoryBound(to: FunctionEntry.self).pointee.address)
    guard case .host(let h) = st.store.functions[address].kind else { return }
    let args = Array(UnsafeBufferPointer(start: buffer, count: h.type.params.count))
    let sc = ic.pointee.store
    st.store.fuel = sc.pointee.fuel
    defer {
        sc.pointee.fuel = st.store.fuel
        sc.pointee.epochDeadline = st.store.epochDeadline
    }
    do {
        let results = try h.body(inst, args)
        guard results.count == h.type.results.count else {
            setPending(st, ic, Trap(.hostError, message: "host function returned \(results.count) values, expected \(h.type.results.count)"))
            return
        }
        for (k, r) in results.enumerated() { buffer[k] = r }
    } catch {
        setPending(st, ic, error)
    }
}

/// Resolves `call_indirect`: returns the callee's entry, or nil with a trap set.
private let jitResolveIndirect: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt32) -> UnsafeMutableRawPointer? = { ctx, t, i, ti in
    let (st, inst, ic) = JITStoreState.from(ctx)
    let table = inst.tables[Int(t)]
    guard Int(i) < table.elements.count else { setTrap(ic, .undefinedElement); return nil }
    guard let addr = st.store.functionAddress(table.elements[Int(i)]) else {
        setPending(st, ic, Trap(.uninitializedElement, message: "uninitialized element \(i)"))
        return nil
    }
    let entry = st.entry(addr)
    guard entry.pointee.typeID == UInt64(truncatingIfNeeded: inst.typeIDs[Int(ti)]) else { setTrap(ic, .indirectCallTypeMismatch); return nil }
    return UnsafeMutableRawPointer(entry)
}

/// The epoch deadline was reached: the store's rule (callback or trap).
private let jitEpoch: @convention(c) (Helpers.Ctx) -> Void = { ctx in
    let (st, _, ic) = JITStoreState.from(ctx)
    let sc = ic.pointee.store
    st.store.fuel = sc.pointee.fuel
    do {
        try st.store.epochCheck()
    } catch {
        setPending(st, ic, error)
    }
    sc.pointee.fuel = st.store.fuel
    sc.pointee.epochDeadline = st.store.epochDeadline
}

private let jitMemoryGrow: @convention(c) (Helpers.Ctx, UInt32) -> UInt64 = { ctx, delta in
    let (_, inst, _) = JITStoreState.from(ctx)
    guard let m = inst.memories.first else { return 0xFFFF_FFFF }
    return m.grow(by: UInt64(delta)).map { UInt64($0) } ?? 0xFFFF_FFFF
}

private let jitMemoryFill: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt32) -> Void = { ctx, d, v, n in
    let (_, inst, ic) = JITStoreState.from(ctx)
    guard let m = inst.memories.first, m.inBounds(UInt64(d), UInt64(n)) else { setTrap(ic, .outOfBoundsMemoryAccess); return }
    if n > 0 { memset(m.base + Int(d), Int32(UInt8(truncatingIfNeeded: v)), Int(n)) }
}

private let jitMemoryCopy: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt32) -> Void = { ctx, d, s, n in
    let (_, inst, ic) = JITStoreState.from(ctx)
    guard let m = inst.memories.first, m.inBounds(UInt64(d), UInt64(n)), m.inBounds(UInt64(s), UInt64(n)) else {
        setTrap(ic, .outOfBoundsMemoryAccess)
        return
    }
    if n > 0 { memmove(m.base + Int(d), m.base + Int(s), Int(n)) }
}

private let jitMemoryInit: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt32, UInt32) -> Void = { ctx, seg, d, s, n in
    let (_, inst, ic) = JITStoreState.from(ctx)
    let bytes = inst.dataBytes(Int(seg))
    guard let m = inst.memories.first, m.inBounds(UInt64(d), UInt64(n)), UInt64(s) + UInt64(n) <= UInt64(bytes.count) else {
        setTrap(ic, .outOfBoundsMemoryAccess)
        return
    }
    if n > 0 {
        bytes.withUnsafeBytes { src in
            if let b = src.baseAddress { (m.base + Int(d)).copyMemory(from: b + Int(s), byteCount: Int(n)) }
        }
    }
}

private let jitDataDrop: @convention(c) (Helpers.Ctx, UInt32) -> Void = { ctx, seg in
    let (_, inst, _) = JITStoreState.from(ctx)
    inst.droppedData[Int(seg)] = true
}

private let jitTableGet: @convention(c) (Helpers.Ctx, UInt32, UInt32) -> UInt64 = { ctx, t, i in
    let (_, inst, ic) = JITStoreState.from(ctx)
    let table = inst.tables[Int(t)]
    guard Int(i) < table.elements.count else { setTrap(ic, .outOfBoundsTableAccess); return 0 }
    return table.elements[Int(i)]
}

private let jitTableSet: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt64) -> Void = { ctx, t, i, v in
    let (_, inst, ic) = JITStoreState.from(ctx)
    let table = inst.tables[Int(t)]
    guard Int(i) < table.elements.count else { setTrap(ic, .outOfBoundsTableAccess); return }
    table.elements[Int(i)] = v
}

private let jitTableSize: @convention(c) (Helpers.Ctx, UInt32) -> UInt64 = { ctx, t in
    let (_, inst, _) = JITStoreState.from(ctx)
    return UInt64(inst.tables[Int(t)].elements.count)
}

private let jitTableGrow: @convention(c) (Helpers.Ctx, UInt32, UInt64, UInt32) -> UInt64 = { ctx, t, initial, n in
    let (_, inst, _) = JITStoreState.from(ctx)
    return inst.tables[Int(t)].grow(by: UInt64(n), initial: initial).map { UInt64($0) } ?? 0xFFFF_FFFF
}

private let jitTableFill: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt64, UInt32) -> Void = { ctx, t, i, v, n in
    let (_, inst, ic) = JITStoreState.from(ctx)
    let table = inst.tables[Int(t)]
    guard table.inBounds(UInt64(i), UInt64(n)) else { setTrap(ic, .outOfBoundsTableAccess); return }
    for k in 0..<Int(n) { table.elements[Int(i) + k] = v }
}

private let jitTableCopy: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt32, UInt32, UInt32) -> Void = { ctx, dt, stIndex, d, s, n in
    let (_, inst, ic) = JITStoreState.from(ctx)
    let dst = inst.tables[Int(dt)], src = inst.tables[Int(stIndex)]
    guard dst.inBounds(UInt64(d), UInt64(n)), src.inBounds(UInt64(s), UInt64(n)) else {
        setTrap(ic, .outOfBoundsTableAccess)
        return
    }
    if n > 0 {
        let items = Array(src.elements[Int(s)..<Int(s) + Int(n)])
        dst.elements.replaceSubrange(Int(d)..<Int(d) + Int(n), with: items)
    }
}

private let jitTableInit: @convention(c) (Helpers.Ctx, UInt32, UInt32, UInt32, UInt32, UInt32) -> Void = { ctx, e, t, d, s, n in
    let (_, inst, ic) = JITStoreState.from(ctx)
    let table = inst.tables[Int(t)]
    let seg = inst.elementSegments[Int(e)]
    guard table.inBounds(UInt64(d), UInt64(n)), UInt64(s) + UInt64(n) <= UInt64(seg.count) else {
        setTrap(ic, .outOfBoundsTableAccess)
        return
    }
    if n > 0 { table.elements.replaceSubrange(Int(d)..<Int(d) + Int(n), with: seg[Int(s)..<Int(s) + Int(n)]) }
}

private let jitElemDrop: @convention(c) (Helpers.Ctx, UInt32) -> Void = { ctx, e in
    let (_, inst, _) = JITStoreState.from(ctx)
    inst.elementSegments[Int(e)] = []
}
