; A 6-byte copy does not cover whole 32-bit cells: scratch-expand-intrinsics
; rejects it.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

define void @copy_six(ptr %to, ptr %from) {
  call void @llvm.memcpy.p0.p0.i32(ptr %to, ptr %from, i32 6, i1 false)
  ret void
}

declare void @llvm.memcpy.p0.p0.i32(ptr, ptr, i32, i1)
