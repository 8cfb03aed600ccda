/**
 * The round trip of one shared-memory word between this thread and a
 * Worker: the latency every split product pays to start its parts and to
 * learn that they are done, and a sign of how far apart the two cores are.
 * On the 2-vCPU machines here it moved between about 230 and 1,000 ns
 * within one session, and with it what the second core gains
 * (`docs/performance.md`), so `bench:scale` prints it beside its rows.
 *
 * @module
 */

/** The Worker's side: answers each odd value with the next even one. */
const ECHO = `onmessage = (e) => {
  const c = new Int32Array(e.data.buffer), n = e.data.n;
  for (let i = 1; i <= n; i++) {
    while (Atomics.load(c, 0) !== 2 * i - 1);
    Atomics.store(c, 16, 2 * i);
  }
  postMessage("done");
};`;

/** Round trips `from` to `from + n - 1`; returns the next one's number. */
function trips(c: Int32Array, from: number, n: number): number {
  const end = from + n;
  for (let i = from; i < end; i++) {
    Atomics.store(c, 0, 2 * i - 1);
    while (Atomics.load(c, 16) !== 2 * i);
  }
  return end;
}

/**
 * Median round trip over `bursts` bursts of `n` trips, in nanoseconds,
 * or undefined where Workers or shared memory are missing.
 *
 * @param n Round trips a burst.
 * @param bursts Bursts (each timed alone; the median is reported).
 * @returns Nanoseconds a round trip, or undefined.
 *
 * @example
 * ```ts
 * import { coreRoundTrip } from "./core_latency.ts";
 *
 * const ns = await coreRoundTrip(1000, 1);
 * if (ns !== undefined) console.log(`${ns.toFixed(0)} ns`);
 * ```
 */
export async function coreRoundTrip(
  n = 50_000,
  bursts = 3,
): Promise<number | undefined> {
  if (typeof Worker !== "function" || typeof SharedArrayBuffer !== "function") {
    return undefined;
  }
  const url = URL.createObjectURL(
    new Blob([ECHO], { type: "text/javascript" }),
  );
  const times: number[] = [];
  const buffer = new SharedArrayBuffer(128);
  const c = new Int32Array(buffer);
  const worker = new Worker(url, { type: "module" });
  try {
    const done = new Promise((resolve) => worker.onmessage = resolve);
    const warm = Math.ceil(n / 20);
    worker.postMessage({ buffer, n: 1 + 20 * warm + bursts * n });
    // the worker's first answer: it runs (not timed)
    Atomics.store(c, 0, 1);
    while (Atomics.load(c, 16) !== 2) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // 20 short calls first, untimed: the compilers warm up
    let i = 2;
    for (let k = 0; k < 20; k++) i = trips(c, i, warm);
    for (let b = 0; b < bursts; b++) {
      const t = performance.now();
      i = trips(c, i, n);
      times.push((performance.now() - t) * 1e6 / n);
    }
    await done;
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}
