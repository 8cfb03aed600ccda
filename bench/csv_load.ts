/**
 * Load time and peak memory of `loadCsv` on an MNIST-sized CSV: 60,000 rows
 * of 784 pixel columns (0 to 255, mostly 0) and a digit label, about 110 MB.
 * The file is generated (seeded) into bench/out/ on the first run and not
 * committed. Each measurement runs in a fresh process so that its peak
 * resident memory (VmHWM from /proc, hence -A) is its own:
 *
 * ```sh
 * deno run -A bench/csv_load.ts
 * ```
 *
 * For contrast it also measures reading the whole text at once and
 * splitting it, which holds the text and every row's strings together.
 *
 * @module
 */
import { loadCsv } from "../data/csv.ts";
import { Random } from "../tensor/random.ts";
import { peakRssMb } from "./rss.ts";

const ROWS = 60_000, PIXELS = 784;
const path = new URL("./out/mnist_like.csv", import.meta.url).pathname;

async function generate(): Promise<void> {
  await Deno.mkdir(new URL("./out/", import.meta.url), { recursive: true });
  const file = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  const writer = file.writable.getWriter(), encoder = new TextEncoder();
  const random = new Random(1);
  await writer.write(
    encoder.encode(
      [...Array.from({ length: PIXELS }, (_, i) => `px${i}`), "label"].join(
        ",",
      ) + "\n",
    ),
  );
  for (let r = 0; r < ROWS; r += 1000) {
    const lines: string[] = [];
    for (let k = 0; k < 1000; k++) {
      const cells = new Array<number>(PIXELS + 1);
      for (let j = 0; j < PIXELS; j++) {
        cells[j] = random.uniform() < 0.8 ? 0 : 1 + random.int(255);
      }
      cells[PIXELS] = random.int(10);
      lines.push(cells.join(","));
    }
    await writer.write(encoder.encode(lines.join("\n") + "\n"));
  }
  await writer.close();
}

async function measure(mode: string): Promise<void> {
  const before = Deno.memoryUsage().rss / 2 ** 20;
  const start = performance.now();
  let rows: number;
  if (mode === "loadCsv") {
    const data = await loadCsv(path);
    rows = data.x.rows;
  } else {
    const lines = (await Deno.readTextFile(path)).split("\n");
    rows = lines.filter((l) => l !== "").map((l) => l.split(",")).length - 1;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    JSON.stringify({
      mode,
      rows,
      seconds,
      baseMB: before,
      peakMB: peakRssMb(),
    }),
  );
}

if (Deno.args[0] === "--measure") {
  await measure(Deno.args[1]!);
} else {
  const exists = await Deno.stat(path).then(() => true, () => false);
  if (!exists) await generate();
  const size = (await Deno.stat(path)).size / 1e6;
  console.log(
    `${path}: ${ROWS} rows x ${PIXELS + 1} columns, ${size.toFixed(0)} MB`,
  );
  for (const mode of ["loadCsv", "readTextFile+split"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", import.meta.filename!, "--measure", mode],
      stderr: "inherit",
    }).output();
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    console.log(
      `${mode.padEnd(18)} ${r.seconds.toFixed(1)} s (${
        (size / r.seconds).toFixed(1)
      } MB/s), peak RSS ${r.peakMB.toFixed(0)} MB (${
        r.baseMB.toFixed(0)
      } MB before loading)`,
    );
  }
  console.log(
    `the features alone as Float64: ${(ROWS * PIXELS * 8 / 1e6).toFixed(0)} MB`,
  );
}
