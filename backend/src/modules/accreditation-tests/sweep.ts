import type { Timers } from '../../deps';
import { describeError, type Log } from '../../log';
import { type Periodic, runEvery } from '../../periodic';
import type { AccreditationTestsService } from './service';

/**
 * Every `everyMs`, closes the attempts past their deadline that nobody looked at since (the
 * associate closed the tab): expired, graded as far as answered, so the item analysis and the
 * retake wait count them. Reads close overdue attempts too; this catches the rest.
 */
export function startAttemptSweep(options: { tests: AccreditationTestsService; log: Log; timers: Timers; everyMs?: number }): Periodic {
  return runEvery(
    options.timers,
    options.everyMs ?? 60_000,
    async () => {
      const expired = await options.tests.expireOverdue();
      if (expired > 0) options.log('test attempts expired', { attempts: expired });
    },
    (err) => options.log('test attempt sweep failed', describeError(err)),
  );
}
