import assert from "node:assert/strict";
import {
  parallelProducts,
  startThreads,
} from "../../tensor/kernels/threads.ts";
import { kernelCalls, kernelsSince } from "../../tensor/kernels/paths.ts";
import { DenseKernels } from "../../tensor/kernels/dense_kernels.ts";
import { sgdInWasm } from "../../tensor/kernels/wasm_kernels.ts";
import {
  sigmoid32InWasm,
  sigmoidInWasm,
} from "../../tensor/kernels/vector_math.ts";
import { Random } from "../../tensor/random.ts";
import { trainNested, trainSmall } from "./threads_fixture.ts";

for (
  const [dtype, pixels, batch, path, hidden = 200] of [
    ["float64", false, 50, "simd.nt.threads"],
    ["float32", false, 50, "simd.nt.f32.threads"],
    // BP4 by blocks of ∂C/∂W's rows from more than 2.5 blocks per thread
    // (200 float64 outputs: 9 blocks of 24; 400 float32: 9 of 48)
    ["float64", true, 50, "wasm.tn.csc.threads"],
    ["float32", true, 50, "wasm.tn.csc.f32.threads", 400],
    // the scalar sparse kernels: 10 rows of 80 nonzeros against 200 outputs
    ["float64", true, 10, "wasm.tn.threads"],
    // 48 float64 or 64 float32 outputs make too few blocks for the
    // threads: the forward splits over the batch's rows (σ in its parts in
    // float64), BP4 over W's columns (batches of 150: about 12,000
    // nonzeros, over a million flops)
    ["float64", true, 150, "wasm.nt.packed.rows", 48],
    ["float64", true, 150, "wasm.tn.csc.cols", 48],
    ["float32", true, 150, "wasm.nt.packed.f32.rows", 64],
    ["float32", true, 150, "wasm.tn.csc.f32.cols", 64],
    // up to 2.5 blocks per thread BP4 splits over W's columns too: 100
    // float64 outputs (5 blocks) on 2 threads, 3 blocks of 48 in float32
    ["float64", true, 150, "wasm.tn.csc.cols", 100],
    ["float32", true, 150, "wasm.tn.csc.f32.cols", 100],
  ] as const
) {
  const what = pixels
    ? `${dtype}, sparse first layer of ${hidden}, batches of ${batch}, ${path}`
    : dtype;
  Deno.test(`${what}: the same seed gives the same bits with 1, 2 and 3 threads, and the threads did run`, async () => {
    const running = await startThreads(3);
    assert.ok(running >= 2, `only ${running} thread(s) started`);
    const weights: (Float64Array | Float32Array)[][] = [];
    for (const threads of [1, 2, 3]) {
      const before = parallelProducts(), calls = kernelCalls();
      weights.push(trainSmall(threads, dtype, pixels, batch, hidden));
      const split = parallelProducts() - before;
      if (threads === 1) assert.equal(split, 0, "threads: 1 split a product");
      else {
        assert.ok(split > 0, `no product was split with ${threads} threads`);
        const ran = kernelsSince(calls);
        assert.ok(
          ran.some((p) => p.startsWith(`${path} `)),
          `${path} did not run with ${threads} threads: ${ran.join(", ")}`,
        );
        // a batch that BP4 reads by columns was compressed by a worker, and
        // the next one gathered there too
        if (path.includes("csc") || path.includes("packed")) {
          assert.ok(
            ran.some((p) => p.startsWith("wasm.csc.posted.gather ")),
            `no gather ahead with ${threads} threads: ${ran.join(", ")}`,
          );
        }
      }
    }
    for (const t of [1, 2]) {
      weights[t]!.forEach((w, i) => {
        // the first difference only: a diff of every weight takes minutes
        const one = weights[0]![i]!, at = w.findIndex((v, j) => v !== one[j]);
        assert.equal(w.length, one.length);
        assert.equal(
          at,
          -1,
          `param ${i} with ${t + 1} threads: ${w[at]} against ${
            one[at]
          } at ${at}`,
        );
      });
    }
  });
}

Deno.test("a sparse first layer too small to split stays on the calling thread with 2 threads: no split, no posted compression, one thread's bits", async () => {
  const running = await startThreads(2);
  assert.ok(running >= 2, `only ${running} thread(s) started`);
  // batches of 100 rows of about 80 nonzeros against 40 outputs: about
  // 640,000 flops a product
  const one = trainSmall(1, "float64", true, 100, 40);
  const before = parallelProducts(), calls = kernelCalls();
  const two = trainSmall(2, "float64", true, 100, 40);
  const ran = kernelsSince(calls);
  assert.equal(parallelProducts() - before, 0, `split: ${ran.join(", ")}`);
  assert.ok(ran.some((p) => p.startsWith("wasm.nt.packed ")), ran.join(", "));
  assert.ok(!ran.some((p) => p.startsWith("wasm.csc.posted")), ran.join(", "));
  two.forEach((w, i) => {
    const at = w.findIndex((v, j) => v !== one[i]![j]);
    assert.equal(at, -1, `param ${i}: ${w[at]} against ${one[i]![at]}`);
  });
});

Deno.test("a batch gathered ahead is not used once another run has written the layer's batch rows: training nested inside onBatch gives one thread's bits on 2 threads", async () => {
  const running = await startThreads(2);
  assert.ok(running >= 2, `only ${running} thread(s) started`);
  const calls = kernelCalls();
  const one = trainNested(1), two = trainNested(2);
  const ran = kernelsSince(calls);
  assert.ok(
    ran.some((p) => p.startsWith("wasm.csc.posted.gather ")),
    `no gather ahead: ${ran.join(", ")}`,
  );
  two.forEach((w, i) => {
    const at = w.findIndex((v, j) => v !== one[i]![j]);
    assert.equal(
      at,
      -1,
      `param ${i}: ${w[at]} against ${one[i]![at]} at ${at}`,
    );
  });
});

Deno.test("SGD's update split between 2 and 3 threads equals the scalar loop bit for bit, in float64 and float32, with and without L2", async () => {
  const running = await startThreads(3);
  assert.ok(running >= 2, `only ${running} thread(s) started`);
  const random = new Random(4);
  // 300 x 300: parts of whole 16-weight blocks; 257 x 301 leaves a last
  // part of 77,357 mod 16 = 13 weights, through the f64x2 loop's remainder
  for (const [nOut, nIn] of [[300, 300], [257, 301]] as const) {
    for (const dtype of ["float64", "float32"] as const) {
      for (const shrink of [undefined, 1 - 3 * 5 / 8000]) {
        for (const threads of [2, 3]) {
          const kernels = DenseKernels.create(nIn, nOut, dtype);
          kernels.threads = threads;
          const w = kernels.weights, g = kernels.weightGrad;
          for (let i = 0; i < w.length; i++) {
            w[i] = random.normal();
            g[i] = random.normal() * 1e-3;
          }
          // float32: widened, updated in float64, rounded back
          const round = dtype === "float32" ? Math.fround : (v: number) => v;
          const expected = Array.from(w, (v, i) =>
            round(
              shrink === undefined
                ? v - 0.37 * g[i]!
                : shrink * v - 0.37 * g[i]!,
            ));
          const before = parallelProducts();
          assert.ok(sgdInWasm(w, g, 0.37, shrink ?? 1, shrink !== undefined));
          const at =
            `${nOut}x${nIn} ${dtype}, shrink ${shrink}, ${threads} threads`;
          assert.equal(parallelProducts() - before, 1, `not split: ${at}`);
          assert.deepEqual([...w], expected, at);
        }
      }
    }
  }
});

Deno.test("σ split between 2 and 3 threads gives one thread's bits, in float64 and float32", async () => {
  const running = await startThreads(3);
  assert.ok(running >= 2, `only ${running} thread(s) started`);
  const random = new Random(6);
  // 257 x 101 values: the last part ends in 25,957 mod 16 = 5 values, the
  // kernels' remainder loops
  const kernels = DenseKernels.create(101, 257, "float64");
  const z = kernels.weights as Float64Array;
  const out = kernels.weightGrad as Float64Array;
  for (let i = 0; i < z.length; i++) z[i] = 8 * random.normal();
  for (const f of [sigmoidInWasm, sigmoid32InWasm]) {
    assert.ok(f(z, out, z.length, 1));
    const one = out.slice();
    for (const threads of [2, 3]) {
      out.fill(NaN);
      const before = parallelProducts();
      assert.ok(f(z, out, z.length, threads));
      const at = `${f.name}, ${threads} threads`;
      assert.equal(parallelProducts() - before, 1, `not split: ${at}`);
      assert.deepEqual(out, one, at);
    }
  }
});

Deno.test("without shared memory and Workers, 2 threads run as one with the same bits, saying so once", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--frozen",
      "-R",
      new URL("./no_shared_memory.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, stderr);
  const notes = stderr.split("\n").filter((l) => l.includes("one thread"));
  assert.equal(notes.length, 1, stderr);
  assert.match(notes[0]!, /no shared memory/);
  const got = JSON.parse(new TextDecoder().decode(out.stdout)) as number[][];
  const want = trainSmall(1);
  got.forEach((w, i) =>
    assert.deepEqual(w, Array.from(want[i]!), `param ${i}`)
  );
});
