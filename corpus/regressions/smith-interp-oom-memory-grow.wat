(module
  (type (;0;) (func))
  (func (;0;) (type 0)
    global.get 0
    i32.eqz
    if
      return
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    global.get 0
    memory.grow
    memory.grow
    memory.grow
    memory.grow
    global.get 0
    i32.eqz
    memory.grow
    i32.rotl
    memory.grow
    drop
  )
  (func (;1;) (type 0)
    global.get 0
    i32.eqz
    if
      return
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
  )
  (func (;2;) (type 0)
    global.get 0
    i32.eqz
    if
      return
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
  )
  (func (;3;) (type 0)
    global.get 0
    i32.eqz
    if
      return
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
  )
  (func (;4;) (type 0)
    global.get 0
    i32.eqz
    if
      return
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
  )
  (memory (;0;) 3)
  (global (;0;) (mut i32) (i32.const 1469))
  (export "func_0" (func 0))
  (export "func_1" (func 1))
  (export "func_2" (func 2))
  (export "func_3" (func 3))
  (export "func_4" (func 4))
  (export "memory_0" (memory 0))
  (export "global_0" (global 0))
)
