/**
 * `parseCsv`: CSV text, a Blob (a dropped File) or a byte stream into a
 * {@linkcode Dataset}, with the same rules and messages as `loadCsv`.
 *
 * @module
 */
import { type LoadCsvOptions, readCsv } from "../data/csv.ts";
import type { Dataset } from "../data/dataset.ts";

/** What {@linkcode parseCsv} reads. */
export type CsvInput = string | Blob | ReadableStream<Uint8Array>;

/** Options of {@linkcode parseCsv}. */
export interface ParseCsvOptions extends LoadCsvOptions {
  /**
   * What error messages call the data.
   *
   * @default {a File's name, else "input"}
   */
  name?: string;
}

/**
 * Parses CSV with a header row into a {@linkcode Dataset}, from a string, a
 * `Blob` or `File` (a file dropped on a page) or a `ReadableStream` of
 * UTF-8 bytes (a `fetch` response's body). Streams are read one chunk at a
 * time, as `loadCsv` reads files.
 *
 * @param input The CSV.
 * @param options Label and feature columns, task, delimiter, a name for
 * messages.
 * @returns The data set.
 * @throws {TypeError} If the input is empty or has only a header, a column
 * is missing, or the label has a single class.
 * @throws {SyntaxError} On malformed CSV or a row with the wrong number of
 * fields (the message gives the line).
 * @throws {RangeError} On a feature cell that is not a finite number.
 *
 * @example From a string
 * ```ts
 * import { parseCsv } from "./parse_csv.ts";
 * import assert from "node:assert/strict";
 *
 * const data = await parseCsv("x1,x2,y\n0,0,a\n0,1,b\n1,0,b\n1,1,a\n");
 * assert.equal(data.x.rows, 4);
 * assert.deepEqual(data.classNames, ["a", "b"]);
 * assert.deepEqual(Array.from(data.y.data), [1, 0, 0, 1, 0, 1, 1, 0]);
 * ```
 */
export async function parseCsv(
  input: CsvInput,
  options: ParseCsvOptions = {},
): Promise<Dataset> {
  if (typeof input === "string") input = new Blob([input]);
  const fileName = (input as { name?: unknown }).name;
  const name = options.name ??
    (typeof fileName === "string" && fileName !== "" ? fileName : "input");
  if (input instanceof Blob) {
    return await readCsv(input.stream(), name, input.size, options);
  }
  return await readCsv(input, name, undefined, options);
}
