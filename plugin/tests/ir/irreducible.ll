; A cycle with two entries (%left and %right) and a switch.
; irreducible_driver.c calls @bounce.
target datalayout = "e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128"
target triple = "i386-unknown-none-elf"

define i32 @bounce(i32 %n, i32 %start) {
entry:
  switch i32 %start, label %right [
    i32 0, label %left
    i32 5, label %done
  ]

left:
  %l.acc = phi i32 [ 1, %entry ], [ %r.next, %right ]
  %l.n = phi i32 [ %n, %entry ], [ %r.n, %right ]
  %l.next = mul i32 %l.acc, 3
  %l.n.next = sub i32 %l.n, 1
  %l.stop = icmp sle i32 %l.n.next, 0
  br i1 %l.stop, label %done, label %right

right:
  %r.acc = phi i32 [ 2, %entry ], [ %l.next, %left ]
  %r.n.in = phi i32 [ %n, %entry ], [ %l.n.next, %left ]
  %r.next = add i32 %r.acc, 5
  %r.n = sub i32 %r.n.in, 1
  %r.stop = icmp sle i32 %r.n, 0
  br i1 %r.stop, label %done, label %left

done:
  %result = phi i32 [ -1, %entry ], [ %l.next, %left ], [ %r.next, %right ]
  ret i32 %result
}
