/**
 * Source mutants of the kernel paths and activation parameters that the
 * combinations alone do not reach: each is planted into a copy of the
 * library (the WebAssembly ones rebuilt from the mutated source), and the
 * kernel cases of `deno task gradcheck --no-chapter` (the same networks,
 * seed 0) must fail it.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface Mutant {
  name: string;
  file: string;
  find: string;
  /** Which occurrence of `find` (0-based). */
  nth?: number;
  replace: string;
}

const MUTANTS: Mutant[] = [
  {
    name: "gemmNTSparse: the six-row block stores s4 for s5",
    file: "tensor/kernels/gemm_nt.ts",
    find: "O[o + 5] = s5;",
    replace: "O[o + 5] = s4;",
  },
  {
    name: "gemmNTSparse: a row tile stops one row short",
    file: "tensor/kernels/gemm_nt.ts",
    find: "const r1 = Math.min(m, r0 + ROW_TILE);",
    replace: "const r1 = Math.min(m, r0 + ROW_TILE - 1);",
  },
  {
    name: "gemmTNSparse: the ten-row block adds x8 for x9",
    file: "tensor/kernels/gemm_tn.ts",
    find: "O[j + 9 * n]! += x9 * v;",
    replace: "O[j + 9 * n]! += x8 * v;",
  },
  {
    name: "gemmTNSparse: the one-row tail skips each row's last nonzero",
    file: "tensor/kernels/gemm_tn.ts",
    find: "O[o0 + index[t]!]! += x * value[t]!;",
    replace: "if (t + 1 < to) O[o0 + index[t]!]! += x * value[t]!;",
  },
  {
    name: "WebAssembly forward: the six-row block stores s4 for s5",
    file: "wasm/sparse_kernels.wat",
    find: "(f64.store offset=40 (local.get $o) (local.get $s5))",
    nth: 1,
    replace: "(f64.store offset=40 (local.get $o) (local.get $s4))",
  },
  {
    name: "WebAssembly scalar BP4: the ten-row block's column pairs add " +
      "y8 for y9",
    file: "wasm/sparse_kernels.wat",
    find: "(f64x2.mul (local.get $y9) (local.get $vv))",
    replace: "(f64x2.mul (local.get $y8) (local.get $vv))",
  },
  {
    name: "WebAssembly SIMD sparse kernels: a 16-wide block reads values " +
      "8-15 as 0-7",
    file: "wasm/sparse_elem.ts",
    find: '(v128.load offset=${16 * q} ${get("a")})',
    replace: '(v128.load offset=${16 * (q % 4)} ${get("a")})',
  },
  {
    name: "WebAssembly forward: W's packing pairs row jj's column c + 1 with " +
      "row jj + 1's column c",
    file: "wasm/gen_sparse_nt.ts",
    find: '"8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31",',
    replace: '"8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23",',
  },
  {
    name: "WebAssembly float32 forward: W's 4 x 4 tiles mix up columns 1 and 2",
    file: "wasm/gen_sparse_nt.ts",
    find: 'f32lo: "0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23",',
    replace: 'f32lo: "0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27",',
  },
  {
    name: "SIMD BP4: Δ transposed one row short",
    file: "tensor/kernels/dense_kernels.ts",
    find: "for (let j = 0; j < n; j++) dt[j * m + i] = D[i * n + j]!;",
    replace:
      "for (let j = 0; j < n; j++) dt[j * m + i] = i + 1 < m ? D[i * n + j]! : 0;",
  },
  {
    name: "elu: σ′ right only for α = 1",
    file: "activations/elu.ts",
    find: "return z > 0 ? 1 : a + alpha;",
    replace: "return z > 0 ? 1 : a + 1;",
  },
  {
    name: "leakyRelu: σ′ uses the default α",
    file: "activations/leaky_relu.ts",
    find: "return z > 0 ? 1 : alpha;",
    replace: "return z > 0 ? 1 : 0.01;",
  },
];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Left out of the copy: what the library's module graph never imports. */
const SKIP = new Set([
  ".git",
  ".ci",
  "bench",
  "book",
  "dist",
  "docs",
  "examples",
  "scripts",
  "tests",
  "web",
]);

const PROBE =
  `import { kernelCases } from "./gradcheck/harness/kernel_cases.ts";
import { gradcheck } from "./gradcheck/check.ts";
console.log(JSON.stringify(kernelCases(0).map((c) => ({
  name: c.name,
  verdict: gradcheck(c.network, c.x, c.y, { minTimingMs: 0, ...(c.sample ? { sample: c.sample } : {}) }).verdict,
}))));
`;

async function copy(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (info.isFile) return Deno.copyFile(from, to);
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    await copy(join(from, e.name), join(to, e.name));
  }
}

async function deno(cwd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--frozen", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `deno ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

function plant(source: string, m: Mutant): string {
  const parts = source.split(m.find);
  assert.ok(parts.length > (m.nth ?? 0) + 1, `'${m.find}' not in ${m.file}`);
  const at = m.nth ?? 0;
  return parts.slice(0, at + 1).join(m.find) + m.replace +
    parts.slice(at + 1).join(m.find);
}

type Verdicts = { name: string; verdict: string }[];

Deno.test("deno task gradcheck's kernel cases fail every kernel and activation-parameter mutant", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "gradcheck_mutants_" });
  try {
    for await (const e of Deno.readDir(ROOT)) {
      if (!SKIP.has(e.name)) await copy(join(ROOT, e.name), join(dir, e.name));
    }
    await Deno.writeTextFile(join(dir, "probe.ts"), PROBE);
    const probe = async (): Promise<Verdicts> =>
      JSON.parse(await deno(dir, ["--no-check", "-R", "probe.ts"]));
    const clean = await probe();
    assert.ok(clean.every((c) => c.verdict === "ok"), JSON.stringify(clean));
    const bytes = await Deno.readTextFile(
      join(dir, "tensor/kernels/wasm_bytes.ts"),
    );
    for (const m of MUTANTS) {
      await t.step(m.name, async () => {
        const path = join(dir, m.file),
          original = await Deno.readTextFile(path);
        await Deno.writeTextFile(path, plant(original, m));
        try {
          if (m.file.startsWith("wasm/")) {
            await deno(dir, [
              "-R=wasm",
              "-W=wasm,tensor/kernels/wasm_bytes.ts",
              "wasm/build.ts",
            ]);
          }
          const r = await probe();
          const failed = r.filter((c) => c.verdict === "fail").map((c) =>
            c.name
          );
          assert.ok(
            failed.length > 0,
            `${m.name}: not caught: ${JSON.stringify(r)}`,
          );
        } finally {
          await Deno.writeTextFile(path, original);
          await Deno.writeTextFile(
            join(dir, "tensor/kernels/wasm_bytes.ts"),
            bytes,
          );
        }
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
