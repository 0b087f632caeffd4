import type { Timers } from '../../deps';
import { describeError, type Log } from '../../log';
import { type Periodic, runEvery } from '../../periodic';
import type { TelephonyService } from './service';

/** How often calls with no final callback are looked for: a stale call only needs closing, not closing at once. */
export const TELEPHONY_SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Every instance sweeps; a call is closed under its row's lock, so two sweeps never both close it. */
export function startTelephonySweep(telephony: TelephonyService, timers: Timers, log: Log): Periodic {
  return runEvery(
    timers,
    TELEPHONY_SWEEP_EVERY_MS,
    async () => {
      await telephony.sweepStale();
    },
    (err) => log('telephony: a sweep failed', describeError(err)),
  );
}
