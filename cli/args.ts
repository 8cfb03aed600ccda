/**
 * Flag parsing for the commands: `--name value`, `--name=value`, boolean
 * `--name`, `-h`; unknown flags get the nearest valid one suggested.
 *
 * @module
 */
import { UsageError } from "./errors.ts";
import { nearest } from "./suggest.ts";

/** A flag a command accepts. */
export interface FlagSpec {
  /** Whether the flag takes a value. */
  type: "string" | "boolean";
  /** What the help text says about it. */
  help: string;
  /** Placeholder of the value in the help ("N"). */
  value?: string;
  /** The default as the help shows it. */
  default?: string;
}

/** The flags of a command by name (without the dashes). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Parsed flags and positional arguments. */
export interface ParsedArgs {
  /** Flag values by name: strings, or true for boolean flags given. */
  flags: Record<string, string | true>;
  /** The other arguments, in order. */
  positionals: string[];
}

/**
 * Parses `argv` against `specs`; `--help` and `-h` are always accepted.
 *
 * @param argv The arguments after the command name.
 * @param specs The valid flags.
 * @returns Flags and positionals.
 * @throws {UsageError} On an unknown flag (naming the nearest valid one),
 * a missing value, a value that is itself a flag (`--out --json`; write
 * `--out=--json` to mean it), a flag given twice, or a value given to a
 * boolean flag.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * import assert from "node:assert/strict";
 *
 * const specs = { epochs: { type: "string", help: "" }, json: { type: "boolean", help: "" } } as const;
 * const { flags, positionals } = parseArgs(["a.csv", "--epochs=3", "--json"], specs);
 * assert.deepEqual(flags, { epochs: "3", json: true });
 * assert.deepEqual(positionals, ["a.csv"]);
 * assert.throws(() => parseArgs(["--epoch", "3"], specs), /did you mean '--epochs'/);
 * assert.throws(() => parseArgs(["--epochs", "--json"], specs), /got the flag '--json'/);
 * ```
 */
export function parseArgs(
  argv: readonly string[],
  specs: FlagSpecs,
): ParsedArgs {
  const flags: Record<string, string | true> = {}, positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(
      arg.startsWith("--") ? 2 : 1,
      eq < 0 ? undefined : eq,
    );
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      throw unknownFlag(arg.slice(0, eq < 0 ? undefined : eq), specs);
    }
    if (spec.type === "boolean") {
      if (eq >= 0) {
        throw new UsageError(
          `Flag '--${name}' takes no value, got '${arg.slice(eq + 1)}'`,
        );
      }
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) {
      throw new UsageError(
        `Flag '--${name}' needs a value${spec.value ? ` (${spec.value})` : ""}`,
      );
    }
    if (eq < 0 && looksLikeFlag(value)) {
      throw new UsageError(
        `Flag '--${name}' needs a value${
          spec.value ? ` (${spec.value})` : ""
        } but got the flag '${value}'; if you mean the value, write --${name}=${value}`,
      );
    }
    if (Object.hasOwn(flags, name)) {
      throw new UsageError(
        `Flag '--${name}' is given twice ('${
          flags[name]
        }' and '${value}'); give it once`,
      );
    }
    flags[name] = value;
  }
  return { flags, positionals };
}

/** `-x`, `--name`: a flag; `-`, `-1`, `-.5`, `-1e3` and `--` are not. */
function looksLikeFlag(text: string): boolean {
  return /^-[^\d.]/.test(text) && text !== "--";
}

function unknownFlag(flag: string, specs: FlagSpecs): UsageError {
  const name = flag.replace(/^-+/, "");
  const guess = nearest(name, [...Object.keys(specs), "help"]);
  return new UsageError(
    `Unknown flag '${flag}'${
      guess ? `: did you mean '--${guess}'?` : "; see --help for the flags"
    }`,
  );
}

/**
 * The help text of a command: usage line, description and one line per flag.
 *
 * @param usage The usage line ("train DATA.csv [flags]").
 * @param about What the command does.
 * @param specs Its flags.
 * @returns The text.
 */
export function helpText(
  usage: string,
  about: string,
  specs: FlagSpecs,
): string {
  const rows = Object.entries(specs).map(([name, s]) => [
    `--${name}${s.value ? ` ${s.value}` : ""}`,
    s.help + (s.default !== undefined ? ` (default: ${s.default})` : ""),
  ]);
  rows.push(["--help, -h", "show this help"]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return [
    `Usage: backprop ${usage}`,
    "",
    about,
    "",
    "Flags:",
    ...rows.map(([f, h]) => `  ${f!.padEnd(width)}  ${h}`),
  ].join("\n");
}

/** Reads typed flag values, with errors that name the flag. */
export class FlagReader {
  readonly #flags: Record<string, string | true>;

  /**
   * Wraps parsed flags.
   *
   * @param flags From {@linkcode parseArgs}.
   */
  constructor(flags: Record<string, string | true>) {
    this.#flags = flags;
  }

  /**
   * A string flag, or the fallback.
   *
   * @param name The flag.
   * @param fallback Its default.
   * @returns The value.
   */
  string<T extends string | undefined>(name: string, fallback: T): string | T {
    const v = this.#flags[name];
    return typeof v === "string" ? v : fallback;
  }

  /**
   * Whether a boolean flag was given.
   *
   * @param name The flag.
   * @returns True if given.
   */
  has(name: string): boolean {
    return this.#flags[name] !== undefined;
  }

  /**
   * A number flag checked against a predicate.
   *
   * @param name The flag.
   * @param fallback Its default.
   * @param ok The check.
   * @param what What the value must be, for the message.
   * @returns The value.
   * @throws {UsageError} If it is not a number or fails the check.
   */
  number(
    name: string,
    fallback: number,
    ok: (v: number) => boolean,
    what: string,
  ): number {
    const raw = this.#flags[name];
    if (typeof raw !== "string") return fallback;
    const v = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(v) || !ok(v)) {
      throw new UsageError(`Flag '--${name}' must be ${what}, got '${raw}'`);
    }
    return v;
  }

  /**
   * A positive integer flag.
   *
   * @param name The flag.
   * @param fallback Its default.
   * @returns The value.
   * @throws {UsageError} If it is not a positive integer.
   */
  positiveInt(name: string, fallback: number): number {
    return this.number(
      name,
      fallback,
      (v) => Number.isInteger(v) && v >= 1,
      "a positive integer",
    );
  }

  /**
   * The `--delimiter` flag: one character, or `tab`.
   *
   * @returns The delimiter (default ",").
   * @throws {UsageError} If it is not a single usable character.
   */
  delimiter(): string {
    const text = this.string("delimiter", ",");
    const d = text === "\\t" || text === "tab" ? "\t" : text;
    if (d.length !== 1 || d === '"' || d === "\n" || d === "\r") {
      throw new UsageError(
        `Flag '--delimiter' must be one character (or 'tab'), got '${text}'`,
      );
    }
    return d;
  }

  /**
   * A flag that must be one of a list of names.
   *
   * @param name The flag.
   * @param fallback Its default.
   * @param valid The valid values.
   * @returns The value.
   * @throws {UsageError} If it is not in the list (the message lists them).
   */
  choice<T extends string>(name: string, fallback: T, valid: readonly T[]): T {
    const v = this.string(name, fallback);
    if (!(valid as readonly string[]).includes(v)) {
      const guess = nearest(v, valid);
      throw new UsageError(
        `Flag '--${name}' must be one of ${
          valid.map((x) => `'${x}'`).join(", ")
        }, got '${v}'${guess ? `: did you mean '${guess}'?` : ""}`,
      );
    }
    return v as T;
  }
}
