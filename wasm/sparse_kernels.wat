;; The first layer's sparse forward product in WebAssembly (scalar f64): the
;; same sums, each in the same order, as tensor/kernels/gemm_nt.ts, so the
;; results are bit for bit the TypeScript ones (its BP4 is tn_csc, in
;; wasm/gen_sparse_tn.ts); and SGD's
;; update of its weights (f64x2, the same operations per weight as
;; optimizers/sgd.ts). Built by
;; `deno task wasm:build` into tensor/kernels/wasm_bytes.ts.
;;
;; All pointers are byte offsets into the imported memory; CSR rows are
;; given as start (i32, rows + 1), index (i32) and value (f64) arrays.
(module
  (import "env" "memory" (memory 1))

  ;; O (m x n) = A B^T, A (m x k) as CSR, B (n x k) dense; only the columns
  ;; j0 <= j < j1 of O (a thread's part: every element is the same sum
  ;; whichever part or block computes it).
  (func (export "nt")
    (param $pB i32) (param $pO i32) (param $pS i32) (param $pI i32)
    (param $pV i32) (param $m i32) (param $k i32) (param $n i32)
    (param $j0 i32) (param $j1 i32)
    (local $j i32) (local $i i32) (local $t i32) (local $to i32)
    (local $b0 i32) (local $kb i32) (local $a i32) (local $o i32)
    (local $x f64)
    (local $s0 f64) (local $s1 f64) (local $s2 f64)
    (local $s3 f64) (local $s4 f64) (local $s5 f64)
    (local $s6 f64) (local $s7 f64) (local $s8 f64) (local $s9 f64)
    (local.set $kb (i32.shl (local.get $k) (i32.const 3)))
    (local.set $j (local.get $j0))
    ;; ten rows of B at a time, then six
    (block $jdone10 (loop $jl10
      (br_if $jdone10 (i32.gt_s (i32.add (local.get $j) (i32.const 10)) (local.get $j1)))
      (local.set $b0 (i32.add (local.get $pB) (i32.mul (local.get $j) (local.get $kb))))
      (local.set $i (i32.const 0))
      (block $idone10 (loop $il10
        (br_if $idone10 (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $t (i32.load (i32.add (local.get $pS) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $to (i32.load offset=4 (i32.add (local.get $pS) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0)) (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0)) (local.set $s4 (f64.const 0)) (local.set $s5 (f64.const 0))
        (local.set $s6 (f64.const 0)) (local.set $s7 (f64.const 0)) (local.set $s8 (f64.const 0))
        (local.set $s9 (f64.const 0))
        (block $tdone10 (loop $tl10
          (br_if $tdone10 (i32.ge_s (local.get $t) (local.get $to)))
          (local.set $a (i32.add (local.get $b0)
            (i32.shl (i32.load (i32.add (local.get $pI) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3))))
          (local.set $x (f64.load (i32.add (local.get $pV) (i32.shl (local.get $t) (i32.const 3)))))
          (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s2 (f64.add (local.get $s2) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s3 (f64.add (local.get $s3) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s4 (f64.add (local.get $s4) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s5 (f64.add (local.get $s5) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s6 (f64.add (local.get $s6) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s7 (f64.add (local.get $s7) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s8 (f64.add (local.get $s8) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s9 (f64.add (local.get $s9) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $tl10)))
        (local.set $o (i32.add (local.get $pO)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
        (f64.store offset=0 (local.get $o) (local.get $s0))
        (f64.store offset=8 (local.get $o) (local.get $s1))
        (f64.store offset=16 (local.get $o) (local.get $s2))
        (f64.store offset=24 (local.get $o) (local.get $s3))
        (f64.store offset=32 (local.get $o) (local.get $s4))
        (f64.store offset=40 (local.get $o) (local.get $s5))
        (f64.store offset=48 (local.get $o) (local.get $s6))
        (f64.store offset=56 (local.get $o) (local.get $s7))
        (f64.store offset=64 (local.get $o) (local.get $s8))
        (f64.store offset=72 (local.get $o) (local.get $s9))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il10)))
      (local.set $j (i32.add (local.get $j) (i32.const 10)))
      (br $jl10)))
    ;; then six rows of B at a time
    (block $jdone (loop $jl
      (br_if $jdone (i32.gt_s (i32.add (local.get $j) (i32.const 6)) (local.get $j1)))
      (local.set $b0 (i32.add (local.get $pB) (i32.mul (local.get $j) (local.get $kb))))
      (local.set $i (i32.const 0))
      (block $idone (loop $il
        (br_if $idone (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $t (i32.load (i32.add (local.get $pS) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $to (i32.load offset=4 (i32.add (local.get $pS) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0)) (local.set $s2 (f64.const 0))
        (local.set $s3 (f64.const 0)) (local.set $s4 (f64.const 0)) (local.set $s5 (f64.const 0))
        (block $tdone (loop $tl
          (br_if $tdone (i32.ge_s (local.get $t) (local.get $to)))
          (local.set $a (i32.add (local.get $b0)
            (i32.shl (i32.load (i32.add (local.get $pI) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3))))
          (local.set $x (f64.load (i32.add (local.get $pV) (i32.shl (local.get $t) (i32.const 3)))))
          (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s2 (f64.add (local.get $s2) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s3 (f64.add (local.get $s3) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s4 (f64.add (local.get $s4) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $a (i32.add (local.get $a) (local.get $kb)))
          (local.set $s5 (f64.add (local.get $s5) (f64.mul (local.get $x) (f64.load (local.get $a)))))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $tl)))
        (local.set $o (i32.add (local.get $pO)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
        (f64.store offset=0 (local.get $o) (local.get $s0))
        (f64.store offset=8 (local.get $o) (local.get $s1))
        (f64.store offset=16 (local.get $o) (local.get $s2))
        (f64.store offset=24 (local.get $o) (local.get $s3))
        (f64.store offset=32 (local.get $o) (local.get $s4))
        (f64.store offset=40 (local.get $o) (local.get $s5))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il)))
      (local.set $j (i32.add (local.get $j) (i32.const 6)))
      (br $jl)))
    ;; the remaining rows of B one at a time
    (block $jdone1 (loop $jl1
      (br_if $jdone1 (i32.ge_s (local.get $j) (local.get $j1)))
      (local.set $b0 (i32.add (local.get $pB) (i32.mul (local.get $j) (local.get $kb))))
      (local.set $i (i32.const 0))
      (block $idone1 (loop $il1
        (br_if $idone1 (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $t (i32.load (i32.add (local.get $pS) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $to (i32.load offset=4 (i32.add (local.get $pS) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s0 (f64.const 0))
        (block $tdone1 (loop $tl1
          (br_if $tdone1 (i32.ge_s (local.get $t) (local.get $to)))
          (local.set $s0 (f64.add (local.get $s0)
            (f64.mul
              (f64.load (i32.add (local.get $pV) (i32.shl (local.get $t) (i32.const 3))))
              (f64.load (i32.add (local.get $b0)
                (i32.shl (i32.load (i32.add (local.get $pI) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 3)))))))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br $tl1)))
        (f64.store (i32.add (local.get $pO)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
          (local.get $s0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $il1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jl1)))
  )

  ;; SGD on n doubles at pW with their gradient at pG, as optimizers/sgd.ts
  ;; does it: w <- shrink w - eta g if $decay, else w <- w - eta g. The same
  ;; two (or three) IEEE operations per element, two elements per f64x2 (no
  ;; fused multiply-add), so the results are bit for bit the scalar loop's.
  (func (export "sgd")
    (param $pW i32) (param $pG i32) (param $n i32)
    (param $shrink f64) (param $eta f64) (param $decay i32)
    (local $w i32) (local $g i32) (local $end4 i32) (local $end i32)
    (local $e v128) (local $s v128)
    (local.set $w (local.get $pW))
    (local.set $g (local.get $pG))
    (local.set $end (i32.add (local.get $pW) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $pW)
      (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $s (f64x2.splat (local.get $shrink)))
    (if (local.get $decay)
      (then
        ;; four doubles (two f64x2) a turn
        (block $done (loop $l
          (br_if $done (i32.ge_u (local.get $w) (local.get $end4)))
          (v128.store offset=0 (local.get $w)
            (f64x2.sub
              (f64x2.mul (local.get $s) (v128.load offset=0 (local.get $w)))
              (f64x2.mul (local.get $e) (v128.load offset=0 (local.get $g)))))
          (v128.store offset=16 (local.get $w)
            (f64x2.sub
              (f64x2.mul (local.get $s) (v128.load offset=16 (local.get $w)))
              (f64x2.mul (local.get $e) (v128.load offset=16 (local.get $g)))))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (local.set $g (i32.add (local.get $g) (i32.const 32)))
          (br $l)))
        (block $done1 (loop $l1
          (br_if $done1 (i32.ge_u (local.get $w) (local.get $end)))
          (f64.store (local.get $w)
            (f64.sub
              (f64.mul (local.get $shrink) (f64.load (local.get $w)))
              (f64.mul (local.get $eta) (f64.load (local.get $g)))))
          (local.set $w (i32.add (local.get $w) (i32.const 8)))
          (local.set $g (i32.add (local.get $g) (i32.const 8)))
          (br $l1))))
      (else
        (block $done2 (loop $l2
          (br_if $done2 (i32.ge_u (local.get $w) (local.get $end4)))
          (v128.store offset=0 (local.get $w)
            (f64x2.sub (v128.load offset=0 (local.get $w))
              (f64x2.mul (local.get $e) (v128.load offset=0 (local.get $g)))))
          (v128.store offset=16 (local.get $w)
            (f64x2.sub (v128.load offset=16 (local.get $w))
              (f64x2.mul (local.get $e) (v128.load offset=16 (local.get $g)))))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (local.set $g (i32.add (local.get $g) (i32.const 32)))
          (br $l2)))
        (block $done3 (loop $l3
          (br_if $done3 (i32.ge_u (local.get $w) (local.get $end)))
          (f64.store (local.get $w)
            (f64.sub (f64.load (local.get $w))
              (f64.mul (local.get $eta) (f64.load (local.get $g)))))
          (local.set $w (i32.add (local.get $w) (i32.const 8)))
          (local.set $g (i32.add (local.get $g) (i32.const 8)))
          (br $l3)))))
  )
)
