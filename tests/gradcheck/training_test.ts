import assert from "node:assert/strict";
import { CASES, trainAndCheck } from "./training.ts";

for (const c of CASES) {
  Deno.test(`gradcheck() never fails ${c.name} at 10 points of training down to a loss below 1e-5`, () => {
    const r = trainAndCheck(c, 11, 5);
    assert.deepEqual(r.failures, []);
    assert.equal(r.checks, 20);
    assert.ok(
      r.lowestChecked < 1e-5,
      `${c.name}: checked at a loss of ${r.lowestChecked} at the lowest`,
    );
  });
}
