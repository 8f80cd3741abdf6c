import WAT
import WasmEngine

/// The `assert_*` directives.
extension WastSession {
    /// `assert_return`: the action returns exactly the expected values.
    func assertReturn(_ action: WASTExecute, _ expected: [WASTExpectValue]) -> DirectiveOutcome {
        let expectedText = WastExpectations.describe(expected)
        do {
            let actual = try execute(action)
            if try WastExpectations.matches(expected, actual) { return .pass }
            return .fail(expected: expectedText, actual: WastFormat.describe(actual))
        } catch WastValueError.needsSIMD {
            return .skip(WastValueError.needsSIMD.description)
        } catch {
            return .fail(expected: expectedText, actual: describe(error))
        }
    }

    /// `assert_trap` on an invocation or on a module's instantiation.
    func assertTrap(_ action: WASTExecute, _ message: String) -> DirectiveOutcome {
        let expected = "trap \"\(message)\""
        do {
            let results = try execute(action)
            if case .wat = action { return .fail(expected: expected, actual: "module instantiated") }
            return .fail(expected: expected, actual: "returned \(WastFormat.describe(results))")
        } catch let trap as Trap {
            if MessageMatching.matches(trap, expected: message) { return .pass }
            return .fail(expected: expected, actual: describe(trap))
        } catch WastValueError.needsSIMD {
            return .skip(WastValueError.needsSIMD.description)
        } catch {
            return .fail(expected: expected, actual: describe(error))
        }
    }

    /// `assert_exhaustion`: the call runs out of stack (or another resource) and traps.
    func assertExhaustion(_ call: WASTInvoke, _ message: String) -> DirectiveOutcome {
        assertTrap(.invoke(call), message)
    }

    /// `assert_malformed` / `assert_invalid`: the module is rejected, ideally with the spec's
    /// message. A wrong message fails only for binary modules: for text ones the rejection may
    /// come from WasmKit's text parser, whose messages are not the spec's.
    func assertRejected(_ directive: ModuleDirective, _ message: String) -> DirectiveOutcome {
        let isBinary: Bool
        if case .binary = directive.source { isBinary = true } else { isBinary = false }
        do {
            _ = try compile(directive.source)
            return .fail(expected: "rejection \"\(message)\"", actual: "module was accepted")
        } catch {
            switch error {
            case .text(let actual):
                return .rejectedByTextParser(expected: message, actual: actual)
            case .engine(let error):
                let actual = MessageMatching.message(of: error)
                if MessageMatching.matches(actual, expected: message) { return .pass }
                return .wrongReason(expected: message, actual: describe(error), isFailure: isBinary)
            }
        }
    }

    /// `assert_unlinkable`: instantiation fails with a `LinkError`.
    func assertUnlinkable(_ wat: Wat, _ message: String) -> DirectiveOutcome {
        let expected = "link error \"\(message)\""
        let module: Module
        do {
            module = try compile(.text(wat))
        } catch {
            return .fail(expected: expected, actual: error.description)
        }
        do {
            _ = try instantiate(module)
            return .fail(expected: expected, actual: "module instantiated")
        } catch let error as LinkError {
            if MessageMatching.matches(error.message, expected: message) { return .pass }
            return .wrongReason(expected: message, actual: describe(error), isFailure: false)
        } catch {
            return .fail(expected: expected, actual: describe(error))
        }
    }
}
