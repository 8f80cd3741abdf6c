import WasmEngine

/// Short-lived stores: create a store, instantiate a small module and call it, many times on
/// one thread; with the thread's stack cache (what `Engine.tlsEagerInitialize` fills), and with
/// the cache emptied before each store (every store allocates its execution stack).
func benchmarkShortLivedStores() {
    print("\n## Short-lived stores (one thread, 2000 stores, instantiate + one call each)\n")
    print("| backend | fresh stack per store | cached stack (tlsEagerInitialize) | speedup |")
    print("|---|---|---|---|")
    let wat = "(module (func (export \"f\") (result i32) i32.const 7))"
    for strategy in [Strategy.interpreter, .jit] {
        var config = Config()
        config.strategy = strategy
        guard let engine = try? Engine(config), let module = try? Module(engine, wat: wat) else {
            print("| \(strategy.rawValue) | unavailable | | |")
            continue
        }
        func run(emptyingCache: Bool) -> Double {
            measure {
                for _ in 0..<2000 {
                    if emptyingCache { ThreadStackCache.current.removeAll() }
                    let store = Store(engine)
                    _ = try? Instance(store, module: module, imports: []).function("f")?.call([])
                }
            }
        }
        let fresh = run(emptyingCache: true)
        engine.tlsEagerInitialize()
        let cached = run(emptyingCache: false)
        print("| \(strategy.rawValue) | \(format(fresh)) | \(format(cached)) | \(ratio(fresh, cached)) |")
    }
}
