/**
 * The errors the command line reports without a stack trace, and their
 * exit codes: 2 for usage mistakes, 1 for bad data.
 *
 * @module
 */
import { TrainingDivergedError } from "../network/train.ts";

/** A mistake in the command line (a flag, a value): exit code 2. */
export class UsageError extends Error {
  /**
   * Creates the error.
   *
   * @param message What is wrong and what to do.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit code for usage mistakes. */
export const EXIT_USAGE = 2;
/** Exit code for bad data, files and models. */
export const EXIT_DATA = 1;

/**
 * Prints an error for the user on stderr and gives the exit code: a usage
 * mistake exits 2; a data, file or model problem (or a diverged run) exits
 * 1, with the message alone; anything else is a bug and keeps its stack.
 *
 * @param error What was thrown.
 * @returns The exit code.
 */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    console.error("Run with --help for usage.");
    return EXIT_USAGE;
  }
  if (error instanceof Deno.errors.NotCapable) {
    // Deno's own words name the access and the flag; no stack for this
    console.error(`error: ${oneLine(error.message)}`);
    console.error(
      "Run with the flag it names: deno run -R -W cli.ts COMMAND ...",
    );
    return EXIT_USAGE;
  }
  if (error instanceof TrainingDivergedError) {
    console.error(`error: ${error.message}`);
    console.error("No model was written; run again with a smaller --lr.");
    return EXIT_DATA;
  }
  if (error instanceof Deno.errors.BrokenPipe) {
    return 141; // the reader went away (as in '| head'): quiet, like SIGPIPE
  }
  if (
    error instanceof RangeError &&
    /allocation failed|Invalid (typed )?array length/i.test(error.message)
  ) {
    console.error(
      "error: Out of memory: the data or the network is too large for this machine",
    );
    console.error(
      "Use a smaller --hidden or --batch, or fewer rows; see docs/cli.md",
    );
    return EXIT_DATA;
  }
  if (
    error instanceof TypeError || error instanceof RangeError ||
    error instanceof SyntaxError || error instanceof Deno.errors.NotFound ||
    error instanceof Deno.errors.PermissionDenied ||
    error instanceof Deno.errors.IsADirectory ||
    error instanceof Deno.errors.NotADirectory ||
    error instanceof Deno.errors.AlreadyExists ||
    error instanceof Deno.errors.InvalidData ||
    error instanceof Deno.errors.Interrupted ||
    error instanceof Deno.errors.WriteZero
  ) {
    console.error(`error: ${oneLine(error.message)}`);
    return EXIT_DATA;
  }
  console.error(error); // a bug: keep the stack
  return EXIT_DATA;
}

function oneLine(message: string): string {
  return message.replaceAll("\r", "\\r").replaceAll("\n", "\\n");
}
