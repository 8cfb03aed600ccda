/**
 * The rows for `bench:scale` and `bench:bounds`: layer sizes, batch,
 * and whether TF.js runs there.
 *
 * @module
 */

/** The rows: layer sizes, batch, and whether TF.js runs there. */
export const ROWS: readonly {
  sizes: number[];
  batch: number;
  tfjs: boolean;
}[] = [
  { sizes: [784, 30, 10], batch: 10, tfjs: true },
  { sizes: [784, 30, 10], batch: 100, tfjs: false },
  { sizes: [784, 100, 10], batch: 10, tfjs: false },
  { sizes: [784, 100, 10], batch: 100, tfjs: false },
  { sizes: [784, 256, 256, 10], batch: 10, tfjs: false },
  { sizes: [784, 256, 256, 10], batch: 100, tfjs: true },
  { sizes: [784, 1024, 10], batch: 100, tfjs: false },
];
