/// The index checks of the component layer's definitions (see `ComponentDecoder`).
extension ComponentDecoder {
    func checkCoreInstance(_ instance: CoreInstanceDefinition, at offset: Int) throws(ValidationError) {
        switch instance {
        case .instantiate(let module, let args):
            try spaces.check(.core(.module), module, at: offset)
            var names: Set<String> = []
            for arg in args {
                guard names.insert(arg.name).inserted else {
                    throw ValidationError("duplicate instantiation argument \"\(arg.name)\"", offset: offset)
                }
                try spaces.check(.core(.instance), arg.instance, at: offset)
            }
        case .exports(let exports):
            var names: Set<String> = []
            for e in exports {
                guard names.insert(e.name).inserted else {
                    throw ValidationError("duplicate export name \"\(e.name)\"", offset: offset)
                }
                try spaces.check(.core(e.sort), e.index, at: offset)
            }
        }
    }

    func checkInstance(_ instance: ComponentInstanceDefinition, at offset: Int) throws(ValidationError) {
        let items: [ComponentNamedItem]
        switch instance {
        case .instantiate(let component, let args):
            try spaces.check(.component, component, at: offset)
            items = args
        case .exports(let exports):
            items = exports
        }
        var names: Set<String> = []
        for item in items {
            guard names.insert(item.name).inserted else {
                throw ValidationError("duplicate name \"\(item.name)\" in instance", offset: offset)
            }
            try spaces.check(item.item, at: offset)
        }
    }

    func checkAlias(_ alias: ComponentAlias, at offset: Int) throws(ValidationError) {
        switch alias.target {
        case .instanceExport(let instance, _):
            try spaces.check(.instance, instance, at: offset)
        case .coreInstanceExport(let instance, _):
            guard case .core = alias.sort else {
                throw ValidationError("core export alias of a non-core sort \(alias.sort)", offset: offset)
            }
            try spaces.check(.core(.instance), instance, at: offset)
        case .outer(let count, let index):
            switch alias.sort {
            case .type, .component, .core(.module), .core(.type): break
            default:
                throw ValidationError("outer aliases may only refer to types, modules and components", offset: offset)
            }
            guard Int(count) <= enclosing.count else {
                throw ValidationError("invalid outer alias count of \(count)", offset: offset)
            }
            let target = count == 0 ? spaces : enclosing[Int(count) - 1]
            try target.check(alias.sort, index, at: offset)
        }
    }

    func checkCanonical(_ canon: CanonicalFunction, at offset: Int) throws(ValidationError) {
        switch canon {
        case .lift(let core, let options, let type):
            try spaces.check(.core(.function), core, at: offset)
            try checkOptions(options, at: offset)
            try spaces.check(.type, type, at: offset)
        case .lower(let function, let options):
            try spaces.check(.function, function, at: offset)
            try checkOptions(options, at: offset)
        case .resourceNew(let type), .resourceDrop(let type, _), .resourceRep(let type):
            try spaces.check(.type, type, at: offset)
        }
    }

    private func checkOptions(_ options: [CanonicalOption], at offset: Int) throws(ValidationError) {
        var encodings = 0
        for option in options {
            switch option {
            case .utf8, .utf16, .compactUTF16: encodings += 1
            case .memory(let m): try spaces.check(.core(.memory), m, at: offset)
            case .realloc(let f), .postReturn(let f), .callback(let f): try spaces.check(.core(.function), f, at: offset)
            case .async: break
            }
        }
        guard encodings <= 1 else { throw ValidationError("canonical encoding option conflicts with another", offset: offset) }
    }
}
