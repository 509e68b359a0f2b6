; A byte offset that may not be a multiple of 4: scratch-rescale-gep rejects it.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

define i32 @at_offset(ptr %p, i32 %i) {
  %bytes = shl i32 %i, 1
  %q = getelementptr inbounds i8, ptr %p, i32 %bytes
  %v = load i32, ptr %q
  ret i32 %v
}
