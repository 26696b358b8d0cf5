import { fail, type Reply } from './http.js';

export interface Fault {
  /** How many matching calls fail. */
  count: number;
  status: number;
  code?: number;
  msg?: string;
  headers?: Record<string, string>;
  /** Only calls whose path contains this string; every OpenAPI call otherwise. */
  pathIncludes?: string;
}

/** Queued failures for fault tests: the next N matching calls answer with the given status/code. */
export class FaultInjector {
  private readonly queue: Fault[] = [];

  inject(fault: Fault): void {
    this.queue.push({ ...fault });
  }

  take(path: string): Reply | undefined {
    const fault = this.queue.find((f) => f.count > 0 && (!f.pathIncludes || path.includes(f.pathIncludes)));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count === 0) this.queue.splice(this.queue.indexOf(fault), 1);
    const code = fault.code ?? (fault.status === 429 ? 99991400 : 1);
    return fail(fault.status, code, fault.msg ?? 'injected fault', fault.headers);
  }
}
