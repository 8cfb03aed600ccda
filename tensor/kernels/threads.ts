/**
 * Worker threads over the arena's shared WebAssembly memory. A product's
 * output is cut into four parts per thread (whole rows or whole columns);
 * the calling thread and the workers claim parts with an atomic
 * compare-and-swap, so the caller does any part no worker took. Every
 * element is computed by the same operations whatever part it falls in,
 * so the results are the same bits for any thread count, and a worker
 * that is not running yet (or has gone) changes only the speed. The control
 * words' layout, the kinds of job and the code that runs a job's parts, on
 * the calling thread and in the workers alike, are in `thread_jobs.ts`;
 * this module starts the workers and hands them jobs.
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
import {
  ALIGN,
  ARG10,
  ARG9,
  ARGS,
  BELL,
  DONE,
  EXITED,
  type Exports,
  F64_ARGS,
  KIND,
  LIVE,
  MAX_PARTS,
  P_ARGS,
  P_DONE,
  P_KIND,
  P_MORE,
  P_SEQ,
  PARTS,
  runPosted,
  SEQ,
  TOTAL,
  WORDS,
  work,
  WORKER_PARTS,
  workerSource,
} from "./thread_jobs.ts";

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

/** The most threads a layer may ask for (each beyond the first is a Worker). */
export const MAX_THREADS = 64;

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
      // a runtime's own Worker loads a Blob URL; the Node build's Web Worker
      // API over worker_threads (scripts/node_worker.js), where there is no
      // Worker global, loads the source from a data: URL instead
      this.#url ??= typeof globalThis.Worker === "function"
        ? URL.createObjectURL(
          new Blob([workerSource()], { type: "text/javascript" }),
        )
        : `data:text/javascript,${encodeURIComponent(workerSource())}`;
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
   * @param first The first kernel's nine arguments, as `runPosted` reads
   * them.
   * @param more The second kernel's eight arguments.
   */
  post(kind: number, first: readonly number[], more: readonly number[]): void {
    this.settle();
    const c = this.#c;
    c[P_KIND] = kind;
    for (let i = 0; i < 9; i++) c[P_ARGS + i] = first[i] ?? 0;
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
 * Starts the kernels' worker threads for `threads` threads now and resolves
 * once they run, with how many threads the layers can use: 1 where the
 * runtime has no Workers (in Node, the package's build runs them on
 * `node:worker_threads`) or no shared memory (a page that is not
 * cross-origin isolated). Optional: layers start the workers on first need
 * and meanwhile compute on the calling thread, with the same results; this
 * lets a benchmark time the threads from the first batch, or a program say
 * how many cores it uses. Idle workers end by themselves after a quarter
 * of a second.
 *
 * @param threads Threads wanted, the caller included (a layer's `threads`
 * option decides how many it uses); by default the layers' default, the
 * cores the runtime reports ({@linkcode defaultThreads}).
 * @param timeoutMs Give up waiting after this long.
 * @returns How many threads run.
 *
 * @example
 * ```ts
 * import { startThreads } from "./threads.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await startThreads(1), 1);
 * const running = await startThreads(2); // 2 where Workers and shared memory exist
 * assert.ok(running === 1 || running === 2);
 * assert.ok(await startThreads() >= 1); // as many as the layers use by default
 * ```
 */
export async function startThreads(
  threads: number = defaultThreads(),
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
 * Threads the runtime offers, the default of a layer's `threads`: the cores
 * it reports (`navigator.hardwareConcurrency`; in Node 20, which has no
 * `navigator`, the package's Node build supplies `os.availableParallelism()`
 * through `scripts/node_worker.js`), else 1. Where Workers or shared memory
 * are missing, the layers then run on one thread all the same.
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
  // a bare `navigator`: the Node build declares one where Node has none
  const n = typeof navigator === "undefined"
    ? 1
    : navigator.hardwareConcurrency;
  return Number.isInteger(n) && n > 0 ? n : 1;
}
