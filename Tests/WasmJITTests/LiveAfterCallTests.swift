import Testing
import WasmCore
@testable import WasmJIT

/// `LiveAfterCall`: which locals a call must preserve, on hand-written instruction sequences
/// (index 0 is the call in each).
@Suite struct LiveAfterCallTests {
    @Test func readBeforeWriteIsLiveAndWriteBeforeReadIsDead() {
        let code: [Instruction] = [
            .call(0), .localGet(1), .drop, .localSet(2), .localGet(2), .localTee(3), .localGet(3), .end,
        ]
        #expect(LiveAfterCall.live([1, 2, 3, 4], after: 0, in: code).sorted() == [1])
    }

    @Test func returningEndsEveryLocal() {
        #expect(LiveAfterCall.live([0, 1], after: 0, in: [.call(0), .return, .localGet(0)]).isEmpty)
        #expect(LiveAfterCall.live([0], after: 0, in: [.call(0), .unreachable, .localGet(0)]).isEmpty)
        #expect(LiveAfterCall.live([0], after: 0, in: [.call(0), .drop, .end]).isEmpty)
    }

    @Test func branchesKeepWhatIsUndecided() {
        for jump in [Instruction.br(0), .brIf(0), .brTable(targets: ImmediateList(start: 0, count: 1), default: 0), .if(.empty), .else] {
            let code: [Instruction] = [.call(0), .localSet(1), jump, .localSet(0), .localSet(2), .end]
            #expect(LiveAfterCall.live([0, 1, 2], after: 0, in: code).sorted() == [0, 2], "\(jump)")
        }
    }

    @Test func blocksAndLoopsKeepTheCodeStraight() {
        let code: [Instruction] = [
            .call(0), .block(.empty), .loop(.empty), .localSet(0), .end, .end, .localGet(1), .localSet(2), .end,
        ]
        #expect(LiveAfterCall.live([0, 1, 2], after: 0, in: code).sorted() == [1])
    }

    @Test func theScanIsBounded() {
        let filler = [Instruction](repeating: .nop, count: LiveAfterCall.scanLimit)
        let code: [Instruction] = [.call(0)] + filler + [.localSet(0), .end]
        #expect(LiveAfterCall.live([0], after: 0, in: code) == [0])
        let near: [Instruction] = [.call(0)] + filler.dropLast() + [.localSet(0), .end]
        #expect(LiveAfterCall.live([0], after: 0, in: near).isEmpty)
    }
}
