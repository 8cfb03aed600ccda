/**
 * `deno task bench`: BP1/BP2's element-wise `∂C/∂Z = ∂C/∂A ⊙ σ′` for the
 * logistic σ (`a · (1 − a)`) in WebAssembly SIMD, at the hidden layers'
 * batch shapes of issue 10's table (100 rows of 100, 256 and 1,024
 * units). It is a pass of its own, not fused into BP2's product (the
 * product belongs to the layer above, σ′ to the layer's activation), and
 * this is its whole cost: what a fusion could save at most.
 *
 * @module
 */
import { Arena } from "../tensor/kernels/arena.ts";
import { derivativeInWasm } from "../tensor/kernels/vector_math.ts";
import { Random } from "../tensor/random.ts";

const arena = Arena.find(1 << 20);
const random = new Random(8);
for (const units of [100, 256, 1024]) {
  const n = 100 * units;
  const view = () => {
    const v = arena!.f64(arena!.alloc(n * 8)!, n);
    for (let i = 0; i < n; i++) v[i] = random.uniform();
    return v;
  };
  const a = view(), grad = view(), out = view();
  Deno.bench(`σ′ product, 100 x ${units}`, { group: "derivative" }, () => {
    if (!derivativeInWasm("sigmoid", a, grad, out, n)) {
      throw new Error("No WebAssembly SIMD here: nothing to measure");
    }
  });
}
