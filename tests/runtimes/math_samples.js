// Math functions on 200,000 seeded arguments, for comparing runtimes'
// last bits (tests/runtimes/last_bits.ts). Plain JavaScript: Deno, Node
// and a page import it as it is.

/** The functions compared, as the library's activations and costs use them. */
export const FUNCTIONS = {
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(Math.abs(x) + 1e-3),
  pow: (x) => Math.pow(0.999, Math.abs(x) * 100),
  tanh: (x) => Math.tanh(x),
  expm1: (x) => Math.expm1(x),
  log1p: (x) => Math.log1p(Math.abs(x)),
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  sqrt: (x) => Math.sqrt(Math.abs(x)),
};

/**
 * Every function on the same arguments in [-20, 20).
 *
 * @param {number} n How many arguments.
 * @returns {Record<string, number[]>} `x` and one array per function.
 */
export function mathSamples(n = 200000) {
  let s = 12345;
  const x = new Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = (s / 2147483648 - 0.5) * 40;
  }
  const out = { x };
  for (const [name, f] of Object.entries(FUNCTIONS)) out[name] = x.map(f);
  return out;
}
