import Testing
@testable import WasmCore

/// Builds a module with one defined function of type `type` whose body is `body` followed by `end`
/// (`lists`: the body's variable-length immediates).
func singleFunctionModule(
    _ type: FuncType,
    locals: [LocalDecl] = [],
    _ body: [Instruction],
    lists: [UInt32] = [],
    configure: (inout ModuleDefinition) -> Void = { _ in }
) -> ModuleDefinition {
    var module = ModuleDefinition()
    module.types = [type]
    module.functions = [0]
    module.codes = [FunctionBody(locals: locals, instructions: body + [.end], lists: lists)]
    configure(&module)
    return module
}

/// A module with one `[] -> []` function whose body is `body` followed by `end`.
func singleFunctionModule(
    locals: [LocalDecl] = [],
    _ body: [Instruction],
    lists: [UInt32] = [],
    configure: (inout ModuleDefinition) -> Void = { _ in }
) -> ModuleDefinition {
    singleFunctionModule(FuncType(), locals: locals, body, lists: lists, configure: configure)
}

/// The validation error `validateModule` throws for `module`, or nil if it validates.
func validationError(_ module: ModuleDefinition, features: Features = .wasm2) -> ValidationError? {
    do {
        try validateModule(module, features: features)
        return nil
    } catch let error as ValidationError {
        return error
    } catch {
        Issue.record("validateModule threw a non-ValidationError: \(error)")
        return nil
    }
}

/// Expects `module` to be rejected with a message containing `message`.
func expectInvalid(_ module: ModuleDefinition, _ message: String, features: Features = .wasm2, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = validationError(module, features: features)
    #expect(error != nil, "expected \"\(message)\" but the module validated", sourceLocation: sourceLocation)
    if let error {
        #expect(error.message.contains(message), "expected \"\(message)\", got \"\(error.message)\"", sourceLocation: sourceLocation)
    }
}

/// Expects `module` to validate.
func expectValid(_ module: ModuleDefinition, features: Features = .wasm2, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = validationError(module, features: features)
    #expect(error == nil, "unexpected error: \(error.map(\.description) ?? "")", sourceLocation: sourceLocation)
}

extension FuncType {
    static let void = FuncType()
    static func returning(_ results: ValueType...) -> FuncType { FuncType(params: [], results: results) }
}
