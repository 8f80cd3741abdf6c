/// The definitions of a component's instance, alias, canon and start sections
/// (component model `Binary.md`, "Instance", "Alias", "Canonical" and "Start Definitions").

/// A core instance: a nested module instantiated with named instances, or a bag of exports.
public enum CoreInstanceDefinition: Hashable, Sendable {
    case instantiate(module: UInt32, arguments: [CoreInstantiationArgument])
    case exports([CoreInlineExport])
}

/// `(with "name" (instance i))` of a core instantiation.
public struct CoreInstantiationArgument: Hashable, Sendable {
    public var name: String
    public var instance: UInt32

    public init(name: String, instance: UInt32) {
        self.name = name
        self.instance = instance
    }
}

/// A named core item of a core instance made of exports.
public struct CoreInlineExport: Hashable, Sendable {
    public var name: String
    public var sort: CoreSort
    public var index: UInt32

    public init(name: String, sort: CoreSort, index: UInt32) {
        self.name = name
        self.sort = sort
        self.index = index
    }
}

/// A component instance: a component instantiated with named arguments, or a bag of exports.
public enum ComponentInstanceDefinition: Hashable, Sendable {
    case instantiate(component: UInt32, arguments: [ComponentNamedItem])
    case exports([ComponentNamedItem])
}

/// A name bound to a sort and index (`instantiatearg`, `inlineexport`).
public struct ComponentNamedItem: Hashable, Sendable {
    public var name: String
    public var item: ComponentSortIndex

    public init(name: String, item: ComponentSortIndex) {
        self.name = name
        self.item = item
    }
}

/// An alias: an item of another instance or of an enclosing component, added to `sort`'s space.
public struct ComponentAlias: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case instanceExport(instance: UInt32, name: String)
        case coreInstanceExport(instance: UInt32, name: String)
        /// `count` enclosing scopes out (0 is the current one), item `index`.
        case outer(count: UInt32, index: UInt32)
    }

    public var sort: ComponentSort
    public var target: Target

    public init(sort: ComponentSort, target: Target) {
        self.sort = sort
        self.target = target
    }
}

/// A canonical option (`canonopt`).
public enum CanonicalOption: Hashable, Sendable {
    case utf8, utf16, compactUTF16
    case memory(UInt32)
    case realloc(UInt32)
    case postReturn(UInt32)
    case async
    case callback(UInt32)
}

/// A canonical definition (`canon`). Builtins beyond lift, lower and the resource functions
/// are not decoded: a canon section using them is skipped from there (see `skipped`).
public enum CanonicalFunction: Hashable, Sendable {
    /// Lifts core function `coreFunction` to a component function of type `type`.
    case lift(coreFunction: UInt32, options: [CanonicalOption], type: UInt32)
    /// Lowers component function `function` to a core function.
    case lower(function: UInt32, options: [CanonicalOption])
    case resourceNew(type: UInt32)
    case resourceDrop(type: UInt32, async: Bool)
    case resourceRep(type: UInt32)

    /// The sort of the function this definition adds.
    public var sort: ComponentSort {
        if case .lift = self { return .function }
        return .core(.function)
    }
}

/// The start function of a component: `function` called with `arguments` (value indices),
/// producing `resultCount` values.
public struct ComponentStart: Hashable, Sendable {
    public var function: UInt32
    public var arguments: [UInt32]
    public var resultCount: UInt32
}
