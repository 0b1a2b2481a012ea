// What every `prunelab` subcommand is, and the errors that map to exit codes
// (0 ok, 2 bad input or usage, 1 internal).

export interface CliCommand {
  name: string;
  /** One line for `prunelab --help`. */
  summary: string;
  /** The full `prunelab <name> --help` text. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** A usage or input error: printed without a stack, exit code 2. */
export class UsageError extends Error {
  readonly code: string;
  constructor(message: string, code = 'BAD_ARGUMENT') {
    super(message);
    this.code = code;
  }
}

const INPUT_CODES = new Set(['BAD_ARGUMENT', 'INVALID_MODEL', 'UNSUPPORTED_OP', 'UNSUPPORTED', 'IO', 'CANCELLED']);

/** Exit code for an error thrown by a command: 2 for bad input (typed native codes included), 1 otherwise. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 2;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (INPUT_CODES.has(code) || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')) return 2;
  return 1;
}

export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
