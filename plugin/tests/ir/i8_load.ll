; A byte load: words memory has no bytes, so scratch-rescale-gep rejects it.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

define i32 @first_byte(ptr %p) {
  %b = load i8, ptr %p
  %w = zext i8 %b to i32
  ret i32 %w
}
