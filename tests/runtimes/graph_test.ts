import assert from "node:assert/strict";
import { startServer } from "./server.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

interface InfoModule {
  specifier: string;
  kind?: string;
  dependencies?: { specifier: string }[];
}

async function moduleGraph(entry: string): Promise<InfoModule[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "--frozen", entry],
    cwd: ROOT,
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  return info.modules as InfoModule[];
}

/** The code of a module without its comments (JSDoc examples included). */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

Deno.test("mod.ts's module graph holds no node:, npm: or jsr: module and no use of Deno", async () => {
  const modules = await moduleGraph("mod.ts");
  assert.ok(modules.length > 30, `only ${modules.length} modules`);
  const foreign = modules.flatMap((m) => [
    m.specifier,
    ...(m.dependencies ?? []).map((d) => d.specifier),
  ]).filter((s) => /^(node|npm|jsr):/.test(s) || !/^(file:|\.)/.test(s));
  assert.deepEqual(foreign, []);
  const usesDeno: string[] = [];
  for (const m of modules) {
    assert.ok(m.specifier.startsWith("file://"), m.specifier);
    const code = codeOf(await Deno.readTextFile(new URL(m.specifier)));
    if (/\bDeno\s*\.|\bBuffer\b|\bprocess\s*\./.test(code)) {
      usesDeno.push(m.specifier);
    }
  }
  assert.deepEqual(usesDeno, []);
});

Deno.test("the graph check catches a node: import and a Deno call", async () => {
  // The same checks on io/mod.ts, which must trip both.
  const modules = await moduleGraph("io/mod.ts");
  assert.ok(modules.some((m) =>
    m.specifier.startsWith("npm:") ||
    (m.dependencies ?? []).some((d) => /^(npm|node):/.test(d.specifier)) ||
    m.kind === "npm"
  ));
  const deno = await moduleGraph("cli.ts");
  const texts = await Promise.all(
    deno.filter((m) => m.specifier.startsWith("file://")).map((m) =>
      Deno.readTextFile(new URL(m.specifier))
    ),
  );
  assert.ok(texts.some((t) => /\bDeno\s*\./.test(codeOf(t))));
});

Deno.test("mod.ts imported by URL from a project with no deno.json trains a network", async () => {
  const server = await startServer(ROOT);
  const dir = await Deno.makeTempDir({ prefix: "backprop-consumer-" });
  try {
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { mlp, SGD, train } from "${server.url}mod.ts";
const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [0]];
const net = mlp([2, 4, 1], { seed: 1 });
train(net, { x, y }, { epochs: 3000, batchSize: 4, optimizer: new SGD({ learningRate: 3 }), seed: 1 });
console.log(JSON.stringify(Array.from(net.predict(x).data, (v) => Math.round(v))));
`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-config",
        "--no-lock",
        "--allow-import=127.0.0.1",
        "main.ts",
      ],
      cwd: dir,
      // A fresh cache: nothing from this project's cache or lock is reused.
      env: { DENO_DIR: `${dir}/deno_dir`, NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "[0,1,1,0]");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
