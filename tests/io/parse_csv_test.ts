import assert from "node:assert/strict";
import { parseCsv } from "../../io/mod.ts";

// A BOM, CRLF line ends, a quoted label with a comma, a blank line and a
// multi-byte character; values worked by hand below.
const TEXT =
  '\ufeffa,b,kind\r\n1.5,-2,"x, y"\r\n\r\n0,3e2,été\r\n-1,0.25,"x, y"\r\n';

function oneByteChunks(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < bytes.length) c.enqueue(bytes.slice(i, ++i));
      else c.close();
    },
  });
}

Deno.test("parseCsv() reads a string, a Blob and a stream of 1-byte chunks alike", async (t) => {
  const inputs = {
    string: TEXT,
    Blob: new Blob([TEXT]),
    stream: oneByteChunks(TEXT),
  };
  for (const [kind, input] of Object.entries(inputs)) {
    await t.step(kind, async () => {
      const d = await parseCsv(input);
      assert.deepEqual(d.featureNames, ["a", "b"]);
      assert.deepEqual(Array.from(d.x.data), [1.5, -2, 0, 300, -1, 0.25]);
      // sorted by code unit: "x" (U+0078) before "é" (U+00E9)
      assert.deepEqual(d.classNames, ["x, y", "été"]);
      assert.deepEqual(Array.from(d.y.data), [1, 0, 0, 1, 1, 0]);
      assert.equal(d.task, "classification");
    });
  }
});

Deno.test("parseCsv() names a File, or the given name, in its errors", async () => {
  const bad = "a,b\n1,2\n3\n";
  await assert.rejects(
    () => parseCsv(new File([bad], "drop.csv")),
    (e: Error) =>
      e instanceof SyntaxError && /'drop\.csv' on line 3/.test(e.message),
  );
  await assert.rejects(
    () => parseCsv(bad, { name: "pasted" }),
    (e: Error) => /'pasted' on line 3: expected 2 fields/.test(e.message),
  );
  await assert.rejects(
    () => parseCsv(oneByteChunks("a,b\n1,x\nq,y\n")),
    (e: Error) =>
      e instanceof RangeError &&
      /'input' on line 3, column 'a': the value is 'q'/.test(e.message),
  );
});

Deno.test("parseCsv() of an empty string says it is empty", async () => {
  await assert.rejects(() => parseCsv(""), /empty/);
});
