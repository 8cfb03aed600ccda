/**
 * `loadCsv`: a CSV file streamed into a {@linkcode Dataset}. This is the only
 * module that imports the CSV parser (csv-parse from npm).
 *
 * @module
 */
// csv-parse's own types pull in all of @types/node; ours declare the part we use.
// @ts-types="./csv_parse.d.ts"
import { parse } from "csv-parse/stream";
import { quoteList } from "../internal/quote.ts";
import { type Dataset, oneHot, type Task } from "./dataset.ts";
import { GrowableArray } from "./growable.ts";
import { Matrix } from "../tensor/matrix.ts";
import { readFileStream, statFile } from "../io/fs.ts";

/** Options of {@linkcode loadCsv}. */
export interface LoadCsvOptions {
  /**
   * The label column: a name, or a 0-based index; `null` when the file has
   * no label (data to predict).
   *
   * @default {the last column}
   */
  label?: string | number | null;
  /**
   * The feature columns by name, in this order (other columns are ignored);
   * a model's feature names when predicting.
   *
   * @default {every column but the label}
   */
  features?: readonly string[];
  /**
   * Classification or regression.
   *
   * @default {classification for text labels or at most 20 distinct integers}
   */
  task?: Task;
  /** The class names to expect (a model's); other labels are an error. */
  classNames?: readonly string[];
  /**
   * The field delimiter.
   *
   * @default {","}
   */
  delimiter?: string;
}

/** Integer labels with at most this many distinct values mean classes. */
const MAX_INTEGER_CLASSES = 20;
/**
 * The most fields a line may have (counted as delimiters, quoted or not):
 * csv-parse's time grows with the square of a record's fields.
 */
export const MAX_FIELDS = 50_000;
/** The most values of one-hot targets (rows × classes): 800 MB. */
export const MAX_ONE_HOT = 100_000_000;
/**
 * The longest line read, in bytes: a file without line ends stops here
 * instead of filling the memory.
 */
export const MAX_ROW_CHARS = 4 << 20;

/**
 * Reads a CSV file with a header row into a {@linkcode Dataset}, streaming
 * it (one chunk of text at a time) into growable Float64Arrays. Quoted
 * fields, embedded delimiters and newlines, a BOM, CRLF line ends and blank
 * lines are handled. Feature cells must be finite numbers.
 *
 * @param path The CSV file.
 * @param options Label and feature columns, task, delimiter.
 * @returns The data set.
 * @throws {Deno.errors.NotFound} If the file does not exist (under Node and
 * Bun, an Error with code "ENOENT").
 * @throws {TypeError} If the path is a directory, the file is empty or has
 * only a header, a column is missing, or the label has a single class.
 * @throws {SyntaxError} On malformed CSV or a row with the wrong number of
 * fields (the message gives the line).
 * @throws {RangeError} On a feature cell that is not a finite number (the
 * message gives line, column and value).
 *
 * @example Load iris
 * ```ts
 * import { loadCsv } from "./csv.ts";
 * import assert from "node:assert/strict";
 *
 * const iris = await loadCsv("examples/iris.csv");
 * assert.equal(iris.x.rows, 150);
 * assert.deepEqual(iris.classNames, ["setosa", "versicolor", "virginica"]);
 * ```
 */
export async function loadCsv(
  path: string,
  options: LoadCsvOptions = {},
): Promise<Dataset> {
  const info = await statFile(path);
  if (info.isDirectory) {
    throw new TypeError(
      `Cannot read '${path}': it is a directory; give a CSV file`,
    );
  }
  if (info.isDevice) {
    throw new TypeError(
      `Cannot read '${path}': it is a device or socket, not a file; give a CSV file (a pipe works too)`,
    );
  }
  return await readCsv(
    await readFileStream(path),
    path,
    info.isFile ? info.size : 0,
    options,
  );
}

/**
 * Parses a CSV byte stream into a {@linkcode Dataset}: the part of
 * {@linkcode loadCsv} after the file is open, shared with `parseCsv`.
 *
 * @param bytes The CSV's bytes (UTF-8).
 * @param path What messages call the data: a path or a file name.
 * @param size The byte count if known, to size the arrays once.
 * @param options Label and feature columns, task, delimiter.
 * @returns The data set.
 */
export async function readCsv(
  bytes: ReadableStream<Uint8Array>,
  path: string,
  size: number | undefined,
  options: LoadCsvOptions = {},
): Promise<Dataset> {
  const reader = new RowReader(path, options, size);
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ",",
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record, context) => {
      reader.row(record, context.lines, context.bytes);
      // Stop reading at the first bad row rather than parse the rest.
      if (reader.failure) throw reader.failure;
      return null;
    },
  });
  try {
    await bytes.pipeThrough(lineGuard(path, options.delimiter ?? ","))
      .pipeThrough(parser)
      .pipeTo(new WritableStream());
  } catch (e) {
    if (reader.failure) throw reader.failure;
    if (e instanceof LineTooLong) throw e;
    throw new SyntaxError(
      `Cannot parse '${path}': ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (reader.failure) throw reader.failure;
  return reader.finish();
}

class LineTooLong extends SyntaxError {}

/**
 * The first size of the values buffer: 64 rows' worth, but never more
 * values than the file can hold (each takes at least 2 bytes: a digit and
 * a delimiter), so a header that claims a million columns over a few bytes
 * of rows allocates little. A pipe (size 0) starts at 65,536 values.
 *
 * @param columns Feature columns in the header.
 * @param fileSize The file's size in bytes; 0 when unknown.
 * @returns The capacity in values.
 *
 * @example
 * ```ts
 * import { firstCapacity } from "./csv.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(firstCapacity(4, 3716), 256); // 64 rows of 4
 * assert.equal(firstCapacity(1e6, 100), 1e6 + 50); // the file holds little
 * ```
 */
export function firstCapacity(columns: number, fileSize: number): number {
  const room = fileSize > 0 ? Math.ceil(fileSize / 2) : 1 << 16;
  return Math.min(columns * 64, room + columns);
}

/**
 * Passes the file's bytes on whole lines at a time, failing fast at a line
 * longer than {@linkcode MAX_ROW_CHARS} bytes or with more than
 * {@linkcode MAX_FIELDS} delimiters, before the parser sees it (csv-parse
 * takes time quadratic in the fields of a record: 8 s for 500,000).
 */
function lineGuard(
  path: string,
  delimiter: string,
): TransformStream<Uint8Array, Uint8Array> {
  let held: Uint8Array[] = [], heldBytes = 0, line = 1;
  // fields are counted only in a line long enough to have too many
  let run = 0, fields = -1;
  const delim = delimiter.length === 1 && delimiter.charCodeAt(0) < 128
    ? delimiter.charCodeAt(0)
    : -1;
  const count = (bytes: Uint8Array): number => {
    let n = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === delim) n++;
    return n;
  };
  const release = (
    controller: TransformStreamDefaultController<Uint8Array>,
  ) => {
    for (const part of held) controller.enqueue(part);
    held = [];
    heldBytes = 0;
  };
  return new TransformStream({
    transform(chunk, controller) {
      for (let from = 0; from < chunk.length;) {
        const nl = chunk.indexOf(10, from);
        const end = nl < 0 ? chunk.length : nl;
        const part = chunk.subarray(from, end);
        run += part.length;
        if (fields < 0 && run >= 2 * MAX_FIELDS) {
          // the line so far: the held parts (when the line began in an
          // earlier chunk, they hold all of it) and this part
          const before = from === 0 ? held : [];
          fields = before.reduce((n, h) => n + count(h), 0) + count(part);
        } else if (fields >= 0) fields += count(part);
        if (fields >= MAX_FIELDS) {
          throw new LineTooLong(
            `Cannot parse '${path}' on line ${line}: it has more than ${MAX_FIELDS} fields; split the file's columns or check the delimiter`,
          );
        }
        if (nl < 0) break;
        line++;
        run = 0;
        fields = -1;
        from = nl + 1;
      }
      const last = chunk.lastIndexOf(10);
      if (last >= 0) {
        release(controller);
        controller.enqueue(chunk.subarray(0, last + 1));
        chunk = chunk.subarray(last + 1);
      }
      if (chunk.length === 0) return;
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes > MAX_ROW_CHARS) {
        throw new LineTooLong(
          `Cannot parse '${path}' on line ${line}: the line is longer than ${MAX_ROW_CHARS} bytes (4 MiB); is it a CSV file with line ends?`,
        );
      }
    },
    flush: release,
  });
}

/** Turns parsed records into columns of numbers and labels. */
class RowReader {
  failure: Error | undefined;
  #path: string;
  #options: LoadCsvOptions;
  #fileSize: number | undefined;
  #header: string[] | undefined;
  #featureIdx: number[] = [];
  #featureNames: string[] = [];
  #labelIdx = -1;
  #x: GrowableArray | undefined;
  #labels: string[] = [];
  #lines: number[] = [];
  #rows = 0;
  #headerBytes = 0;
  #firstTextLabel: { line: number; value: string } | undefined;

  constructor(
    path: string,
    options: LoadCsvOptions,
    fileSize: number | undefined,
  ) {
    this.#path = path;
    this.#options = options;
    this.#fileSize = fileSize;
  }

  row(record: string[], line: number, bytes: number): void {
    if (this.failure) return;
    try {
      if (this.#header === undefined) {
        this.#headerBytes = bytes;
        this.#readHeader(record);
      } else this.#readRow(record, line, bytes);
    } catch (e) {
      this.failure = e as Error;
    }
  }

  #readHeader(record: string[]): void {
    const header = record.map((name) => name.trim());
    this.#header = header;
    const first = new Map<string, number>();
    for (const [j, name] of header.entries()) {
      const k = first.get(name);
      if (k !== undefined) {
        throw new TypeError(
          `Cannot use '${this.#path}': column name '${name}' appears twice (columns ${
            k + 1
          } and ${
            j + 1
          }), so the columns cannot be told apart; give every column a distinct name`,
        );
      }
      first.set(name, j);
    }
    const label = this.#options.label === undefined
      ? header.length - 1
      : this.#options.label;
    if (label !== null) this.#labelIdx = this.#findLabel(header, label);
    if (this.#options.features) {
      const missing = this.#options.features.filter((f) => !header.includes(f));
      if (missing.length > 0) {
        throw new TypeError(
          `Cannot use '${this.#path}': it lacks the feature column(s) ${
            quoteList(missing)
          }; its columns are ${quoteList(header)}`,
        );
      }
      this.#featureNames = [...this.#options.features];
      this.#featureIdx = this.#featureNames.map((f) => header.indexOf(f));
    } else {
      this.#featureIdx = header.flatMap((_, j) =>
        j === this.#labelIdx ? [] : [j]
      );
      this.#featureNames = this.#featureIdx.map((j) => header[j]!);
    }
    if (this.#featureIdx.length === 0) {
      throw new TypeError(
        `Cannot use '${this.#path}': it has no feature columns besides the label; give at least two columns`,
      );
    }
    this.#x = new GrowableArray(
      firstCapacity(this.#featureIdx.length, this.#fileSize ?? 0),
    );
  }

  #findLabel(header: string[], label: string | number): number {
    let idx = typeof label === "number" ? label : header.indexOf(label);
    if (idx < 0 && typeof label === "string" && /^\d+$/.test(label)) {
      idx = Number(label);
    }
    if (!Number.isInteger(idx) || idx < 0 || idx >= header.length) {
      throw new TypeError(
        `Cannot use label '${label}': '${this.#path}' has no such column; its columns are ${
          quoteList(header)
        }`,
      );
    }
    return idx;
  }

  #readRow(record: string[], line: number, bytes: number): void {
    const header = this.#header!;
    if (record.length !== header.length) {
      throw new SyntaxError(
        `Cannot parse '${this.#path}' on line ${line}: expected ${header.length} fields (as in the header) but got ${record.length}`,
      );
    }
    const x = this.#x!, idx = this.#featureIdx;
    if (this.#rows === 32 && this.#fileSize) this.#reserve(bytes);
    for (let k = 0; k < idx.length; k++) {
      const cell = record[idx[k]!]!;
      const v = +cell;
      if (v - v !== 0 || (v === 0 && cell.trim() === "")) {
        this.#badCell(line, header[idx[k]!]!, cell);
      }
      x.push(v);
    }
    if (this.#labelIdx >= 0) {
      const value = record[this.#labelIdx]!.trim();
      if (value === "") {
        throw new RangeError(
          `Cannot parse '${this.#path}' on line ${line}, column '${
            header[this.#labelIdx]
          }': the label is empty; fill it in or remove the row`,
        );
      }
      if (this.#firstTextLabel === undefined && !isFiniteNumber(value)) {
        this.#firstTextLabel = { line, value };
      }
      this.#labels.push(value);
    }
    this.#lines.push(line);
    this.#rows++;
  }

  /**
   * Sizes the array for the whole file from the bytes per row so far, so
   * that a large file is not copied over and over as it grows.
   */
  #reserve(bytes: number): void {
    const perRow = (bytes - this.#headerBytes) / (this.#rows + 1);
    const rows = Math.ceil(
      ((this.#fileSize! - this.#headerBytes) / perRow) * 1.05,
    );
    this.#x!.reserve(rows * this.#featureIdx.length);
  }

  #badCell(line: number, column: string, cell: string): never {
    const what = cell.trim() === ""
      ? "is empty"
      : `is '${shown(cell)}', not a finite number`;
    throw new RangeError(
      `Cannot parse '${this.#path}' on line ${line}, column '${column}': the value ${what}; feature columns must be numeric (fix the cell or drop the column)`,
    );
  }

  finish(): Dataset {
    if (this.#header === undefined) {
      throw new TypeError(
        `Cannot use '${this.#path}': the file is empty; give a header row and data rows`,
      );
    }
    if (this.#rows === 0) {
      throw new TypeError(
        `Cannot use '${this.#path}': it has a header but no data rows`,
      );
    }
    const nIn = this.#featureIdx.length;
    const x = new Matrix(this.#rows, nIn, this.#x!.take());
    const base = {
      x,
      lines: this.#lines,
      featureNames: this.#featureNames,
      labelName: this.#labelIdx >= 0
        ? this.#header[this.#labelIdx]!
        : undefined,
    };
    if (this.#labelIdx < 0) {
      return {
        ...base,
        y: new Matrix(this.#rows, 0),
        classNames: [],
        task: this.#options.task ?? "regression",
      };
    }
    const task = this.#options.task ?? this.#inferTask();
    return task === "classification"
      ? { ...base, ...this.#classes(), task }
      : { ...base, ...this.#targets(), task };
  }

  #inferTask(): Task {
    if (this.#firstTextLabel) return "classification";
    const distinct = new Set(this.#labels.map(Number));
    const integers = [...distinct].every(Number.isInteger);
    return integers && distinct.size <= MAX_INTEGER_CLASSES
      ? "classification"
      : "regression";
  }

  #classes(): { y: Matrix; classNames: string[] } {
    const labels = this.#labels, label = this.#header![this.#labelIdx]!;
    const given = this.#options.classNames;
    let classNames: string[];
    if (given) {
      classNames = [...given];
      const at = labels.findIndex((l) => !given.includes(l));
      if (at >= 0) {
        throw new TypeError(
          `Cannot use '${this.#path}' on line ${
            this.#lines[at]
          }, column '${label}': label '${
            labels[at]
          }' is not one of the model's classes ${quoteList(given)}`,
        );
      }
    } else {
      classNames = [...new Set(labels)];
      const numeric = classNames.every(isFiniteNumber);
      classNames.sort((a, b) =>
        numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0
      );
      if (classNames.length < 2) {
        throw new TypeError(
          `Cannot train on '${this.#path}': label column '${label}' has one class ('${
            classNames[0]
          }'); give data with at least two classes, or use --task regression`,
        );
      }
    }
    if (labels.length * classNames.length > MAX_ONE_HOT) {
      throw new TypeError(
        `Cannot use '${this.#path}': label column '${label}' has ${classNames.length} classes over ${labels.length} rows, too many for one-hot targets (${MAX_ONE_HOT} values at most); if the label is a number, use --task regression`,
      );
    }
    const index = new Map(classNames.map((c, i) => [c, i]));
    const ids = new Uint32Array(labels.length);
    labels.forEach((l, i) => (ids[i] = index.get(l)!));
    return { y: oneHot(ids, classNames.length), classNames };
  }

  #targets(): { y: Matrix; classNames: string[] } {
    const bad = this.#firstTextLabel;
    if (bad) {
      throw new RangeError(
        `Cannot parse '${this.#path}' on line ${bad.line}, column '${
          this.#header![this.#labelIdx]
        }': the label '${bad.value}' is not a number, as regression needs; use --task classification`,
      );
    }
    const y = Float64Array.from(this.#labels, Number);
    return { y: new Matrix(y.length, 1, y), classNames: [] };
  }
}

/** A cell for a message: control characters escaped, at most 40 characters. */
function shown(cell: string): string {
  const text = cell.replace(
    // deno-lint-ignore no-control-regex
    /[\x00-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function isFiniteNumber(text: string): boolean {
  return text !== "" && Number.isFinite(+text);
}
