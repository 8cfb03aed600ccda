/**
 * The jobs that threads share (see `threads.ts`): the layout of the shared
 * control words, the kinds of job, and the code that runs a job's parts.
 * That code runs on the calling thread as imported and in every worker as
 * source text (`workerSource`), so it uses nothing from outside its own
 * functions: it reads the control words and the job kinds by number.
 *
 * A split product's output is cut into parts (whole rows or whole
 * columns); the calling thread and the workers claim parts with an atomic
 * compare-and-swap, so the caller does any part no worker took. Every
 * element is computed by the same operations whatever part it falls in,
 * so the results are the same bits for any thread count. Beside the split
 * products there is one posted job at a time (`runPosted`): work for a
 * worker to do while the calling thread goes on.
 *
 * @module
 */

/** The most parts a split product is cut into. */
export const MAX_PARTS = 64;

// control words
export const SEQ = 0, LIVE = 1, EXITED = 2, DONE = 3, PARTS = 4, KIND = 5;
export const ARGS = 6, TOTAL = 16, ALIGN = 17, WORKER_PARTS = 18, CLAIMS = 32;
// the tenth and eleventh arguments (words free between the others; runPart
// reads them by number)
export const ARG9 = 15, ARG10 = 19;
// float64 arguments: index into a Float64Array of the control words (bytes
// 80-95, words 20-23); runPart has its own copy of the number
export const F64_ARGS = 10;
// the posted job's words, after the claims (runPosted and the worker read
// them by number): its sequence number, the last one claimed and done, its
// kind, its first kernel's nine arguments, its second kernel's eight
const POSTED = CLAIMS + MAX_PARTS;
export const P_SEQ = POSTED;
export const P_DONE = POSTED + 2, P_KIND = POSTED + 3, P_ARGS = POSTED + 4;
export const P_MORE = P_ARGS + 9;
// rung (incremented, notified) by every job and every posted job: a
// sleeping worker waits on it
export const BELL = P_MORE + 8;
export const WORDS = BELL + 1;

/** Product kinds. */
export const KIND_NT_F64 = 0, KIND_NN_F64 = 1, KIND_NT_F32 = 2, KIND_NN_F32 = 3;
/** Sparse product kinds: the scalar forward and BP4 (compressed rows). */
export const KIND_NT_SPARSE = 4, KIND_TN_SPARSE = 5;
/** Sparse product kinds in SIMD: forward against packed W, BP4 by columns. */
export const KIND_NT_PACKED_F64 = 6, KIND_NT_PACKED_F32 = 7;
export const KIND_TN_CSC_F64 = 8, KIND_TN_CSC_F32 = 9;
/** SGD's element-wise update (split over the weights). */
export const KIND_SGD_F64 = 10, KIND_SGD_F32 = 11;
/** σ of float64 values, in float64 or in float32 (split over the values). */
export const KIND_SIGMOID_F64 = 12, KIND_SIGMOID_F32 = 13;
/** The sparse forward split by rows: W's panels (split over columns), then
 * the rows against them, with the bias and σ (float64) on each part's rows. */
export const KIND_PACK_F64 = 14, KIND_PACK_F32 = 15;
export const KIND_NT_ROWS_F64 = 16, KIND_NT_ROWS_F32 = 17;
/** The sparse BP4 by columns, split over ∂C/∂W's columns (the inputs). */
export const KIND_TN_CSC_COLS_F64 = 18, KIND_TN_CSC_COLS_F32 = 19;
/** A batch's compressed rows as compressed columns for BP4, then (if the
 * second kernel's rows are not 0) the next batch's rows gathered in their
 * place: one part, posted (see {@linkcode Pool.post}). */
export const KIND_CSC_THEN_GATHER = 20;

/** The kernels a job calls, by their WebAssembly export names. */
export type Exports = Record<string, (...args: number[]) => unknown>;

/**
 * Runs part [lo, hi) of the product described by the control words: the
 * same function on the calling thread and (as source text) in workers, so
 * it uses nothing from outside.
 */
function runPart(
  ex: Exports,
  c: Int32Array,
  f: Float64Array,
  lo: number,
  hi: number,
): void {
  const F64_ARGS = 10; // as at the top of the module
  const kind = c[5]!;
  const a0 = c[6]!, a1 = c[7]!, a2 = c[8]!, a3 = c[9]!, a4 = c[10]!;
  const a5 = c[11]!, a6 = c[12]!, a7 = c[13]!, a8 = c[14]!;
  const a9 = c[15]!, a10 = c[19]!; // ARG9, ARG10
  if (kind === 12 || kind === 13) {
    // σ: pZ, pOut (float64 values in both); split over the values
    const f = kind === 12 ? ex.sigmoid_f64! : ex.sigmoid_f32!;
    f(a0 + lo * 8, a1 + lo * 8, hi - lo);
  } else if (kind === 10 || kind === 11) {
    // SGD: pW, pG, decay, with η and shrink in the float64 control words;
    // split over the weights
    const size = kind === 10 ? 8 : 4;
    const sgd = kind === 10 ? ex.sgd! : ex.sgd_f32!;
    sgd(
      a0 + lo * size,
      a1 + lo * size,
      hi - lo,
      f[F64_ARGS + 1]!,
      f[F64_ARGS]!,
      a2,
    );
  } else if (kind === 14 || kind === 15) {
    // W's panels: pW, k, pP; split over W's rows (O's columns)
    (kind === 14 ? ex.pack_f64! : ex.pack_f32!)(a0, a1, lo, hi, a2);
  } else if (kind === 16 || kind === 17) {
    // sparse nt by rows: pO, pS, pI, pV, k, n, pP, pBias, pA
    const f = kind === 16 ? ex.nt_rows_f64! : ex.nt_rows_f32!;
    f(a0, a1, a2, a3, a4, a5, 0, a5, lo, hi, a6, a7, a8);
  } else if (kind === 6 || kind === 7) {
    // sparse nt against packed weights (split over columns): 9 arguments,
    // then pBias and pA
    const f = kind === 6 ? ex.nt_packed_f64! : ex.nt_packed_f32!;
    f(a0, a1, a2, a3, a4, a5, a6, a7, lo, hi, a8, a9, a10);
  } else if (kind === 8 || kind === 9 || kind === 18 || kind === 19) {
    // sparse tn by columns: pA, pO, pS, pI, pV, k, m, n; split over O's
    // rows (8, 9) or columns (18, 19)
    const f = kind === 8 || kind === 18 ? ex.tn_csc_f64! : ex.tn_csc_f32!;
    if (kind < 10) f(a0, a1, a2, a3, a4, a5, a6, a7, lo, hi, 0, a7);
    else f(a0, a1, a2, a3, a4, a5, a6, a7, 0, a6, lo, hi);
  } else if (kind >= 4) {
    // scalar sparse nt (split over columns) or tn (split over rows)
    const f = kind === 4 ? ex.nt! : ex.tn!;
    f(a0, a1, a2, a3, a4, a5, a6, a7, lo, hi);
  } else if (kind === 0 || kind === 2) {
    // NT: pA, pB, pBias, hasBias, pO, m, k, n; split over the columns j
    const f = kind === 0 ? ex.nt_f64! : ex.nt_f32!;
    f(a0, a1, a2, a3, a4, a5, a6, a7, lo, hi);
  } else {
    // NN: pA, aRow, aCol, pB, pO, K, N, M, split (0 rows, 1 columns)
    const f = kind === 1 ? ex.nn_f64! : ex.nn_f32!;
    if (a8 === 0) f(a0, a1, a2, a3, a4, a5, a6, lo, hi, 0, a6);
    else f(a0, a1, a2, a3, a4, a5, a6, 0, a7, lo, hi);
  }
}

/**
 * Claims and runs parts of job `s` until none is left; returns how many.
 * The calling thread claims from the first part on, workers from the last
 * back (`fromLast`): a product's parts then mostly stay with one thread
 * from batch to batch, and with them the weights' rows, the gradient's and
 * the packed panels they write, which the next pass or SGD's matching parts
 * read in that thread's cache. Where the host puts the two cores far apart
 * (a shared word's round trip about 1,000 ns, `bench/core_latency.ts`)
 * that made whole epochs of [784, 100, 10] at batch 100 faster in 12 of 12
 * alternating rounds (paired median 0.92; float32 6 of 8, 0.92; batch 10
 * 5 of 6, 0.93); near (about 210 ns) 5 of 10 (0.99); [784, 256, 256, 10]
 * and [784, 1024, 10] at batch 100 unchanged (1.00-1.01).
 */
export function work(
  ex: Exports,
  c: Int32Array,
  f: Float64Array,
  s: number,
  parts: number,
  fromLast = false,
): number {
  let done = 0;
  const total = c[16]!, align = c[17]!;
  for (let q = 0; q < parts; q++) {
    const p = fromLast ? parts - 1 - q : q;
    const was = Atomics.load(c, 32 + p);
    if (was >= s || Atomics.compareExchange(c, 32 + p, was, s) !== was) {
      continue;
    }
    const x0 = Math.floor((p * total) / parts);
    const lo = Math.min(total, Math.ceil(x0 / align) * align);
    const x1 = Math.floor(((p + 1) * total) / parts);
    const hi = p + 1 >= parts
      ? total
      : Math.min(total, Math.ceil(x1 / align) * align);
    if (hi > lo) runPart(ex, c, f, lo, hi);
    Atomics.add(c, 3, 1);
    Atomics.notify(c, 3);
    done++;
  }
  return done;
}

/**
 * Claims and runs posted job `p` (the words from 96 on: `POSTED`) unless
 * another thread has; returns whether it ran it. The same function on the
 * calling thread and in workers.
 */
export function runPosted(ex: Exports, c: Int32Array, p: number): number {
  const was = Atomics.load(c, 97);
  if (was >= p || Atomics.compareExchange(c, 97, was, p) !== was) return 0;
  if (c[99] === 20) {
    // csr_to_csc: pS, pI, pV, m, n, rowBytes, pCS, pRI, pCV; then
    // gather_rows: pOrd, m, source and batch start/index/value
    ex.csr_to_csc!(
      c[100]!,
      c[101]!,
      c[102]!,
      c[103]!,
      c[104]!,
      c[105]!,
      c[106]!,
      c[107]!,
      c[108]!,
    );
    if (c[110]! > 0) {
      ex.gather_rows!(
        c[109]!,
        c[110]!,
        c[111]!,
        c[112]!,
        c[113]!,
        c[114]!,
        c[115]!,
        c[116]!,
      );
    }
  }
  Atomics.store(c, 98, p);
  Atomics.notify(c, 98);
  return 1;
}

/** The worker: waits for jobs, claims parts, stops when idle. */
function workerMain(): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    close(): void;
  };
  scope.onmessage = (e: MessageEvent) => {
    scope.onmessage = null;
    const { control, memory, bytes, sparseBytes, idleMs } = e.data as {
      control: SharedArrayBuffer;
      memory: WebAssembly.Memory;
      bytes: Uint8Array<ArrayBuffer>;
      sparseBytes: Uint8Array<ArrayBuffer>;
      idleMs: number;
    };
    const c = new Int32Array(control), f = new Float64Array(control);
    const env = { env: { memory } };
    const ex = {
      ...new WebAssembly.Instance(new WebAssembly.Module(bytes), env).exports,
      ...new WebAssembly.Instance(new WebAssembly.Module(sparseBytes), env)
        .exports,
    } as Exports;
    Atomics.add(c, 1, 1);
    let last = Atomics.load(c, 0), posted = Atomics.load(c, 96);
    let idleSince = Date.now();
    for (;;) {
      const bell = Atomics.load(c, 117); // BELL
      let s = Atomics.load(c, 0), p = Atomics.load(c, 96);
      // spin about 0.2 ms first: products come in bursts (layer after layer,
      // a fraction of a millisecond of the caller's work between them), and
      // a wake-up from Atomics.wait costs more than a small product saves
      for (
        let i = 0;
        i < 40000 && (s === last || (s & 1)) && p === posted;
        i++
      ) {
        s = Atomics.load(c, 0);
        p = Atomics.load(c, 96);
      }
      // a posted job first: the caller goes on meanwhile
      if (p !== posted) {
        posted = p;
        Atomics.add(c, 18, runPosted(ex, c, p));
        idleSince = Date.now();
        continue;
      }
      if (s === last || (s & 1)) {
        if (Atomics.wait(c, 117, bell, idleMs) === "timed-out") {
          if (Date.now() - idleSince >= idleMs) break;
        }
        continue;
      }
      const parts = Atomics.load(c, 4);
      if (Atomics.load(c, 0) !== s) continue;
      last = s;
      Atomics.add(c, 18, work(ex, c, f, s, parts, true));
      idleSince = Date.now();
    }
    Atomics.sub(c, 1, 1);
    Atomics.add(c, 2, 1);
    scope.close();
  };
}

/**
 * The worker's source text: the functions above, then the worker's main
 * loop called, for a module Worker started from a Blob URL.
 *
 * @returns JavaScript text.
 *
 * @example
 * ```ts
 * import { workerSource } from "./thread_jobs.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(workerSource().includes("Atomics.wait"));
 * ```
 */
export function workerSource(): string {
  return `${runPart.toString()}\n${work.toString()}\n${runPosted.toString()}\n(${workerMain.toString()})();`;
}
