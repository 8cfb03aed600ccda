/**
 * The command line: `backprop train DATA.csv`, `predict`, `evaluate`,
 * `gradcheck`. Parses the command name and hands the rest to `cli/`.
 *
 * ```sh
 * deno run -R -W cli.ts train examples/iris.csv
 * ```
 *
 * @module
 */
import { reportError, UsageError } from "./cli/errors.ts";
import { nearest } from "./cli/suggest.ts";
import { VERSION } from "./cli/version.ts";

type Command = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  train: async () => (await import("./cli/train.ts")).runTrain,
  predict: async () => (await import("./cli/predict.ts")).runPredict,
  evaluate: async () => (await import("./cli/evaluate.ts")).runEvaluate,
  gradcheck: async () => {
    const { runGradcheck } = await import("./gradcheck/harness/main.ts");
    return (argv) => runGradcheck([...argv]);
  },
};

const HELP =
  `backprop ${VERSION}: feed-forward networks trained by backpropagation

Usage:
  backprop train DATA.csv [flags]         train, evaluate on held-out rows, save
  backprop predict MODEL.json DATA.csv    predicted label per row, as CSV
  backprop evaluate MODEL.json DATA.csv   accuracy and confusion matrix, or R²
  backprop gradcheck                      backprop against finite differences

Run 'backprop COMMAND --help' for a command's flags.`;

/**
 * Runs the command line.
 *
 * @param args The arguments, command first.
 * @returns The exit code: 0, 1 for bad data, 2 for a usage mistake.
 */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (
      command === undefined || command === "--help" || command === "-h" ||
      command === "help"
    ) {
      console.log(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === "--version" || command === "-V") {
      console.log(`backprop ${VERSION}`);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, command)
      ? COMMANDS[command]
      : undefined;
    if (load === undefined) {
      const guess = nearest(command, Object.keys(COMMANDS));
      throw new UsageError(
        `Unknown command '${command}'${
          guess
            ? `: did you mean '${guess}'?`
            : `; use one of ${Object.keys(COMMANDS).join(", ")}`
        }`,
      );
    }
    return await (await load())(rest);
  } catch (e) {
    return reportError(e);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
