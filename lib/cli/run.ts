import { runCommand } from './commands.js';
import { parseCommand, UsageError } from './parse-command.js';
import { USAGE } from './usage.js';

/** Where the tool prints: process.stdout/stderr, or a test's buffers. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PREFIX = 'nest-jwt-auth: ';

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit status.
 * Errors print their message only: no stack, and nothing they could hold beyond it.
 */
export function run(argv: readonly string[], output: CliOutput): number {
  try {
    const command = parseCommand(argv);
    output.stdout(command.name === 'help' ? USAGE : runCommand(command));
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // The module's configuration errors carry the prefix already.
    const message = reason.startsWith(PREFIX) ? reason.slice(PREFIX.length) : reason;
    if (error instanceof UsageError) {
      output.stderr(`${PREFIX}${message} See "nest-jwt-auth --help".\n`);
      return 2;
    }
    output.stderr(`${PREFIX}${message}\n`);
    return 1;
  }
}
