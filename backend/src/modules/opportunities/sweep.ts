import type { Timers } from '../../deps';
import { describeError, type Log } from '../../log';
import { runEvery } from '../../periodic';
import type { OpportunitiesService } from './service';

export interface DetectionSweep {
  /** Stops sweeping, waiting for a sweep under way and for evaluations queued by ingest. */
  stop(): Promise<void>;
}

/**
 * Every `everyMs`, evaluates the sessions that changed in the last 30 minutes without being
 * evaluated since: what a crash between an ingest's commit and its evaluation left behind.
 * A failed sweep is logged and tried again next time.
 */
export function startDetectionSweep(options: { opportunities: OpportunitiesService; log: Log; timers: Timers; everyMs?: number }): DetectionSweep {
  const sweeps = runEvery(
    options.timers,
    options.everyMs ?? 5_000,
    async () => {
      const swept = await options.opportunities.sweep();
      if (swept > 0) options.log('detection sweep', { sessions: swept });
    },
    (err) => options.log('detection sweep failed', describeError(err)),
  );
  return {
    stop: async () => {
      await sweeps.stop();
      await options.opportunities.idle();
    },
  };
}
