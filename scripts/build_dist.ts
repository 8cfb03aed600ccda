/**
 * Builds the package for runtimes that do not read TypeScript from JSR:
 * `deno task build` writes
 *
 * - `dist/node/`: ES modules for Node (≥ 20) and Bun: `mod.js` (the
 *   in-memory library), `io/mod.js` (files and CSV) and one shared chunk, so
 *   that `loadModel` from `io` returns the same `Network` class as `mod.js`;
 *   `gradcheckParallel` and the kernels' thread pool run their Workers on
 *   `node:worker_threads` where the runtime has no Web Worker
 *   (scripts/node_worker*.js);
 * - `dist/browser/`: the same for a page, where `io/mod.js` reads CSV from
 *   strings, Blobs and streams: csv-parse's two Node-isms are replaced by
 *   the web's own streams and the `buffer` package from npm, bound to the
 *   module (no global is set), and `gradcheck/worker.js` lets
 *   `gradcheckParallel` use Web Workers.
 *
 * Both come from `deno bundle` (esbuild, fetched from npm on first use).
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ENTRIES = ["mod.ts", "io/mod.ts", "gradcheck/worker.ts"];

/**
 * Bundles the entries into `outdir` with one shared chunk.
 *
 * @param outdir The output folder under the repository root.
 * @param platform `deno bundle`'s platform.
 * @param entries The entry modules.
 */
async function bundle(
  outdir: string,
  platform: "browser" | "deno",
  entries: string[],
): Promise<void> {
  await Deno.remove(`${ROOT}${outdir}`, { recursive: true }).catch(() => {});
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--frozen",
      "--platform",
      platform,
      "--format",
      "esm",
      "--code-splitting",
      "--outdir",
      outdir,
      ...entries,
    ],
    cwd: ROOT,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr)
    .split("\n").filter((l) => !/experimental/.test(l)).join("\n").trim();
  if (!out.success) throw new Error(`deno bundle failed: ${stderr}`);
  if (stderr) console.error(stderr);
}

/** Rewrites one built file; fails if a pattern is not found. */
async function rewrite(
  path: string,
  edits: [
    string | RegExp,
    string | ((match: string, ...groups: string[]) => string),
  ][],
): Promise<void> {
  let text = await Deno.readTextFile(path);
  for (const [from, to] of edits) {
    const next = typeof to === "string"
      ? text.replace(from, to)
      : text.replace(from, to);
    if (next === text) throw new Error(`'${from}' not found in '${path}'`);
    text = next;
  }
  await Deno.writeTextFile(path, text);
}

/** Every top-level module of a build whose text includes `needle`. */
async function chunksWith(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (
      entry.isFile && entry.name.endsWith(".js") &&
      (await Deno.readTextFile(path)).includes(needle)
    ) found.push(path);
  }
  return found;
}

/** Builds dist/node and dist/browser. */
export async function buildDist(): Promise<void> {
  await bundle("dist/node", "deno", ENTRIES);
  await bundle("dist/browser", "browser", [...ENTRIES, "scripts/buffer.ts"]);
  for (const dir of ["dist/node", "dist/browser"]) {
    // the chunk that starts gradcheckParallel's Workers
    const chunks = await chunksWith(`${ROOT}${dir}`, 'new URL("./worker.ts"');
    if (chunks.length !== 1) {
      throw new Error(`Expected one chunk with the worker URL in '${dir}'`);
    }
    await rewrite(chunks[0]!, [[
      'new URL("./worker.ts", import.meta.url)',
      'new URL("./gradcheck/worker.js", import.meta.url)',
    ]]);
  }
  // Node has no Web Worker: worker_threads behind the same API, on both
  // sides, in every module that starts Workers (gradcheckParallel's and the
  // kernels' thread pool, which passes its workers' source in a data: URL
  // where there is no Worker global)
  const nodeStarters = await chunksWith(`${ROOT}dist/node`, "new Worker(");
  if (nodeStarters.length < 1) {
    throw new Error("No module of dist/node starts a Worker");
  }
  for (const chunk of nodeStarters) {
    const text = await Deno.readTextFile(chunk);
    for (const name of ["Worker", "navigator"]) {
      if (
        new RegExp(`\\b(class|const|let|var|function) ${name}\\b`).test(text)
      ) {
        throw new Error(`'${chunk}' already declares a ${name}`);
      }
    }
    await rewrite(chunk, [[
      /^/,
      await Deno.readTextFile(`${ROOT}scripts/node_worker.js`),
    ]]);
  }
  await rewrite(`${ROOT}dist/node/gradcheck/worker.js`, [[
    /^/,
    await Deno.readTextFile(`${ROOT}scripts/node_worker_scope.js`),
  ]]);
  await rewrite(`${ROOT}dist/browser/io/mod.js`, [
    [
      // esbuild renames csv-parse's TransformStream when our code uses the
      // global one too: `TransformStream as TransformStream2`.
      /import \{ TransformStream(?: as (\w+))?, CountQueuingStrategy \} from "node:stream\/web";/,
      (_, alias?: string) =>
        `const { TransformStream${
          alias ? `: ${alias}` : ""
        }, CountQueuingStrategy } = globalThis;`,
    ],
    [/^/, 'import { Buffer } from "../scripts/buffer.js";\n'],
  ]);
  const left = (await Deno.readTextFile(`${ROOT}dist/browser/io/mod.js`))
    .match(/^import .* from "node:.*$/m);
  if (left) throw new Error(`A static node: import is left: ${left[0]}`);
}

if (import.meta.main) {
  await buildDist();
  console.log("Built dist/node and dist/browser");
}
