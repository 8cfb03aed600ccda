/**
 * A reduced run of every experiment of `deno task book`, checking what the
 * book says happens (the full run is too slow for CI).
 */
import assert from "node:assert/strict";
import { halvingEpoch, slowdown } from "../../book/slowdown.ts";
import { overfitting } from "../../book/overfitting.ts";
import { initialisation } from "../../book/initialisation.ts";
import {
  DEEP_NETS,
  speedsDuringTraining,
  startSpeeds,
} from "../../book/vanishing.ts";

Deno.test("book, chapter 3: the quadratic cost learns slowly from w = b = 2, cross-entropy does not", () => {
  const [qNear, qFar, ceNear, ceFar] = slowdown(300);
  // the book's starting outputs, σ(1.5) and σ(4)
  assert.equal(qNear!.outputs[0]!.toFixed(2), "0.82");
  assert.equal(qFar!.outputs[0]!.toFixed(2), "0.98");
  assert.ok(
    halvingEpoch(qFar!) > 3 * halvingEpoch(qNear!),
    `${halvingEpoch(qFar!)} vs ${halvingEpoch(qNear!)}`,
  );
  assert.ok(
    halvingEpoch(ceFar!) < halvingEpoch(qNear!) &&
      halvingEpoch(ceNear!) < halvingEpoch(qNear!),
  );
  assert.ok(qFar!.findings.some((f) => f.startsWith("Learning slowdown: ")));
  for (const r of [qNear!, ceNear!, ceFar!]) assert.deepEqual(r.findings, []);
});

Deno.test("book, chapter 3: on 1,000 digits the training cost keeps falling while the test cost turns up", () => {
  const [plain, l2] = overfitting(30, 1000, 1);
  const h = plain!.history;
  assert.ok(h.at(-1)!.loss < h[0]!.loss / 5);
  assert.ok(
    h.at(-1)!.validationAccuracy! > 0.75,
    `${h.at(-1)!.validationAccuracy}`,
  );
  assert.ok(
    plain!.findings.some((f) => f.startsWith("Overfitting: ")),
    plain!.findings.join("\n"),
  );
  // L2 keeps the training cost higher: it stops the network from fitting as tightly
  assert.ok(l2!.history.at(-1)!.loss > h.at(-1)!.loss);
});

Deno.test("book, chapter 3: N(0, 1/n_in) weights are clearly ahead of N(0, 1) after the first epoch", () => {
  const [large, normalised] = initialisation(1, 2000, [1]);
  assert.equal(large!.init, "large");
  const gap = normalised!.history[0]!.validationAccuracy! -
    large!.history[0]!.validationAccuracy!;
  assert.ok(gap > 0.1, `gap ${gap}`);
});

Deno.test("book, chapter 5: in deep sigmoid networks each hidden layer learns slower than the one above it, from the start and during training", () => {
  const least = [3, 10, 40];
  DEEP_NETS.forEach((sizes, k) => {
    for (const speeds of startSpeeds(sizes, [1, 2], 500)) {
      for (let l = 1; l < speeds.length; l++) {
        assert.ok(speeds[l]! > speeds[l - 1]!, `${sizes}: ${speeds}`);
      }
      assert.ok(speeds.at(-1)! / speeds[0]! > least[k]!, `${sizes}: ${speeds}`);
    }
  });
  for (const speeds of speedsDuringTraining(DEEP_NETS[2]!, 10, 300, 1)) {
    assert.ok(speeds.at(-1)! / speeds[0]! > 10, `${speeds}`);
  }
});
