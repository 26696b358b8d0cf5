import { UserError } from '../shared/user-error.js';

/** Where a template went wrong, phrased so an admin can open the file and fix it. */
export class TemplateError extends UserError {
  constructor(
    readonly template: string,
    readonly problem: string,
    readonly at?: { line: number; column?: number },
  ) {
    super(`template ${template}${at ? `, line ${at.line}${at.column ? `, column ${at.column}` : ''}` : ''}: ${problem}`);
    this.name = 'TemplateError';
  }
}

/** 1-based line and column of a character offset; engines report offsets, people read lines. */
export function locate(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}
