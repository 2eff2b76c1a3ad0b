import type { Diagnostic } from '@ganvas/core';

/** How many errors and warnings a list of diagnostics holds. */
export interface ProblemCounts {
  errors: number;
  warnings: number;
}

export function countProblems(diagnostics: readonly Diagnostic[]): ProblemCounts {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}

/** "2 errors", "1 warning": a count with its noun, for the status bar and markers. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The status bar's verdict: errors make the graph invalid, warnings are advice and are counted
 * beside "valid" (the graph still trains), e.g. "valid · 1 warning", "2 errors · 1 warning".
 */
export function verdict({ errors, warnings }: ProblemCounts): string {
  return [errors ? plural(errors, 'error') : 'valid', ...(warnings ? [plural(warnings, 'warning')] : [])].join(' · ');
}
