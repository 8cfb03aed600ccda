/**
 * The page's 2-D data sets, drawn from a seeded generator: XOR, circles,
 * two moons and two spirals, each with two classes and coordinates near
 * [-1, 1].
 *
 * @module
 */

/** The data sets by name, each `(random, n, noise) => { points, labels }`. */
export const GENERATORS = {
  xor(random, n, noise) {
    return make(n, () => {
      const x = 2 * random.uniform() - 1, y = 2 * random.uniform() - 1;
      const label = x * y > 0 ? 0 : 1;
      return [x + noise * random.normal(), y + noise * random.normal(), label];
    });
  },
  circles(random, n, noise) {
    return make(n, (i) => {
      const label = i % 2;
      const r = label === 0
        ? 0.5 * random.uniform()
        : 0.7 + 0.3 * random.uniform();
      const t = 2 * Math.PI * random.uniform();
      return [
        r * Math.cos(t) + noise * random.normal(),
        r * Math.sin(t) + noise * random.normal(),
        label,
      ];
    });
  },
  moons(random, n, noise) {
    return make(n, (i) => {
      const label = i % 2, t = Math.PI * random.uniform();
      const x = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const y = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      return [
        (x - 0.5) / 1.2 + noise * random.normal(),
        (y - 0.25) / 1.2 + noise * random.normal(),
        label,
      ];
    });
  },
  spirals(random, n, noise) {
    return make(n, (i) => {
      const label = i % 2;
      const t = 0.25 + 2.75 * Math.PI * random.uniform(); // 1.4 turns
      const r = t / (3 * Math.PI);
      const angle = t + label * Math.PI;
      return [
        r * Math.cos(angle) + noise * random.normal(),
        r * Math.sin(angle) + noise * random.normal(),
        label,
      ];
    });
  },
};

function make(n, point) {
  const points = new Float64Array(2 * n), labels = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y, label] = point(i);
    points[2 * i] = x;
    points[2 * i + 1] = y;
    labels[i] = label;
  }
  return { points, labels };
}

/**
 * A generated data set as the library's Dataset: x is n x 2, y one-hot.
 *
 * @param lib The package's "." export.
 * @param name A key of GENERATORS.
 * @param options `{ n, noise, seed }`.
 * @returns The Dataset.
 */
export function generate(lib, name, { n, noise, seed }) {
  const { points, labels } = GENERATORS[name](new lib.Random(seed), n, noise);
  return {
    x: new lib.Matrix(n, 2, points),
    y: lib.oneHot(labels, 2),
    featureNames: ["x1", "x2"],
    labelName: "class",
    classNames: ["0", "1"],
    task: "classification",
  };
}
