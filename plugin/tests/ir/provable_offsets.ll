; Byte-offset GEPs whose offsets scratch-rescale-gep can prove to be
; multiples of 4. provable_offsets_driver.c calls each function.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

@cells = global [8 x i32] [i32 10, i32 11, i32 12, i32 13, i32 14, i32 15, i32 16, i32 17]
; Nested constant GEPs: 8 bytes, then 4 more.
@third = global ptr getelementptr (i8, ptr getelementptr (i8, ptr @cells, i32 8), i32 4)
@table = global [2 x ptr] [ptr getelementptr inbounds (i8, ptr @cells, i32 20), ptr @cells]

define i32 @shifted(ptr %p, i32 %i) {
  %bytes = shl i32 %i, 2
  %q = getelementptr inbounds i8, ptr %p, i32 %bytes
  %v = load i32, ptr %q
  ret i32 %v
}

define i32 @scaled(ptr %p, i32 %i) {
  %bytes = mul nsw i32 %i, 12
  %q = getelementptr i8, ptr %p, i32 %bytes
  %v = load i32, ptr %q
  ret i32 %v
}

define i32 @summed(ptr %p, i32 %i, i32 %j) {
  %a = shl i32 %i, 3
  %b = mul i32 %j, 4
  %sum = add i32 %a, %b
  %diff = sub i32 %sum, 4
  %bits = or disjoint i32 %diff, 0
  %q = getelementptr i8, ptr %p, i32 %bits
  %v = load i32, ptr %q
  ret i32 %v
}

define i32 @masked(ptr %p, i32 %i) {
  %aligned = and i32 %i, -4
  %q = getelementptr i8, ptr %p, i32 %aligned
  %v = load i32, ptr %q
  ret i32 %v
}

; The offset is a phi of multiples of 4 around a loop.
define i32 @walk(ptr %p, i32 %n) {
entry:
  br label %loop

loop:
  %offset = phi i32 [ 0, %entry ], [ %next, %loop ]
  %sum = phi i32 [ 0, %entry ], [ %sum.next, %loop ]
  %count = phi i32 [ 0, %entry ], [ %count.next, %loop ]
  %q = getelementptr i8, ptr %p, i32 %offset
  %v = load i32, ptr %q
  %sum.next = add i32 %sum, %v
  %next = add i32 %offset, 8
  %count.next = add i32 %count, 1
  %done = icmp eq i32 %count.next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %sum.next
}

define i32 @through_globals(i32 %k) {
  %third = load ptr, ptr @third
  %a = load i32, ptr %third
  %slot = getelementptr i8, ptr @table, i32 4
  %base = load ptr, ptr %slot
  %b = getelementptr inbounds i8, ptr %base, i32 12
  %c = load i32, ptr %b
  %first = load ptr, ptr @table
  %d = load i32, ptr %first
  %s1 = add i32 %a, %c
  %s2 = add i32 %s1, %d
  %s3 = add i32 %s2, %k
  ret i32 %s3
}
