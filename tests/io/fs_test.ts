import assert from "node:assert/strict";
import {
  readFileStream,
  readTextFile,
  statFile,
  writeTextAtomic,
} from "../../io/fs.ts";

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "backprop-fs-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeTextAtomic() replaces a file and leaves no temporary file", async () => {
  await inTempDir(async (dir) => {
    const path = `${dir}/model.json`;
    await Deno.writeTextFile(path, "old");
    await writeTextAtomic(path, "new ✓");
    assert.equal(await Deno.readTextFile(path), "new ✓");
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepEqual(names, ["model.json"]);
  });
});

Deno.test("writeTextAtomic() writes a bare file name into the working folder", async () => {
  await inTempDir(async (dir) => {
    const cwd = Deno.cwd();
    Deno.chdir(dir);
    try {
      await writeTextAtomic("bare.txt", "x");
    } finally {
      Deno.chdir(cwd);
    }
    assert.equal(await Deno.readTextFile(`${dir}/bare.txt`), "x");
  });
});

Deno.test("writeTextAtomic() into a missing folder fails and writes nothing", async () => {
  await inTempDir(async (dir) => {
    await assert.rejects(() => writeTextAtomic(`${dir}/no/such.json`, "x"));
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.deepEqual(names, []);
  });
});

Deno.test("a missing file is Deno.errors.NotFound with code 'ENOENT' and the path", async () => {
  for (const read of [statFile, readTextFile, readFileStream]) {
    await assert.rejects(
      () => read("/no/such/file.csv"),
      (e: Error & { code?: string }) =>
        e instanceof Deno.errors.NotFound && e.code === "ENOENT" &&
        e.message ===
          "Cannot read '/no/such/file.csv': no such file; check the path",
    );
  }
});

Deno.test("readFileStream() gives the file's bytes in order, in 64 KiB chunks", async () => {
  await inTempDir(async (dir) => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
    await Deno.writeFile(`${dir}/b.bin`, bytes);
    const chunks = [];
    for await (const c of await readFileStream(`${dir}/b.bin`)) chunks.push(c);
    assert.deepEqual(chunks.map((c) => c.length), [65536, 65536, 65536, 3392]);
    const joined = new Uint8Array(bytes.length);
    let o = 0;
    for (const c of chunks) {
      joined.set(c, o);
      o += c.length;
    }
    assert.deepEqual(joined, bytes);
    assert.deepEqual(await statFile(`${dir}/b.bin`), {
      size: 200_000,
      isDirectory: false,
      isFile: true,
      isDevice: false,
    });
    assert.deepEqual(await statFile("/dev/null"), {
      size: 0,
      isDirectory: false,
      isFile: false,
      isDevice: true,
    });
  });
});
