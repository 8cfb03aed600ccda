/**
 * loadCsv() and the scaling on files that would give silently wrong
 * results: duplicate names, empty labels, tiny and huge values, rows with
 * no end, and headers that claim more than the file holds.
 */
import assert from "node:assert/strict";
import {
  firstCapacity,
  loadCsv,
  MAX_FIELDS,
  MAX_ROW_CHARS,
} from "../../data/csv.ts";
import {
  constantColumns,
  fitScaling,
  oneHot,
  splitDataset,
  standardize,
} from "../../data/dataset.ts";
import { Matrix } from "../../tensor/matrix.ts";

async function withFile(
  text: string | Uint8Array,
  fn: (path: string) => Promise<void>,
): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    if (typeof text === "string") await Deno.writeTextFile(path, text);
    else await Deno.writeFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("loadCsv() refuses duplicate column names, naming both columns", async () => {
  await withFile("x,x,y\n1,2,a\n3,4,b\n", async (path) => {
    await assert.rejects(
      loadCsv(path),
      new RegExp(
        `'${path}': column name 'x' appears twice \\(columns 1 and 2\\)`,
      ),
    );
  });
  // names are compared after trimming, as columns are matched
  await withFile("x, x ,y\n1,2,a\n3,4,b\n", async (path) => {
    await assert.rejects(loadCsv(path), /column name 'x' appears twice/);
  });
});

Deno.test("loadCsv() refuses an empty label cell with its line, for either task", async () => {
  await withFile("a,y\n1,cat\n2,\n3,dog\n", async (path) => {
    await assert.rejects(
      loadCsv(path),
      /on line 3, column 'y': the label is empty; fill it in or remove the row/,
    );
    await assert.rejects(
      loadCsv(path, { task: "regression" }),
      /on line 3, column 'y': the label is empty/,
    );
    // with no label column wanted, the cell is not read
    const data = await loadCsv(path, { label: null, features: ["a"] });
    assert.equal(data.x.rows, 3);
  });
});

Deno.test("loadCsv() records each row's line, across blank lines and quoted newlines", async () => {
  await withFile('a,y\n1,p\n\n2,"q\nr"\n3,p\n', async (path) => {
    const data = await loadCsv(path);
    assert.deepEqual(data.lines, [2, 5, 6]);
    // a split carries the lines with the rows
    const [train, test] = splitDataset(data, 0.5, 1);
    for (const part of [train, test]) {
      part.lines!.forEach((line, i) =>
        assert.equal(part.x.data[i], { 2: 1, 5: 2, 6: 3 }[line])
      );
    }
  });
});

Deno.test("loadCsv() stops at a row longer than MAX_ROW_CHARS and refuses devices", async () => {
  const long = new Uint8Array(MAX_ROW_CHARS + 10).fill(0x61);
  await withFile(long, async (path) => {
    await assert.rejects(
      loadCsv(path),
      /on line 1: the line is longer than 4194304 bytes \(4 MiB\); is it a CSV file with line ends\?/,
    );
  });
  await assert.rejects(
    loadCsv("/dev/zero"),
    /Cannot read '\/dev\/zero': it is a device or socket, not a file/,
  );
});

Deno.test("firstCapacity() is bounded by the file's size, not the header's column count", () => {
  // 200,000 columns over a 1.3 MB file: at most 650,000 + 200,000 values,
  // where 64 rows' worth would be 12.8 million (102 MB)
  assert.equal(firstCapacity(200_000, 1_300_000), 850_000);
  // small headers keep 64 rows' worth
  assert.equal(firstCapacity(4, 3716), 256);
  // a pipe: 65,536 values at most
  assert.equal(firstCapacity(10_000, 0), 65_536 + 10_000);
});

Deno.test("loadCsv() refuses a line of more than MAX_FIELDS fields before parsing it", async () => {
  const header = Array.from({ length: MAX_FIELDS + 1 }, (_, j) => `c${j}`);
  await withFile(`${header.join(",")}\n1,2\n`, async (path) => {
    await assert.rejects(
      loadCsv(path),
      /on line 1: it has more than 50000 fields; split the file's columns or check the delimiter/,
    );
  });
  // one field fewer is read (and the short row then refused)
  await withFile(`${header.slice(1).join(",")}\n1,2\n`, async (path) => {
    await assert.rejects(loadCsv(path), /on line 2: expected 50000 fields/);
  });
});

Deno.test("fitScaling() is scale-aware: 1e-160 is a spread, ±1e308 does not overflow", () => {
  const tiny = Matrix.from([[1e-160], [2e-160], [3e-160], [4e-160]]);
  const s = fitScaling(tiny);
  // hand-worked: mean 2.5e-160, population std sqrt(1.25) e-160
  assert.ok(Math.abs(s.mean[0]! / 2.5e-160 - 1) < 1e-14);
  assert.ok(Math.abs(s.std[0]! / (Math.sqrt(1.25) * 1e-160) - 1) < 1e-14);
  assert.deepEqual(constantColumns(tiny), []);
  const z = standardize(tiny, s).data;
  const expected = [-1.5, -0.5, 0.5, 1.5].map((v) => v / Math.sqrt(1.25));
  z.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-14));

  const huge = Matrix.from([[-1.7e308], [1.7e308], [1.7e308], [-1.7e308]]);
  const h = fitScaling(huge);
  assert.deepEqual(h, { mean: [0], std: [1.7e308] });
  assert.deepEqual([...standardize(huge, h).data], [-1, 1, 1, -1]);
  // all one sign: the mean is near 1e308, and still finite
  const big = fitScaling(Matrix.from([[1.5e308], [1.7e308]]));
  assert.ok(Math.abs(big.mean[0]! / 1.6e308 - 1) < 1e-15);
  assert.ok(Math.abs(big.std[0]! / 0.1e308 - 1) < 1e-12);
});

Deno.test("standardize() avoids the overflow of v − mean for huge values of opposite signs", () => {
  const m = standardize(Matrix.from([[1.5e308]]), {
    mean: [-1e308],
    std: [1e308],
  });
  assert.ok(Math.abs(m.data[0]! - 2.5) < 1e-15);
});

Deno.test("constantColumns() finds one-valued columns at any scale, and only those", () => {
  const m = Matrix.from([
    [5, 1e-300, 0, 1, 7e200],
    [5, 1e-300, 0, 1 + 1e-9, 7e200],
  ]);
  assert.deepEqual(constantColumns(m), [0, 1, 2, 4]);
});

Deno.test("splitDataset() keeps a training row of every class, even a class of one row", () => {
  const classes = [0, 0, 0, 0, 1, 2, 2];
  const data = {
    x: Matrix.from(classes.map((_, i) => [i])),
    y: oneHot(classes, 3),
    featureNames: ["i"],
    labelName: "c",
    classNames: ["a", "b", "c"],
    task: "classification" as const,
  };
  for (let seed = 0; seed < 20; seed++) {
    // 0.5 of one row rounds to 1: it would have gone to the test rows
    const [train] = splitDataset(data, 0.5, seed);
    const seen = new Set<number>();
    for (let i = 0; i < train.y.rows; i++) {
      seen.add(train.y.data.subarray(i * 3, i * 3 + 3).indexOf(1));
    }
    assert.deepEqual([...seen].sort(), [0, 1, 2], `seed ${seed}`);
  }
});

Deno.test("loadCsv() counts the fields of each long line on its own, across chunks", async () => {
  // long lines under the limit, each split over several 64 KB chunks: no
  // line may be charged with another's delimiters
  const half = Array.from({ length: MAX_FIELDS / 2 + 10 }, () => "1.000");
  const line = [...half, "p"].join(",");
  const text = `${half.map((_, j) => `c${j}`).join(",")},y\n${line}\n${
    line.replace(/p$/, "q")
  }\n`;
  await withFile(text, async (path) => {
    const data = await loadCsv(path);
    assert.equal(data.x.rows, 2);
    assert.equal(data.x.cols, MAX_FIELDS / 2 + 10);
  });
});
