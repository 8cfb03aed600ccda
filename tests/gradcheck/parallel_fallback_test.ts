import assert from "node:assert/strict";
import { gradcheck, gradcheckParallel, mlp } from "../../mod.ts";

const x = [[0.5, -1, 2], [1, 0.25, -0.5]], y = [[1, 0], [0, 1]];

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;

async function withWorker<T>(
  value: unknown,
  run: () => Promise<T>,
): Promise<T> {
  const saved = scope.Worker;
  const warn = console.warn;
  console.warn = () => {};
  if (value === undefined) delete scope.Worker;
  else scope.Worker = value;
  try {
    return await run();
  } finally {
    scope.Worker = saved;
    console.warn = warn;
  }
}

Deno.test("gradcheckParallel() falls back to this thread where Worker is undefined", async () => {
  const r = await withWorker(
    undefined,
    () => gradcheckParallel(mlp([3, 4, 2], { seed: 1 }), x, y, { workers: 2 }),
  );
  const ref = gradcheck(mlp([3, 4, 2], { seed: 1 }), x, y);
  assert.equal(typeof scope.Worker, "function");
  assert.equal(r.timing.workers, 1);
  assert.match(r.timing.note, /one thread: this runtime has no Worker/);
  assert.ok(r.ok);
  assert.equal(r.maxRelativeError, ref.maxRelativeError);
});

Deno.test("gradcheckParallel() falls back when a Worker cannot load its module", async () => {
  class Broken {
    onmessage: ((e: MessageEvent) => void) | null = null;
    onerror: ((e: { message: string; preventDefault(): void }) => void) | null =
      null;
    postMessage(): void {
      setTimeout(() =>
        this.onerror?.({ message: "module not found", preventDefault() {} })
      );
    }
    terminate(): void {}
  }
  const r = await withWorker(
    Broken,
    () => gradcheckParallel(mlp([3, 4, 2], { seed: 1 }), x, y, { workers: 2 }),
  );
  assert.equal(r.timing.workers, 1);
  assert.match(r.timing.note, /one thread: .*module not found/);
  assert.ok(r.ok);
});
