/// A ddmin-style byte reducer: deletes chunks of halving size while `keeps` holds, then zeroes
/// chunks (a generator reads zeroes as its simplest choices).
public struct ByteReducer {
    public var maxChecks: Int
    public private(set) var checks = 0

    public init(maxChecks: Int = 1000) { self.maxChecks = maxChecks }

    public mutating func reduce(_ input: [UInt8], keeps: ([UInt8]) -> Bool) -> [UInt8] {
        var current = input
        func attempt(_ candidate: [UInt8]) -> Bool {
            guard checks < maxChecks, candidate != current else { return false }
            checks += 1
            if keeps(candidate) { current = candidate; return true }
            return false
        }
        for zeroing in [false, true] {
            var chunk = max(1, current.count / 2)
            while checks < maxChecks {
                var progressed = false
                var start = 0
                while start < current.count && checks < maxChecks {
                    let end = min(current.count, start + chunk)
                    var candidate = current
                    if zeroing {
                        candidate.replaceSubrange(start..<end, with: repeatElement(0, count: end - start))
                        if attempt(candidate) { progressed = true }
                        start = end
                    } else {
                        candidate.removeSubrange(start..<end)
                        if attempt(candidate) { progressed = true } else { start = end }
                    }
                }
                if chunk == 1 && !progressed { break }
                if !progressed || zeroing { chunk = max(1, chunk / 2) }
                if zeroing && chunk == 1 && !progressed { break }
            }
        }
        return current
    }
}
