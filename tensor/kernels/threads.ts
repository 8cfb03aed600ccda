/**
 * Worker threads over the arena's shared WebAssembly memory. A product's
 * output is cut into four parts per thread (whole rows or whole columns);
 * the calling thread and the workers claim parts with an atomic
 * compare-and-swap, so the caller does any part no worker took. Every
 * element is computed by the same operations whatever part it falls in,
 * so the results are the same bits for any thread count, and a worker
 * that is not running yet (or has gone) changes only the speed.
 *
 * Workers start on first need and stop by themselves after a quarter of a
 * second without work, so they never keep a process alive. Without
 * Workers or shared memory (a browser page that is not cross-origin
 * isolated, Node's lack of the Worker global) everything runs on the
 * calling thread, and the first product that asked for more says so once.
 *
 * Beside the split products there is one posted job at a time: work for
 * a worker to do while the calling thread goes on (the first layer's batch
 * compressed by columns for BP4, and the next batch gathered, while the
 * caller computes the layers above). It has words of its own, so the
 * products meanwhile run as usual; whoever needs its output waits for it
 * (`settle`), and the caller does it then if no worker has taken it.
 *
 * Coordination is through a shared `Int32Array`, never messages: the
 * training loop is synchronous, so the calling thread's event loop does
 * not turn while it trains.
 *
 * @module
 */
import { Arena } from "./arena.ts";

/**
 * SIMD products smaller than this many flops run on the calling thread
 * (the sparse ones too, split over their outputs: [784, 30, 10]'s
 * 900,000-flop first layer at a batch of 100 MNIST rows, split 16 | 14
 * outputs, trained in the same time as on one thread, 0.0236 against
 * 0.0231 s an epoch over 10 alternating rounds, for 1.6 times the CPU; a
 * sparse product with too few blocks of outputs splits the other way from
 * a smaller size, see `dispatch_sparse.ts`).
 */
export const MIN_PARALLEL_FLOPS = 1_000_000;
/**
 * The scalar sparse kernels' threshold: they do about a tenth of the SIMD
 * kernels' flops a second, so a smaller product takes as long. Measured on
 * two threads: the 300,000-flop products of [784, 100, 10] at a batch of 10
 * MNIST rows gain (0.071 against 0.089 s an epoch); the chapter's 90,000-flop
 * ones (30 outputs) take as long as on one thread, for 1.6 times the CPU.
 */
export const MIN_PARALLEL_SCALAR_FLOPS = 150_000;
/** Element-wise jobs (σ, SGD) split into parts of whole blocks of this
 * many values: 64-byte lines of float64, and whole f64x2 turns. */
export const VALUE_BLOCK = 16;
/** SGD updates of fewer weights than this run on the calling thread. */
export const MIN_PARALLEL_SGD_WEIGHTS = 65_536;
/** σ of fewer values than this (a layer's outputs times the batch) too. */
export const MIN_PARALLEL_SIGMOID_VALUES = 16_384;
const IDLE_MS = 250;
/**
 * Loads of the done count the calling thread spins through before it sleeps
 * until the workers' parts are done (about 0.85 ms at 4 ns a load). 4,000
 * (17 µs) was too few: a worker's last part often ends later than that
 * (the caller's first work on a split forward pass is the batch's
 * compression by columns), and a sleeping caller's wake-up made the 99th
 * percentile of the first layer's products at [784, 100, 10] batch 100 on
 * two threads 417-567 µs, against 217-260 with 200,000; the step's mean
 * went from 373-382 to 346-355 µs. Whole epochs, alternating: faster in 18
 * of 24 rounds twice (paired medians 0.956 and 0.958), at batch 10 in 8 of
 * 12 (0.945); [784, 256, 256, 10] batch 100 the same (1.017, 3 of 8).
 */
const CALLER_SPIN = 200_000;
const MAX_PARTS = 64;

/** The most threads a layer may ask for (each beyond the first is a Worker). */
export const MAX_THREADS = 64;

// control words
const SEQ = 0, LIVE = 1, EXITED = 2, DONE = 3, PARTS = 4, KIND = 5;
const ARGS = 6, TOTAL = 16, ALIGN = 17, WORKER_PARTS = 18, CLAIMS = 32;
// the tenth and eleventh arguments (words free between the others; runPart
// reads them by number)
const ARG9 = 15, ARG10 = 19;
// float64 arguments: index into a Float64Array of the control words (bytes
// 80-95, words 20-23); runPart has its own copy of the number
const F64_ARGS = 10;
// the posted job's words, after the claims (runPosted and the worker read
// them by number): its sequence number, the last one claimed and done, its
// kind, its first kernel's nine arguments, its second kernel's eight
const POSTED = CLAIMS + MAX_PARTS, P_SEQ = POSTED;
const P_DONE = POSTED + 2, P_KIND = POSTED + 3, P_ARGS = POSTED + 4;
const P_MORE = P_ARGS + 9;
// rung (incremented, notified) by every job and every posted job: a
// sleeping worker waits on it
const BELL = P_MORE + 8;
const WORDS = BELL + 1;

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

type Exports = Record<string, (...args: number[]) => unknown>;

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
function work(
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
function runPosted(ex: Exports, c: Int32Array, p: number): number {
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

let note = false;
/** Says once that threads were asked for but cannot be had. */
function noteOnce(why: string): void {
  if (note) return;
  note = true;
  console.warn(
    `backprop: running on one thread: ${why} (the results are the same)`,
  );
}

/** A pool of workers on one shared arena. */
export class Pool {
  readonly #arena: Arena;
  readonly #c: Int32Array;
  readonly #f: Float64Array;
  readonly #ex: Exports;
  #spawned = 0;
  #seq = 0;
  #url: string | undefined;
  #canWait = true;
  /** The sequence number of the posted job not yet waited for, or 0. */
  #posted = 0;
  #postSeq = 0;

  /**
   * A pool for a shared arena (no worker starts yet).
   *
   * @param arena The arena, whose memory is shared.
   */
  constructor(arena: Arena) {
    this.#arena = arena;
    this.#c = new Int32Array(new SharedArrayBuffer(4 * WORDS));
    this.#f = new Float64Array(this.#c.buffer);
    const k = arena.kernels;
    this.#ex = {
      nt_f64: k.ntF64,
      nt_f32: k.ntF32,
      nn_f64: k.nnF64,
      nn_f32: k.nnF32,
      nt: k.ntSparse,
      tn: k.tnSparse,
      tn_csc_f64: k.tnSparseF64,
      tn_csc_f32: k.tnSparseF32,
      nt_packed_f64: k.ntPackedF64,
      nt_packed_f32: k.ntPackedF32,
      pack_f64: k.packF64,
      pack_f32: k.packF32,
      nt_rows_f64: k.ntRowsF64,
      nt_rows_f32: k.ntRowsF32,
      sgd: k.sgd,
      sgd_f32: k.sgdF32,
      sigmoid_f64: k.sigmoidF64,
      sigmoid_f32: k.sigmoidF32,
      csr_to_csc: k.csrToCsc,
      gather_rows: k.gatherRows,
    } as unknown as Exports;
    arena.beforeFree = () => this.settle();
  }

  /** The control words. */
  get control(): Int32Array {
    return this.#c;
  }

  /** Workers running now. */
  get live(): number {
    return Atomics.load(this.#c, LIVE);
  }

  /**
   * Starts workers until `n` are running or starting.
   *
   * @param n Workers wanted.
   * @returns False if workers cannot be started here.
   */
  ensure(n: number): boolean {
    const outstanding = this.#spawned - Atomics.load(this.#c, EXITED);
    if (outstanding >= n) return true;
    try {
      this.#url ??= URL.createObjectURL(
        new Blob([
          `${runPart.toString()}\n${work.toString()}\n${runPosted.toString()}\n(${workerMain.toString()})();`,
        ], { type: "text/javascript" }),
      );
      for (let i = outstanding; i < n; i++) {
        const w = new Worker(this.#url, { type: "module" });
        w.postMessage({
          control: this.#c.buffer,
          memory: this.#arena.memory,
          bytes: this.#arena.runtime.denseBytes,
          sparseBytes: this.#arena.runtime.sparseBytes,
          idleMs: IDLE_MS,
        });
        this.#spawned++;
      }
      return true;
    } catch (e) {
      noteOnce(`workers cannot start here (${(e as Error).message})`);
      return false;
    }
  }

  /**
   * Runs SGD's update of `n` weights, `w ← shrink·w − η·g` with `decay`,
   * else `w ← w − η·g`, split over the weights: each weight gets the same
   * operations whichever thread updates it, so the same bits.
   *
   * @param kind {@linkcode KIND_SGD_F64} or {@linkcode KIND_SGD_F32}.
   * @param n How many weights.
   * @param parts Threads.
   * @param pW The weights' byte offset.
   * @param pG Their gradient's byte offset.
   * @param eta η.
   * @param shrink `1 − ηλ/n`, used only with `decay`.
   * @param decay Whether to shrink the weights first.
   */
  sgd(
    kind: number,
    n: number,
    parts: number,
    pW: number,
    pG: number,
    eta: number,
    shrink: number,
    decay: boolean,
  ): void {
    this.#f[F64_ARGS] = eta;
    this.#f[F64_ARGS + 1] = shrink;
    this.runValues(kind, n, parts, pW, pG, decay ? 1 : 0);
  }

  /**
   * Runs an element-wise job over `n` values (σ, SGD's update) split into
   * parts of whole {@linkcode VALUE_BLOCK}s, with up to three arguments.
   *
   * @param kind One of the element-wise `KIND_*` constants.
   * @param n How many values.
   * @param parts Threads.
   * @param a0 The first argument, as `runPart` reads it.
   * @param a1 The second.
   * @param a2 The third.
   */
  runValues(
    kind: number,
    n: number,
    parts: number,
    a0: number,
    a1: number,
    a2 = 0,
  ): void {
    this.run(kind, n, VALUE_BLOCK, parts, a0, a1, a2, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Posts a job for a worker to start now while the calling thread goes on
   * with other work, split products included (the batch's compression by
   * columns while it computes the layers above, and the next batch's
   * gather). The caller waits for it with {@linkcode Pool.settle} before
   * it touches what the job reads or writes, and does it itself then if no
   * worker has taken it. Posting waits for the job posted before.
   *
   * @param kind One of the posted `KIND_*` constants.
   * @param a0 The first kernel's arguments, as `runPart` reads them.
   * @param a1 Second.
   * @param a2 Third.
   * @param a3 Fourth.
   * @param a4 Fifth.
   * @param a5 Sixth.
   * @param a6 Seventh.
   * @param a7 Eighth.
   * @param a8 Ninth.
   * @param more The second kernel's eight arguments.
   */
  post(
    kind: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    a4: number,
    a5: number,
    a6: number,
    a7: number,
    a8: number,
    more: readonly number[],
  ): void {
    this.settle();
    const c = this.#c;
    c[P_KIND] = kind;
    this.#store(P_ARGS, a0, a1, a2, a3, a4, a5, a6, a7, a8);
    for (let i = 0; i < 8; i++) c[P_MORE + i] = more[i] ?? 0;
    const p = ++this.#postSeq;
    Atomics.store(c, P_SEQ, p);
    this.#ring();
    this.#posted = p;
  }

  /** Waits for the posted job, if any (doing it here if no worker took it). */
  settle(): void {
    const s = this.#posted;
    if (s === 0) return;
    this.#posted = 0;
    runPosted(this.#ex, this.#c, s);
    this.#wait(P_DONE, s);
  }

  /**
   * Runs a product split in `parts` over `total` rows or columns.
   *
   * @param kind One of the `KIND_*` constants.
   * @param total The size of the split dimension.
   * @param align Part boundaries are multiples of this.
   * @param parts Threads (the output is cut into four parts per thread).
   * @param a0 The kernel's arguments, as `runPart` reads them.
   * @param a1 Second.
   * @param a2 Third.
   * @param a3 Fourth.
   * @param a4 Fifth.
   * @param a5 Sixth.
   * @param a6 Seventh.
   * @param a7 Eighth.
   * @param a8 Ninth.
   * @param a9 Tenth argument.
   * @param a10 Eleventh.
   */
  run(
    kind: number,
    total: number,
    align: number,
    parts: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    a4: number,
    a5: number,
    a6: number,
    a7: number,
    a8: number,
    a9 = 0,
    a10 = 0,
  ): void {
    // four parts per thread: a thread that the OS deschedules holds up at
    // most one small part while the others take the rest
    parts = Math.min(4 * parts, MAX_PARTS, Math.ceil(total / align));
    const c = this.#c;
    // odd sequence while writing, even when the job is ready
    Atomics.store(c, SEQ, ++this.#seq);
    c[KIND] = kind;
    this.#store(ARGS, a0, a1, a2, a3, a4, a5, a6, a7, a8);
    c[ARG9] = a9;
    c[ARG10] = a10;
    c[TOTAL] = total;
    c[ALIGN] = align;
    Atomics.store(c, PARTS, parts);
    Atomics.store(c, DONE, 0);
    const s = ++this.#seq;
    Atomics.store(c, SEQ, s);
    this.#ring();
    work(this.#ex, c, this.#f, s, parts);
    this.#wait(DONE, parts);
  }

  /** Writes nine arguments from control word `at` on. */
  #store(
    at: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
    a4: number,
    a5: number,
    a6: number,
    a7: number,
    a8: number,
  ): void {
    const c = this.#c;
    c[at] = a0;
    c[at + 1] = a1;
    c[at + 2] = a2;
    c[at + 3] = a3;
    c[at + 4] = a4;
    c[at + 5] = a5;
    c[at + 6] = a6;
    c[at + 7] = a7;
    c[at + 8] = a8;
  }

  /** Wakes a sleeping worker: a job or a posted job is ready. */
  #ring(): void {
    Atomics.add(this.#c, BELL, 1);
    Atomics.notify(this.#c, BELL);
  }

  /** Waits until `parts` parts of the last job are done. */
  #wait(word: number, target: number): void {
    const c = this.#c;
    // the workers' last parts usually end soon after ours: spin before
    // sleeping, as a wake-up costs more than that
    for (let i = 0; i < CALLER_SPIN && Atomics.load(c, word) < target; i++);
    for (let d = Atomics.load(c, word); d < target; d = Atomics.load(c, word)) {
      if (this.#canWait) {
        try {
          Atomics.wait(c, word, d, 1000);
          continue;
        } catch {
          this.#canWait = false; // a browser's main thread: spin instead
        }
      }
    }
  }
}

let pool: Pool | undefined;
let parallelRuns = 0;

/**
 * How many products have run split between threads in this process.
 *
 * @returns The counts.
 */
export function parallelProducts(): number {
  return parallelRuns;
}

/**
 * How many parts of split products the workers computed (the calling
 * thread does the parts no worker claimed in time).
 *
 * @returns The count.
 */
export function workerParts(): number {
  return pool === undefined ? 0 : Atomics.load(pool.control, WORKER_PARTS);
}

/**
 * Starts the workers for `threads` threads now and resolves once they run
 * (products meanwhile run on the calling thread, with the same results), so
 * that a benchmark or a test measures the threads from the first batch.
 *
 * @param threads Threads wanted, the caller included.
 * @param timeoutMs Give up after this long.
 * @returns How many threads run (1 where workers cannot).
 *
 * @example
 * ```ts
 * import { startThreads } from "./threads.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(await startThreads(1) === 1);
 * ```
 */
export async function startThreads(
  threads: number,
  timeoutMs = 5000,
): Promise<number> {
  const arena = Arena.find(0);
  if (threads <= 1 || arena === undefined || !arena.runtime.shared) return 1;
  if (typeof Worker !== "function") return 1;
  pool ??= new Pool(arena);
  if (!pool.ensure(threads - 1)) return 1;
  const end = Date.now() + timeoutMs;
  while (pool.live < threads - 1 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return pool.live + 1;
}

/**
 * The pool to run a product on, or undefined to run it on the calling
 * thread: for one thread, a small product, one that cannot be cut in two,
 * no shared memory or Workers, or while no worker is running yet.
 *
 * @param arena The arena holding the operands.
 * @param threads Most threads to use.
 * @param flops The product's size.
 * @param blocks How many parts its split dimension makes at most (its
 * length over the parts' alignment, rounded up).
 * @param minFlops The smallest product worth splitting.
 * @returns The pool, or undefined.
 */
export function poolFor(
  arena: Arena,
  threads: number,
  flops: number,
  blocks: number,
  minFlops: number = MIN_PARALLEL_FLOPS,
): Pool | undefined {
  if (threads <= 1 || flops < minFlops || blocks < 2) return undefined;
  if (!arena.runtime.shared) {
    noteOnce("no shared memory (SharedArrayBuffer) here");
    return undefined;
  }
  if (typeof Worker !== "function") {
    noteOnce("no Worker here");
    return undefined;
  }
  pool ??= new Pool(arena);
  if (!pool.ensure(threads - 1)) return undefined;
  if (pool.live === 0) return undefined;
  parallelRuns++;
  return pool;
}

/**
 * Waits for the job posted with {@linkcode postFor}'s pool, if any.
 *
 * @example
 * ```ts
 * import { settleThreads } from "./threads.ts";
 *
 * settleThreads(); // nothing posted: returns at once
 * ```
 */
export function settleThreads(): void {
  pool?.settle();
}

/**
 * The pool to post a job to (see {@linkcode Pool.post}), or undefined to do
 * it on the calling thread now: for one thread, or while no worker runs.
 *
 * @param arena The arena the job's operands are in.
 * @param threads Most threads the caller may use.
 * @returns The pool, or undefined.
 */
export function postFor(arena: Arena, threads: number): Pool | undefined {
  if (threads <= 1 || !arena.runtime.shared) return undefined;
  return pool !== undefined && pool.live > 0 ? pool : undefined;
}

/**
 * {@linkcode poolFor} for an element-wise job over `n` values (σ, SGD's
 * update), cut into parts of whole {@linkcode VALUE_BLOCK}s.
 *
 * @param arena The shared arena the values are in.
 * @param threads The most threads the caller may use.
 * @param n How many values.
 * @param minValues Fewer values than this stay on the calling thread.
 * @returns The pool, or undefined.
 */
export function poolForValues(
  arena: Arena,
  threads: number,
  n: number,
  minValues: number,
): Pool | undefined {
  return poolFor(arena, threads, n, Math.ceil(n / VALUE_BLOCK), minValues);
}

/**
 * Threads the runtime offers: the cores it reports when Workers and shared
 * memory exist, else 1.
 *
 * @returns The default thread count.
 *
 * @example
 * ```ts
 * import { defaultThreads } from "./threads.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(defaultThreads() >= 1);
 * ```
 */
export function defaultThreads(): number {
  const n = globalThis.navigator?.hardwareConcurrency ?? 1;
  return Number.isInteger(n) && n > 0 ? n : 1;
}
