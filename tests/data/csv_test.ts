import assert from "node:assert/strict";
import { loadCsv } from "../../data/csv.ts";

const fixture = (name: string): string =>
  new URL(`../fixtures/${name}`, import.meta.url).pathname;

async function withFile(
  text: string,
  fn: (path: string) => Promise<void>,
): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("loadCsv() reads a BOM, CRLF, quotes, embedded commas and newlines, and skips blank lines", async () => {
  const data = await loadCsv(fixture("tricky.csv"));
  assert.deepEqual(data.featureNames, ["width", "height, cm"]);
  assert.equal(data.labelName, "kind");
  assert.deepEqual([...data.x.data], [1.5, 2, 3, 40, -1, 0.25]);
  // Text labels are classes, sorted.
  assert.deepEqual(data.classNames, ["cat", "dog, large", "two\r\nlines"]);
  assert.equal(data.task, "classification");
  assert.deepEqual(data.y.toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
});

Deno.test("loadCsv() takes a delimiter and infers regression from non-integer labels", async () => {
  const data = await loadCsv(fixture("semicolon.csv"), { delimiter: ";" });
  assert.equal(data.task, "regression");
  assert.deepEqual(data.y.toArray(), [[3.5], [6.25], [9.125]]);
  assert.deepEqual(data.x.toArray(), [[1, 2], [4, 5], [7, 8]]);
  assert.deepEqual(data.classNames, []);
});

Deno.test("loadCsv() finds the label by name or index and keeps the other columns in order", async () => {
  await withFile("a,b,c\n1,2,0\n3,4,1\n", async (path) => {
    const byName = await loadCsv(path, { label: "a" });
    assert.deepEqual(byName.featureNames, ["b", "c"]);
    assert.deepEqual(byName.x.toArray(), [[2, 0], [4, 1]]);
    const byIndex = await loadCsv(path, { label: "1" });
    assert.equal(byIndex.labelName, "b");
    assert.deepEqual(byIndex.featureNames, ["a", "c"]);
  });
});

Deno.test("loadCsv() treats few distinct integers as classes, sorted by value", async () => {
  await withFile("x,y\n1,10\n2,9\n3,10\n4,2\n", async (path) => {
    const data = await loadCsv(path);
    assert.equal(data.task, "classification");
    assert.deepEqual(data.classNames, ["2", "9", "10"]);
    assert.deepEqual(data.y.toArray(), [[0, 0, 1], [0, 1, 0], [0, 0, 1], [
      1,
      0,
      0,
    ]]);
    const forced = await loadCsv(path, { task: "regression" });
    assert.deepEqual([...forced.y.data], [10, 9, 10, 2]);
  });
});

Deno.test("loadCsv() selects feature columns by name and reads data without a label", async () => {
  await withFile("c,a,b\n1,2,3\n4,5,6\n", async (path) => {
    const data = await loadCsv(path, { label: null, features: ["b", "a"] });
    assert.deepEqual(data.x.toArray(), [[3, 2], [6, 5]]);
    assert.equal(data.y.cols, 0);
    await assert.rejects(
      loadCsv(path, { label: null, features: ["a", "d", "e"] }),
      /lacks the feature column\(s\) 'd', 'e'; its columns are 'c', 'a', 'b'/,
    );
  });
});

Deno.test("loadCsv() checks labels against given class names", async () => {
  await withFile("a,y\n1,cat\n2,owl\n", async (path) => {
    const data = await loadCsv(path, { classNames: ["owl", "cat", "dog"] });
    assert.deepEqual(data.y.toArray(), [[0, 1, 0], [1, 0, 0]]);
    await assert.rejects(
      loadCsv(path, { classNames: ["cat", "dog"] }),
      /on line 3, column 'y': label 'owl' is not one of the model's classes 'cat', 'dog'/,
    );
  });
});

Deno.test("loadCsv() rejects bad files with the file, line, column and value", async (t) => {
  const cases: [string, string | (() => Promise<unknown>), RegExp][] = [
    [
      "a missing file",
      "/no/such/file.csv",
      /Cannot read '\/no\/such\/file.csv': no such file/,
    ],
    ["a directory", Deno.cwd(), /it is a directory/],
    [
      "a row with too few fields",
      fixture("short_row.csv"),
      /on line 4: expected 4 fields \(as in the header\) but got 3/,
    ],
    [
      "a text feature",
      fixture("text_feature.csv"),
      /on line 3, column 'b': the value is 'red', not a finite number/,
    ],
    [
      "an infinite feature",
      fixture("infinite.csv"),
      /on line 3, column 'b': the value is 'Infinity'/,
    ],
  ];
  for (const [name, path, pattern] of cases) {
    await t.step(name, async () => {
      await assert.rejects(loadCsv(path as string), pattern);
    });
  }
  const inline: [string, string, RegExp, object?][] = [
    ["an empty file", "", /the file is empty/],
    ["a header only", "a,b,c\n", /it has a header but no data rows/],
    [
      "a row with too many fields",
      "a,b\n1,2\n3,4,5\n",
      /on line 3: expected 2 fields/,
    ],
    [
      "an empty cell",
      "a,b\n1,2\n,4\n",
      /on line 3, column 'a': the value is empty/,
    ],
    ["NaN", "a,b\nNaN,1\n2,0\n", /on line 2, column 'a': the value is 'NaN'/],
    ["an unclosed quote", 'a,b\n1,"2\n', /Cannot parse .*Quote Not Closed/],
    [
      "a missing label column",
      "a,b\n1,2\n",
      /Cannot use label 'z': .* has no such column; its columns are 'a', 'b'/,
      { label: "z" },
    ],
    [
      "a single class",
      "a,b\n1,x\n2,x\n",
      /label column 'b' has one class \('x'\)/,
    ],
    [
      "text labels for regression",
      "a,b\n1,2\n2,x\n",
      /on line 3, column 'b': the label 'x' is not a number/,
      { task: "regression" },
    ],
  ];
  for (const [name, text, pattern, options] of inline) {
    await t.step(name, async () => {
      await withFile(text, async (path) => {
        await assert.rejects(loadCsv(path, options), pattern);
      });
    });
  }
});

Deno.test("loadCsv() reads more rows than its first guess of the capacity", async () => {
  // Short first rows make the size estimate too small; growth must cope.
  const rows = ["a,b,y", ...Array.from({ length: 40 }, () => "1,2,0")];
  for (let i = 0; i < 2000; i++) rows.push(`${i}.123456789,${-i},${i % 2}`);
  await withFile(rows.join("\n"), async (path) => {
    const data = await loadCsv(path);
    assert.equal(data.x.rows, 2040);
    assert.equal(data.x.data.length, 4080);
    assert.equal(data.x.get(2039, 0), 1999.123456789);
    assert.equal(data.x.get(2039, 1), -1999);
  });
});
