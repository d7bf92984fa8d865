/**
 * Shared command-line plumbing: user errors print one line without a stack
 * and exit with code 2; anything else is a bug and keeps its stack.
 *
 * @module
 */
import { isInputError } from "../errors.ts";

/** Run a CLI main function with the project's error conventions. */
export async function runCli(main: (args: string[]) => Promise<void>): Promise<void> {
  try {
    await main(Deno.args);
  } catch (error) {
    if (isInputError(error) || (error instanceof Error && error.name === "ArgumentError")) {
      console.error(`Error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}

/** A bad command-line argument (exit code 2, like an input error). */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArgumentError";
  }
}
