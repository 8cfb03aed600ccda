/**
 * Checks of a parsed model's claimed sizes against its content, before
 * anything is allocated from them: a 4 KB file that claims ten million
 * inputs is rejected at once instead of allocating gigabytes.
 *
 * @module
 */

/**
 * Checks that every built-in layer's sizes are backed by the numbers in the
 * file: a dense layer's `weights` has `inputSize × outputSize` entries and
 * `biases` `outputSize`; a dropout layer's `size` matches its neighbours.
 * Layer types it does not know are left to their factories.
 *
 * @param json The parsed model JSON.
 * @param path The file, for messages.
 * @throws {TypeError} If a size is claimed that the content does not back;
 * the message names the file, the layer and the field.
 *
 * @example
 * ```ts
 * import { checkModelSizes } from "./validate.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = { type: "dense", inputSize: 1e7, outputSize: 3, weights: [1, 2, 3], biases: [0, 0, 0] };
 * assert.throws(() => checkModelSizes({ layers: [layer] }, "m.json"), /1e\+7|10000000/);
 * ```
 */
export function checkModelSizes(json: unknown, path: string): void {
  if (typeof json !== "object" || json === null) return;
  const layers = (json as Record<string, unknown>).layers;
  if (!Array.isArray(layers)) return;
  let width: number | undefined; // the previous layer's output size
  const pending: { where: string; size: number }[] = []; // leading dropouts
  for (const [i, layer] of layers.entries()) {
    if (typeof layer !== "object" || layer === null) return;
    const l = layer as Record<string, unknown>, where = `layers[${i}]`;
    const bad = (what: string): never => {
      throw new TypeError(
        `Cannot load model '${path}': ${where} ${what}; the file is damaged or was edited, so save the model again`,
      );
    };
    const size = (key: string): number => {
      const v = l[key];
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
        bad(`field '${key}' must be a positive integer, got '${String(v)}'`);
      }
      return v as number;
    };
    const count = (key: string, expected: number, claim: string): void => {
      const v = l[key];
      const got = Array.isArray(v) ? v.length : undefined;
      if (got !== expected) {
        bad(
          `claims ${claim} = ${expected} ${key} but field '${key}' ${
            got === undefined ? "is not an array" : `holds ${got}`
          }`,
        );
      }
    };
    if (l.type === "dense") {
      const nIn = size("inputSize"), nOut = size("outputSize");
      count("weights", nIn * nOut, `inputSize × outputSize = ${nIn} × ${nOut}`);
      count("biases", nOut, "outputSize");
      if (width !== undefined && width !== nIn) {
        bad(`has inputSize ${nIn} but the layer before outputs ${width}`);
      }
      for (const p of pending) {
        if (p.size !== nIn) {
          throw new TypeError(
            `Cannot load model '${path}': ${p.where} has size ${p.size} but the next dense layer takes ${nIn} inputs; the file is damaged or was edited, so save the model again`,
          );
        }
      }
      pending.length = 0;
      width = nOut;
    } else if (l.type === "dropout") {
      const n = size("size");
      if (width === undefined) pending.push({ where, size: n });
      else if (n !== width) {
        bad(`has size ${n} but the layer before outputs ${width}`);
      }
    } else {
      width = undefined; // a user-defined layer: its factory checks it
      if (pending.length > 0) return;
    }
  }
  if (pending.length > 0 && layers.length === pending.length) {
    throw new TypeError(
      `Cannot load model '${path}': it has only dropout layers, whose sizes nothing backs; save the model again`,
    );
  }
}
