; An intrinsic with no Scratch equivalent and no expansion.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

define i32 @checked_add(i32 %a, i32 %b) {
  %r = call { i32, i1 } @llvm.sadd.with.overflow.i32(i32 %a, i32 %b)
  %v = extractvalue { i32, i1 } %r, 0
  ret i32 %v
}

declare { i32, i1 } @llvm.sadd.with.overflow.i32(i32, i32)
