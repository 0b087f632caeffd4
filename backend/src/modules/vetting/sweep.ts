import type { Timers } from '../../deps';
import { describeError, type Log } from '../../log';
import { type Periodic, runEvery } from '../../periodic';
import type { VettingService } from './service';

/** How often the checks are swept: adverse actions whose wait passed, and applications waiting for their check to start. */
export const VETTING_SWEEP_EVERY_MS = 15 * 60 * 1000;

/** Every instance sweeps; a check's final step is taken under its row's lock, so two sweeps never both take it. */
export function startVettingSweep(vetting: VettingService, timers: Timers, log: Log): Periodic {
  return runEvery(
    timers,
    VETTING_SWEEP_EVERY_MS,
    async () => {
      await vetting.sweepDue();
      await vetting.startWaiting();
    },
    (err) => log('vetting: a sweep failed', describeError(err)),
  );
}
