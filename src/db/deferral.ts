/**
 * Thrown by a job that cannot run yet (no budget left, the platform asked us to wait, or another
 * job is writing the same card): the
 * job queue puts the job back to start after `afterMs` without counting it as a failure.
 * `data` is merged into the job's data (an attempt counter, a decision already taken).
 */
export class Deferral extends Error {
  override readonly name = 'Deferral';

  constructor(
    readonly afterMs: number,
    readonly why: 'budget' | 'retry' | 'busy',
    readonly data: Record<string, unknown> = {},
  ) {
    super(`deferred ${Math.round(afterMs)} ms (${why})`);
  }
}
