import { InputError, oneLine } from './errors.ts';

export interface CliBoundaryOptions {
  /** The command line, to see `-v`/`--verbose`; process.argv by default. */
  argv?: readonly string[];
  /** Where the error goes; stderr by default. */
  write?: (text: string) => void;
}

/** Errors that mean a bug in our code rather than something the user can fix. */
export function isInternalError(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  return (
    error instanceof TypeError ||
    error instanceof ReferenceError ||
    error instanceof RangeError ||
    error instanceof SyntaxError ||
    error.name === 'AssertionError'
  );
}

const wantsVerbose = (argv: readonly string[]) => argv.some((arg) => arg === '-v' || arg === '--verbose');

/** The stack of an error and of every `cause` under it. */
function stackOf(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    const text = current instanceof Error ? (current.stack ?? String(current)) : String(current);
    lines.push(depth === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}

/** The one line a CLI prints for an error, without the tool's name. */
export function cliErrorLine(error: unknown, verbose: boolean): string {
  const message = oneLine(error);
  if (!isInternalError(error)) return message;
  const kind = error instanceof Error ? error.name : typeof error;
  return `internal error (${kind}): ${message}${verbose ? '' : '; run again with -v for the stack'}`;
}

/**
 * The error boundary every CLI runs its main through: an error becomes one line `name: message` on
 * stderr and exit code 1. Bad input (InputError) is only that line; anything else also gets its
 * stack under `-v`, so an unexpected failure can be reported with where it happened.
 */
export async function runCli(
  name: string,
  main: () => unknown,
  options: CliBoundaryOptions = {},
): Promise<void> {
  const argv = options.argv ?? process.argv;
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  try {
    await main();
  } catch (error) {
    const verbose = wantsVerbose(argv.slice(2));
    write(`${name}: ${cliErrorLine(error, verbose)}\n`);
    if (verbose && !(error instanceof InputError)) write(`${stackOf(error)}\n`);
    process.exitCode = 1;
  }
}
