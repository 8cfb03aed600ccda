import assert from "node:assert/strict";

Deno.test("a layer's WebAssembly memory is reused once unreachable, never while an array of it is held", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--frozen",
      "-R",
      "--v8-flags=--expose-gc",
      new URL("./arena_gc.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, stderr);
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.ok(r.intact, "a held weights array was overwritten");
  // 100 layers of 4 MB each were made; memory grew by far less
  assert.ok(
    r.grew <= 20 * r.layerBytes,
    `memory grew by ${r.grew} bytes for layers of ${r.layerBytes}`,
  );
});
