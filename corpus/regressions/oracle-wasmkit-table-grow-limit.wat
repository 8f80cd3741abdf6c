(module
  (type (;0;) (func (result f32)))
  (type (;1;) (func (param funcref) (result f32 f32 i64 f32)))
  (type (;2;) (func (param f64) (result f32 i32 i32)))
  (type (;3;) (func (param i64) (result f64 i32 externref)))
  (type (;4;) (func))
  (type (;5;) (func (param f64)))
  (type (;6;) (func (result f32 externref funcref)))
  (type (;7;) (func (param f32)))
  (type (;8;) (func (param i64)))
  (import "host" "memory" (memory (;0;) 1 2))
  (import "host" "log_f32" (func (;0;) (type 7)))
  (import "host" "log_i64" (func (;1;) (type 8)))
  (func (;2;) (type 4)
    (local f64) (local externref) (local i32) (local f32) (local f64) (local f64)
    global.get 0
    i32.eqz
    if
      unreachable
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    nop
    i32.const 65535
    i32.const 127
    i32.and
    loop (result externref)
      global.get 0
      i32.eqz
      if
        unreachable
      end
      global.get 0
      i32.const 1
      i32.sub
      global.set 0
      local.get 1
      f32.const 0x1.cc8104p+21
      i32.reinterpret_f32
      table.grow 0
      f32.reinterpret_i32
      i64.trunc_f32_u
      i64.popcnt
      i64.const 512
      i32.const 19967
      i32.const 56708
      i32.const 239
      memory.copy
      i32.const 13
      call_indirect 1 (type 4)
      drop
      drop
      ref.null extern
    end
    drop
    drop
  )
  (func (;3;) (type 4)
    (local f64) (local f64) (local i64) (local funcref)
    global.get 0
    i32.eqz
    if
      unreachable
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    unreachable
    block (result funcref)
      local.get 2
      loop (type 3)
        global.get 0
        i32.eqz
        if
          unreachable
        end
        global.get 0
        i32.const 1
        i32.sub
        global.set 0
        i64.extend32_s
        i32.const 2
        ref.null func
        table.set 1
        i64.ctz
        i32.const 0
        br_table 2 2 2
        i32.const 2357
        i32.load8_u
        br_if 2
        i32.const 1
        br_table 2 2 2
        drop
        memory.size
        memory.size
        i32.const 0
        ref.null extern
        i32.const 3
        table.fill 0
        ref.func 0
        global.get 0
        br_if 1
        local.get 3
        i32.const 1
        table.grow 1
        memory.size
        table.size 0
        f64.const -0x1p+383
        i32.const 14
        call_indirect 1 (type 2)
        ref.func 0
        i32.const 3
        table.grow 1
        table.get 0
        i32.const -1173283503
        br_table 2 2 2 2
        table.set 0
        block (result f64)
          i64.const 29
          i32.const 1
          br_if 1
          i32.const 0
          memory.grow
          drop
          drop
          f64.const 0x1p-1022
        end
        drop
        drop
        drop
        drop
        drop
        drop
        drop
        drop
        drop
        f64.const 0x1.cf839d5a8f77cp-95
        i32.const -1787376073
        ref.null extern
      end
      drop
      drop
      drop
      ref.null func
    end
    drop
  )
  (func (;4;) (type 4)
    (local f64) (local f32) (local i64) (local i32) (local i32) (local externref) (local i64)
    global.get 0
    i32.eqz
    if
      unreachable
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    ref.func 2
    i32.const 2048
    i32.const 29
    i32.or
    ref.null extern
    i32.const 0
    table.grow 0
    i32.const 14
    ref.null func
    table.set 1
    i32.gt_s
    local.set 3
    ref.func 2
    f64.const -0x1p-449
    i64.trunc_sat_f64_s
    i64.ctz
    i64.eqz
    local.get 6
    global.get 0
    if (type 8)
      local.get 1
      i32.const 6
      ref.null func
      i32.const 1
      table.fill 1
      i32.const 7676
      i32.const 36688
      i32.const 29
      memory.fill
      i32.const 8192
      i32.const -1265284323
      i32.store align=1
      i64.trunc_f32_s
      i64.mul
      drop
    else
      drop
    end
    drop
    drop
    drop
  )
  (table (;0;) 4 externref)
  (table (;1;) 14 15 funcref)
  (global (;0;) (mut i32) (i32.const 525))
  (export "table_1" (table 1))
  (export "func_0" (func 0))
  (export "func_2" (func 2))
)
