/**
 * User-defined components written against the exported interfaces, as a
 * user of the library would write them; shared by several tests.
 *
 * @module
 */
import type { Activation, Cost } from "../mod.ts";

/** swish: σ(z) = z·s(z) with s the logistic function; σ′ = a + s(1 − a). */
export const swish: Activation = {
  name: "swish",
  fn: (z) => z / (1 + Math.exp(-z)),
  derivative(z, a) {
    const s = 1 / (1 + Math.exp(-z));
    return a + s * (1 - a);
  },
};

/** log-cosh cost: C = Σ ln cosh(a − y); ∂C/∂a = tanh(a − y). */
export const logCosh: Cost = {
  name: "logCosh",
  fn(a, y) {
    let s = 0;
    for (let j = 0; j < a.length; j++) s += Math.log(Math.cosh(a[j]! - y[j]!));
    return s;
  },
  gradient(a, y, out) {
    for (let j = 0; j < a.length; j++) out[j] = Math.tanh(a[j]! - y[j]!);
  },
};
