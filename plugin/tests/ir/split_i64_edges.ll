; Shapes of i64 code that clang seldom emits, for scratch-split-i64:
; freeze, undef and poison operands, constant expressions, a switch on i64,
; 64-bit GEP indices (constant ones in constant GEPs too), an unreachable
; block, globals with i64 initializers
; and a declared function with an i64 parameter. split_i64_edges_driver.c
; calls these functions and defines @report.

target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

@cells = global [4 x i32] [i32 10, i32 20, i32 30, i32 40]
@record = global { i32, i64, [2 x i64] } { i32 7, i64 -2, [2 x i64] [i64 4294967296, i64 9] }
@zeros = global [3 x i64] zeroinitializer
@packed = global <{ i32, i64 }> <{ i32 1, i64 81985529216486895 }>
@second_cell = global ptr getelementptr inbounds (i8, ptr @cells, i64 4)

declare void @report(i64, i32)

define void @freeze_select(i1 %c, i64 %a, i64 %b, ptr %out) {
  %f = freeze i64 %a
  %s = select i1 %c, i64 %f, i64 %b
  store i64 %s, ptr %out
  %p = select i1 true, i64 %b, i64 poison
  %q = getelementptr inbounds i64, ptr %out, i32 1
  store i64 %p, ptr %q
  ret void
}

; Cases that differ only in one half.
define i32 @classify(i64 %x) {
entry:
  switch i64 %x, label %other [
    i64 0, label %zero
    i64 4294967296, label %two_to_32
    i64 -1, label %minus_one
    i64 4294967295, label %low_ones
    i64 8589934593, label %high_two_low_one
  ]
zero:
  ret i32 1
two_to_32:
  ret i32 2
minus_one:
  ret i32 3
low_ones:
  ret i32 4
high_two_low_one:
  ret i32 5
other:
  %small = trunc i64 %x to i32
  %tag = and i32 %small, 255
  %result = add i32 %tag, 100
  ret i32 %result
}

; Byte distances through ptrtoint to i64, and a load through inttoptr of a
; constant expression.
define i32 @offsets(ptr %p) {
  %a = ptrtoint ptr %p to i64
  %d = sub i64 %a, ptrtoint (ptr @cells to i64)
  %q = inttoptr i64 add (i64 ptrtoint (ptr @cells to i64), i64 8) to ptr
  %v = load i32, ptr %q
  %t = trunc i64 %d to i32
  %r = add i32 %t, %v
  ret i32 %r
}

; The phi starts undef; the first step replaces it, whatever it is.
define void @running_max(ptr %values, i32 %n, ptr %out) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %best = phi i64 [ undef, %entry ], [ %next, %loop ]
  %address = getelementptr inbounds i64, ptr %values, i32 %i
  %v = load i64, ptr %address
  %first = icmp eq i32 %i, 0
  %greater = icmp sgt i64 %v, %best
  %take = or i1 %first, %greater
  %next = select i1 %take, i64 %v, i64 %best
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  store i64 %next, ptr %out
  ret void
}

define void @report_twice(i64 %a) {
  call void @report(i64 %a, i32 1)
  %b = shl i64 %a, 1
  call void @report(i64 %b, i32 2)
  ret void
}

define i32 @cell_at(i64 %index) {
  %p = getelementptr inbounds [4 x i32], ptr @cells, i64 0, i64 %index
  %v = load i32, ptr %p
  ret i32 %v
}

define i32 @constant_cells() {
  %p = load ptr, ptr @second_cell
  %a = load i32, ptr %p
  %b = load i32, ptr getelementptr inbounds ([4 x i32], ptr @cells, i64 0, i64 3)
  %sum = add i32 %a, %b
  ret i32 %sum
}

define i32 @narrow_casts(i64 %a, i1 %b, i8 %c, ptr %out) {
  %t = trunc i64 %a to i1
  %s = sext i1 %b to i64
  %z = zext i8 %c to i64
  %sum = add i64 %s, %z
  store i64 %sum, ptr %out
  %r = zext i1 %t to i32
  ret i32 %r
}

define void @read_globals(ptr %out) {
  %r1 = load i64, ptr getelementptr inbounds ({ i32, i64, [2 x i64] }, ptr @record, i32 0, i32 1)
  %r2 = load i64, ptr getelementptr inbounds ({ i32, i64, [2 x i64] }, ptr @record, i32 0, i32 2, i32 0)
  %r3 = load i64, ptr getelementptr inbounds ({ i32, i64, [2 x i64] }, ptr @record, i32 0, i32 2, i32 1)
  %z = load i64, ptr getelementptr inbounds ([3 x i64], ptr @zeros, i32 0, i32 2)
  %p = load i64, ptr getelementptr inbounds (<{ i32, i64 }>, ptr @packed, i32 0, i32 1)
  %id = load i32, ptr @record
  %id64 = sext i32 %id to i64
  store i64 %r1, ptr %out
  %o1 = getelementptr inbounds i64, ptr %out, i32 1
  store i64 %r2, ptr %o1
  %o2 = getelementptr inbounds i64, ptr %out, i32 2
  store i64 %r3, ptr %o2
  %o3 = getelementptr inbounds i64, ptr %out, i32 3
  store i64 %z, ptr %o3
  %o4 = getelementptr inbounds i64, ptr %out, i32 4
  store i64 %p, ptr %o4
  %o5 = getelementptr inbounds i64, ptr %out, i32 5
  store i64 %id64, ptr %o5
  ret void
}

; The unreachable block uses its own values in a cycle, as IR allows there.
define i32 @with_dead_block(i64 %a) {
entry:
  %t = trunc i64 %a to i32
  ret i32 %t
dead:
  %x = add i64 %y, 1
  %y = mul i64 %x, 3
  br label %dead
}
