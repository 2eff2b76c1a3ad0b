/**
 * A problem the user can fix (bad argument, missing file, invalid graph): printed as its
 * message (or list of lines) without a stack trace, exit code 1 unless given.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
