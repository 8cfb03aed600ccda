/**
 * `deno task gradcheck`: every combination of registered activations ×
 * costs × layer stacks checked against finite differences, with both
 * timings; `--scaling` sweeps network sizes and writes the plot.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { checkMethod, type Method } from "../defaults.ts";
import { runSuite } from "./suite.ts";
import { formatSuite, suiteJSON } from "./report.ts";
import { runScaling } from "./scaling.ts";

const HELP = `Usage: deno task gradcheck [options]

Checks backprop against finite differences for every combination of
activations x costs x layer stacks, and times both methods.

Options:
  --method forward|central  finite difference (default: forward, the chapter's)
  --epsilon N               relative step (default: per method)
  --tolerance N             largest relative error that passes (default: per method)
  --seed N                  seed of weights, data and masks (default: 0)
  --fast                    directional checks (O(1) passes per network)
  --no-chapter              skip the full check of the [784, 30, 10] network
  --workers N               threads for the chapter's network (default: all cores)
  --equations               also check BP1-BP4 one by one for every combination
  --scaling                 sweep 100 to 1,000,000 parameters, write docs/gradcheck_scaling.svg
  --out FILE                where --scaling writes the plot (default: docs/gradcheck_scaling.svg)
  --json                    print the results as JSON
  -h, --help                show this help`;

/**
 * Runs the gradcheck command: parses the flags, prints the table (or JSON)
 * and returns the exit code: 0 if everything passes, 1 if anything fails,
 * 2 on a bad flag.
 *
 * @param args Command-line arguments (without the program name).
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import { runGradcheck } from "./main.ts";
 * import assert from "node:assert/strict";
 *
 * const log = console.log;
 * console.log = () => {};
 * try {
 *   assert.equal(await runGradcheck(["--fast", "--no-chapter", "--json"]), 0);
 * } finally {
 *   console.log = log;
 * }
 * ```
 */
export async function runGradcheck(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        method: { type: "string", default: "forward" },
        epsilon: { type: "string" },
        tolerance: { type: "string" },
        seed: { type: "string", default: "0" },
        fast: { type: "boolean", default: false },
        "no-chapter": { type: "boolean", default: false },
        workers: { type: "string" },
        scaling: { type: "boolean", default: false },
        out: { type: "string", default: "docs/gradcheck_scaling.svg" },
        json: { type: "boolean", default: false },
        equations: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let method: Method, epsilon, tolerance, seed, workers;
  try {
    method = checkMethod(values.method);
    epsilon = positive("epsilon", values.epsilon);
    tolerance = positive("tolerance", values.tolerance);
    seed = integer("seed", values.seed);
    workers = values.workers === undefined
      ? navigator.hardwareConcurrency ?? 1
      : integer("workers", values.workers);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (values.scaling) {
    return await runScaling({ seed, json: values.json, out: values.out });
  }
  const result = await runSuite({
    method,
    ...(epsilon !== undefined ? { epsilon } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    seed,
    fast: values.fast,
    chapter: !values["no-chapter"],
    workers: Math.max(1, workers),
    equations: values.equations,
  });
  if (values.json) console.log(JSON.stringify(suiteJSON(result), null, 2));
  else console.log(formatSuite(result, method, values.fast));
  return result.ok ? 0 : 1;
}

function positive(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) {
    throw new RangeError(
      `Cannot use --${name} '${v}': expected a positive number`,
    );
  }
  return n;
}

function integer(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(
      `Cannot use --${name} '${v}': expected a non-negative integer`,
    );
  }
  return n;
}

if (import.meta.main) Deno.exit(await runGradcheck(Deno.args));
