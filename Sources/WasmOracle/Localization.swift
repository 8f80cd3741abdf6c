import WasmCore

/// One step of an oracle run, to be replayed.
public struct OracleStep: Hashable, Sendable {
    public var export: String
    public var arguments: [DiffValue]
}

extension Oracle {
    /// Finds where two engines' executions first part, by bisecting a fuel budget: with budget `f`
    /// both engines stop at the same segment (fuel is charged by one shared rule), so the smallest
    /// budget at which outcome or state differ brackets the segment that introduced the divergence.
    /// Returns the reference engine's out-of-fuel trap location just before that point, or nil when
    /// the engines cannot meter fuel or the divergence does not reproduce under fuel.
    public func localize(_ bytes: [UInt8], module: ModuleDefinition, steps: [OracleStep], options: RunOptions,
                         between a: any DiffEngine, and b: any DiffEngine) -> String? {
        func fuelOptions(_ fuel: UInt64) -> RunOptions {
            var o = options
            o.fuel = fuel
            return o
        }
        guard a.unsupportedReason(for: fuelOptions(1)) == nil, b.unsupportedReason(for: fuelOptions(1)) == nil else { return nil }

        /// Runs every step under `fuel` on both; returns whether anything differed, and whether the
        /// reference ran out of fuel (so a larger budget could still show more), plus its trap location.
        func probe(_ fuel: UInt64) -> (differs: Bool, exhausted: Bool, location: String?) {
            let (oa, ia) = a.instantiate(bytes, module: module, options: fuelOptions(fuel))
            let (ob, ib) = b.instantiate(bytes, module: module, options: fuelOptions(fuel))
            if !oa.matches(ob) { return (true, false, nil) }
            guard let ia, let ib else {
                if case .trapped(.outOfFuel, _) = oa { return (false, true, nil) }
                return (false, false, nil)
            }
            if Self.difference(ia, ia.snapshot(), ib, ib.snapshot()) != nil { return (true, false, nil) }
            for step in steps {
                let ra = ia.call(step.export, step.arguments), rb = ib.call(step.export, step.arguments)
                if !ra.matches(rb) || Self.difference(ia, ia.snapshot(), ib, ib.snapshot()) != nil { return (true, false, ia.lastTrapLocation) }
                if case .trapped(.outOfFuel, _) = ra { return (false, true, ia.lastTrapLocation) }
            }
            return (false, false, nil)
        }

        // Grow the budget until the divergence shows (or the reference no longer runs out).
        var low: UInt64 = 0, high: UInt64 = 64
        while true {
            let p = probe(high)
            if p.differs { break }
            if !p.exhausted || high >= 1 << 40 { return nil }
            low = high
            high *= 4
        }
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if probe(mid).differs { high = mid } else { low = mid }
        }
        let before = probe(low)
        let where_ = before.location ?? "instantiation"
        return "the fuel segment at \(where_) (no difference with fuel \(low), a difference with \(high))"
    }
}
