/**
 * The part of csv-parse's WHATWG-stream API (`csv-parse/stream`) that
 * data/csv.ts uses. Declared here because the package's own declarations
 * reference all of `@types/node`, which `deno doc --lint` cannot resolve.
 *
 * @module
 */

/** Where the parser is when it hands over a record. */
export interface RecordContext {
  /** The 1-based line on which the record ends. */
  lines: number;
  /** Bytes read so far. */
  bytes: number;
}

/** The csv-parse options data/csv.ts sets. */
export interface ParseOptions {
  bom?: boolean;
  delimiter?: string;
  skip_empty_lines?: boolean;
  relax_column_count?: boolean;
  on_record?: (record: string[], context: RecordContext) => string[] | null;
}

/** A transform stream from the file's bytes to records. */
export function parse(
  options?: ParseOptions,
): TransformStream<Uint8Array, string[]>;
