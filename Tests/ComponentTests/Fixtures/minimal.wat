(module (func (export "unused") ))
