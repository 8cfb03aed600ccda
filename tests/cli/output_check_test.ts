/**
 * checkOutputs() and writeOutputs(): what an output may replace, checked
 * before any data is read, and all-or-nothing writes.
 */
import assert from "node:assert/strict";
import { checkOutputs, type Output } from "../../cli/output_check.ts";
import { writeOutputs } from "../../cli/write_outputs.ts";

const ours = (head: string) => head.startsWith("OURS");

async function inDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "backprop-out-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function sh(command: string, ...args: string[]): Promise<void> {
  const { code } = await new Deno.Command(command, { args }).output();
  assert.equal(code, 0, `${command} ${args.join(" ")}`);
}

const out = (path: string, flag = "--out"): Output => ({
  flag,
  path,
  isOurs: ours,
});

Deno.test("checkOutputs() refuses every output that would lose a file or cannot be written", async (t) => {
  await inDir(async (dir) => {
    const data = `${dir}/d.csv`;
    await Deno.writeTextFile(data, "a,y\n1,2\n");
    await Deno.writeTextFile(`${dir}/foreign.json`, "{}");
    await Deno.writeTextFile(`${dir}/mine.json`, "OURS...");
    // (Deno.symlink needs unscoped -R -W; the tests run with -W=/tmp)
    await sh("ln", "-s", data, `${dir}/link.json`);
    await sh("ln", "-s", `${dir}/mine.json`, `${dir}/link-mine.json`);
    await sh("ln", data, `${dir}/hard.json`);
    await sh("mkfifo", `${dir}/fifo`);
    await Deno.mkdir(`${dir}/sub`);
    const cases: [string, Output[], boolean, RegExp][] = [
      ["the input itself", [out(data)], true, /it is an input of this command/],
      [
        "a symlink to the input",
        [out(`${dir}/link.json`)],
        true,
        /the same file as '.*d\.csv', an input of this command/,
      ],
      [
        "a hard link to the input",
        [out(`${dir}/hard.json`)],
        true,
        /the same file as '.*d\.csv', an input/,
      ],
      ["a folder", [out(`${dir}/sub`)], true, /it is a folder/],
      ["a path ending in /", [out(`${dir}/x/`)], true, /it names a folder/],
      ["a FIFO", [out(`${dir}/fifo`)], true, /device, FIFO or socket/],
      ["/dev/null", [out("/dev/null")], true, /device, FIFO or socket/],
      [
        "a missing folder",
        [out(`${dir}/nope/m.json`)],
        true,
        /folder '.*nope' does not exist; create it first/,
      ],
      [
        "a path under a file",
        [out(`${data}/m.json`)],
        true,
        /'.*d\.csv' is a file, not a folder/,
      ],
      [
        "a path under a file, two levels down",
        [out(`${data}/x/m.json`)],
        true,
        /'.*d\.csv' is a file, not a folder/,
      ],
      [
        "a 256-byte name",
        [out(`${dir}/${"é".repeat(126)}.json`)],
        false,
        /the file name is 257 bytes long but file systems allow 255/,
      ],
      [
        "a control character",
        [out(`${dir}/a\nb.json`)],
        false,
        /control character \(0x0a\)/,
      ],
      ["an empty name", [out("")], false, /Flag '--out' needs a file name/],
      [
        "two outputs with one path",
        [out(`${dir}/m.json`), out(`${dir}/./m.json`, "--plot")],
        false,
        /--plot '.*': --out writes the same file/,
      ],
      [
        "a foreign file without --force",
        [out(`${dir}/foreign.json`)],
        false,
        /the file exists and was not written by this command; add --force/,
      ],
      [
        "a symlink to our own file without --force",
        [out(`${dir}/link-mine.json`)],
        false,
        /it is a symbolic link; add --force to replace the link/,
      ],
    ];
    for (const [name, outputs, force, message] of cases) {
      await t.step(name, async () => {
        await assert.rejects(
          checkOutputs(outputs, [data], force),
          (e: Error) => e.name === "UsageError" && message.test(e.message),
        );
      });
    }
    await t.step("what may be written", async () => {
      await checkOutputs([out(`${dir}/new.json`)], [data], false);
      await checkOutputs([out(`${dir}/mine.json`)], [data], false);
      await checkOutputs([out(`${dir}/foreign.json`)], [data], true);
      await checkOutputs([out(`${dir}/link-mine.json`)], [data], true);
      await checkOutputs([out(`${dir}/ünï cödé ✓.json`)], [data], false);
      await checkOutputs([out(`${dir}/${"é".repeat(126)}a.j`)], [data], false);
    });
    // nothing was created, nothing was changed
    assert.equal(await Deno.readTextFile(data), "a,y\n1,2\n");
    assert.deepEqual(
      (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(),
      [
        "d.csv",
        "fifo",
        "foreign.json",
        "hard.json",
        "link-mine.json",
        "link.json",
        "mine.json",
        "sub",
      ],
    );
  });
});

Deno.test("checkOutputs() refuses a folder it cannot create files in", async () => {
  await inDir(async (dir) => {
    await Deno.mkdir(`${dir}/ro`);
    await Deno.chmod(`${dir}/ro`, 0o555);
    // root writes anyway: then the check must pass, which is also right
    const canWrite = await Deno.writeTextFile(`${dir}/ro/x`, "").then(
      () => true,
      () => false,
    );
    const check = checkOutputs([out(`${dir}/ro/m.json`)], [], false);
    if (canWrite) await check;
    else {
      await assert.rejects(
        check,
        /cannot create files in folder '.*ro' \(permission denied\); choose another folder/,
      );
    }
    await Deno.chmod(`${dir}/ro`, 0o755);
  });
});

Deno.test("writeOutputs() writes every file, leaves no temporary file, and keeps a replaced file's mode", async () => {
  await inDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/old.txt`, "old");
    await Deno.chmod(`${dir}/old.txt`, 0o600);
    await writeOutputs([
      { path: `${dir}/new.txt`, text: "n".repeat(3 << 20) },
      { path: `${dir}/old.txt`, text: "fresh" },
    ]);
    assert.equal((await Deno.readTextFile(`${dir}/new.txt`)).length, 3 << 20);
    assert.equal(await Deno.readTextFile(`${dir}/old.txt`), "fresh");
    assert.equal((await Deno.stat(`${dir}/new.txt`)).mode! & 0o777, 0o644);
    assert.equal((await Deno.stat(`${dir}/old.txt`)).mode! & 0o777, 0o600);
    // a failure (the second folder is gone) writes neither file
    await assert.rejects(
      writeOutputs([
        { path: `${dir}/a.txt`, text: "a" },
        { path: `${dir}/gone/b.txt`, text: "b" },
      ]),
      Deno.errors.NotFound,
    );
    assert.deepEqual(
      (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(),
      ["new.txt", "old.txt"],
    );
  });
});
