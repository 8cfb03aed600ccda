/**
 * `gradcheckParallel`: the numeric side of `gradcheck` spread over Worker
 * threads, with results identical whatever the worker count.
 *
 * @module
 */
import { activations } from "../activations/mod.ts";
import { costs } from "../costs/mod.ts";
import { Dense, Dropout } from "../layers/mod.ts";
import type { Network } from "../network/mod.ts";
import type { MatrixLike } from "../tensor/mod.ts";
import { defaultThreads } from "../tensor/kernels/threads.ts";
import { readMask } from "./fixed_mask.ts";
import { gradcheck } from "./check.ts";
import { applyCanaries, runCanaries } from "./canaries.ts";
import { HARNESS } from "./core.ts";
import type { numericGradient, NumericJob } from "./numeric.ts";
import { cachingNote, prepare } from "./prepare.ts";
import { verdict } from "./verdict.ts";
import { timeRepeated } from "./timing.ts";
import type { GradcheckOptions, GradcheckReport } from "./types.ts";
import type { WorkerResult, WorkerSetup } from "./worker.ts";

/** Options of {@linkcode gradcheckParallel}. */
export interface ParallelOptions extends GradcheckOptions {
  /**
   * Worker threads for the numeric side.
   *
   * @default {the cores the runtime reports (`defaultThreads`)}
   */
  workers?: number;
}

/**
 * Whether a network can be rebuilt in a Worker from `toJSON()`: built-in
 * Dense and Dropout layers, registry activations and a registry cost.
 *
 * @param network The network.
 * @returns True if Workers can take the numeric side.
 *
 * @example
 * ```ts
 * import { canParallelize } from "./parallel.ts";
 * import { mlp, Network, Dense, sigmoid } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(canParallelize(mlp([2, 2], { dropout: 0.5 })));
 * const mine = { name: "mine", fn: (a: Float64Array) => a[0]!, gradient: () => {} };
 * assert.equal(canParallelize(new Network([new Dense(2, 1, sigmoid)], mine)), false);
 * ```
 */
export function canParallelize(network: Network): boolean {
  if (costs[network.cost.name] !== network.cost) return false;
  return network.layers.every((layer) => {
    if (layer.constructor === Dropout) return true;
    if (layer.constructor !== Dense) return false;
    const act = (layer as Dense).activation;
    return activations[act.name] === act ||
      ((act.name === "leakyRelu" || act.name === "elu") &&
        act.params?.alpha !== undefined && act.fn(-1) < 0);
  });
}

/**
 * `gradcheck` with the perturbed forward passes spread over Workers. Each
 * Worker rebuilds the network from `network.toJSON()` with the frozen
 * dropout masks and computes its share of the entries with the same code,
 * so the report's numbers are identical whatever the worker count.
 * `timing.numericMs` is the wall time of the numeric side (Workers already
 * started); `timing.workers` says how many ran. A network that a Worker
 * cannot rebuild (a user-defined layer, activation or cost) falls back to
 * this thread, as does a sampled check.
 *
 * @param network The network.
 * @param x Inputs.
 * @param y Targets.
 * @param options `gradcheck`'s options and the worker count.
 * @returns The report.
 *
 * @example
 * ```ts
 * import { gradcheckParallel } from "./parallel.ts";
 * import { mlp } from "../network/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = await gradcheckParallel(mlp([3, 4, 2], { seed: 1 }), [[1, 2, 3]], [[0, 1]], { workers: 2 });
 * assert.ok(r.ok);
 * assert.equal(r.timing.workers, 2);
 * ```
 */
export async function gradcheckParallel(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: ParallelOptions = {},
): Promise<GradcheckReport> {
  const count = Math.max(
    1,
    Math.floor(
      options.workers ?? defaultThreads(),
    ),
  );
  if (count === 1 || options.sample !== undefined || !canParallelize(network)) {
    return gradcheck(network, x, y, options);
  }
  if (typeof Worker === "undefined") {
    return onThisThread(network, x, y, options, "this runtime has no Worker");
  }
  try {
    return await inWorkers(network, x, y, options, count);
  } catch (e) {
    if (!(e instanceof WorkerStartError)) throw e;
    return onThisThread(network, x, y, options, e.message);
  }
}

/** A Worker that could not load its module (a bundle without worker.ts). */
class WorkerStartError extends Error {}

let warned = false;

/** The fallback: `gradcheck` on this thread, saying why (once on stderr). */
function onThisThread(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: ParallelOptions,
  why: string,
): GradcheckReport {
  const note = `gradcheckParallel ran on one thread: ${why}`;
  if (!warned) console.warn(note);
  warned = true;
  const report = gradcheck(network, x, y, options);
  report.timing.note = report.timing.note
    ? `${note}; ${report.timing.note}`
    : note;
  return report;
}

async function inWorkers(
  network: Network,
  x: MatrixLike,
  y: MatrixLike,
  options: ParallelOptions,
  count: number,
): Promise<GradcheckReport> {
  const prep = prepare(network, x, y, options);
  const workers: Worker[] = [];
  try {
    const masks = network.layers.map((l) =>
      l instanceof Dropout ? readMask(l, prep.x.rows) : null
    );
    const shares = split(prep.jobs, count);
    const model = network.toJSON();
    const ready: Promise<unknown>[] = [];
    for (const jobs of shares) {
      const w = new Worker(new URL("./worker.ts", import.meta.url).href, {
        type: "module",
      });
      workers.push(w);
      ready.push(once(w));
      w.postMessage(
        {
          model,
          masks,
          x: prep.x,
          y: prep.y,
          jobs,
          method: prep.method,
          epsilon: prep.epsilon,
        } satisfies WorkerSetup,
      );
    }
    await Promise.all(ready).catch((e) => {
      throw new WorkerStartError((e as Error).message, { cause: e });
    });
    const start = performance.now();
    const results = workers.map((w) => once(w) as Promise<WorkerResult>);
    workers.forEach((w) => w.postMessage("go"));
    const parts = await Promise.all(results);
    const numericMs = performance.now() - start;
    const result = merge(prep.jobs, shares, parts);
    const report = verdict(prep, result);
    applyCanaries(report, runCanaries(HARNESS, options));
    const backpropMs = timeRepeated(
      () => network.gradient(prep.x, prep.y),
      options.minTimingMs ?? 20,
    );
    const passes = result.numeric.length * (prep.method === "forward" ? 1 : 2);
    report.timing.backpropMs = backpropMs;
    report.timing.numericMs = numericMs;
    report.timing.speedup = numericMs / backpropMs;
    report.timing.workers = count;
    report.timing.note = cachingNote(
      layerEvaluations(
        prep.jobs,
        prep.layerOf,
        network.layers.length,
        prep.method,
      ),
      passes,
      network.layers.length,
    );
    return report;
  } finally {
    for (const w of workers) w.terminate();
    prep.restore();
  }
}

/** Every job's indices cut into `count` contiguous shares. */
function split(jobs: readonly NumericJob[], count: number): NumericJob[][] {
  return Array.from({ length: count }, (_, w) =>
    jobs.map((job) => {
      const n = job.indices.length;
      const lo = Math.floor((w * n) / count),
        hi = Math.floor(((w + 1) * n) / count);
      return { param: job.param, indices: job.indices.slice(lo, hi) };
    }));
}

/** The shares' results put back in job order. */
function merge(
  jobs: readonly NumericJob[],
  shares: readonly NumericJob[][],
  parts: readonly WorkerResult[],
): ReturnType<typeof numericGradient> {
  let total = 0;
  for (const job of jobs) total += job.indices.length;
  const numeric = new Float64Array(total), kink = new Uint8Array(total);
  const offsets = parts.map(() => 0);
  let o = 0;
  jobs.forEach((_, ji) => {
    shares.forEach((share, w) => {
      const n = share[ji]!.indices.length, from = offsets[w]!;
      numeric.set(parts[w]!.numeric.subarray(from, from + n), o);
      kink.set(parts[w]!.kink.subarray(from, from + n), o);
      offsets[w] = from + n;
      o += n;
    });
  });
  return { numeric, kink, jobMs: new Float64Array(jobs.length) };
}

function layerEvaluations(
  jobs: readonly NumericJob[],
  layerOf: readonly number[],
  depth: number,
  method: string,
): number {
  let s = 0;
  for (const job of jobs) {
    s += job.indices.length * (depth - layerOf[job.param]!);
  }
  return method === "forward" ? s : 2 * s;
}

function once(w: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`Cannot run gradcheck worker: ${e.message}`));
    };
  });
}
