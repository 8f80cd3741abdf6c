(component
  (type $m (map string u32))
  (core func $bp (canon backpressure.inc))
  (type $f (func (param "m" $m)))
  (core func $ctx (canon context.get i32 0))
  (export "f-type" (type $f))
)
