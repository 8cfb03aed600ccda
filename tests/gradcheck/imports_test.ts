/**
 * The two homes of gradcheck: the library's check (`gradcheck/`, what
 * mod.ts exports) and the harness of `deno task gradcheck`
 * (`gradcheck/harness/`). Arrows run one way (harness → library, never
 * back) and no file of either reaches itself through its imports.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GRADCHECK = join(ROOT, "gradcheck");

/** Every relative import (static, dynamic, `new URL`) of a file, resolved. */
async function importsOf(file: string): Promise<string[]> {
  // doc comments hold examples that import too: not the file's imports
  const text = (await Deno.readTextFile(file)).replace(/\/\*[\s\S]*?\*\//g, "");
  const out: string[] = [];
  const re =
    /(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of text.matchAll(re)) out.push(resolve(dirname(file), m[1]!));
  return out;
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...await files(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

const graph = new Map<string, string[]>();
for (const f of await files(GRADCHECK)) {
  graph.set(f, (await importsOf(f)).filter((p) => p.startsWith(GRADCHECK)));
}
const name = (f: string) => relative(ROOT, f);

Deno.test("gradcheck/ has no import circle", () => {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    if (state.get(f) === 2) return;
    if (state.get(f) === 1) {
      const cycle = stack.slice(stack.indexOf(f)).concat(f).map(name);
      assert.fail(`import circle: ${cycle.join(" → ")}`);
    }
    state.set(f, 1);
    stack.push(f);
    for (const g of graph.get(f) ?? []) visit(g);
    stack.pop();
    state.set(f, 2);
  };
  for (const f of graph.keys()) visit(f);
});

Deno.test("the library's check never imports the harness", () => {
  const harness = join(GRADCHECK, "harness");
  for (const [f, deps] of graph) {
    if (f.startsWith(harness)) continue;
    for (const d of deps) {
      assert.ok(!d.startsWith(harness), `${name(f)} imports ${name(d)}`);
    }
  }
});
