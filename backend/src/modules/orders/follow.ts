import type { CommissionService } from '../commission/service';
import type { JobsService } from '../jobs/service';
import type { PracticesService } from '../practices/service';
import type { CreditChange, OrdersService } from './service';

/**
 * What follows a change in the credits, as durable jobs (a restart between the order's commit and
 * its effects loses nothing once the job is written): the engagements' outcomes reach the
 * practices (a sale while any credit is left, else no sale: a refund revises), and the
 * enterprise's commission is settled. Settlements are gathered per enterprise in windows of
 * SETTLE_BATCH_MS, so a burst of orders settles once, soon after it.
 */

export const FOLLOW_JOB = 'orders.follow';
export const SETTLE_JOB = 'commission.settle';
export const SETTLE_DUE_JOB = 'commission.settle-due';
/** Credit changes within this window settle the enterprise's commission once, after the window. */
export const SETTLE_BATCH_MS = 5_000;
const DAY_MS = 86_400_000;
/** The daily settlement (entries and tiers that locked) runs at this hour, UTC. */
const DAILY_AT_HOUR = 2;

interface FollowPayload {
  enterpriseId: string;
  engagementIds: string[];
}

export interface CreditFollowers {
  /** For `orders.onCredited`: writes the job that follows the change. */
  credited(change: CreditChange): Promise<void>;
  /** Makes sure the next daily settlement is scheduled (at start; each run schedules the next). */
  scheduleDaily(): Promise<void>;
}

export function followCredits(deps: { jobs: JobsService; orders: Pick<OrdersService, 'outcomeOf'>; practices: Pick<PracticesService, 'outcomeOf'>; commission: Pick<CommissionService, 'settle' | 'settleDue'>; clock: () => Date }): CreditFollowers {
  const { jobs, orders, practices, commission, clock } = deps;

  const settleSoon = (enterpriseId: string) => {
    const bucket = Math.floor(clock().getTime() / SETTLE_BATCH_MS);
    return jobs.enqueue({ kind: SETTLE_JOB, key: `${SETTLE_JOB}:${enterpriseId}:${bucket}`, runAt: new Date((bucket + 1) * SETTLE_BATCH_MS), payload: { enterpriseId } });
  };
  const scheduleDaily = async () => {
    const now = clock().getTime();
    let at = Math.floor(now / DAY_MS) * DAY_MS + DAILY_AT_HOUR * 3_600_000;
    if (at <= now) at += DAY_MS;
    await jobs.enqueue({ kind: SETTLE_DUE_JOB, key: `${SETTLE_DUE_JOB}:${new Date(at).toISOString().slice(0, 10)}`, runAt: new Date(at) });
  };

  jobs.handle(FOLLOW_JOB, async (payload) => {
    const { enterpriseId, engagementIds } = payload as FollowPayload;
    for (const engagementId of engagementIds) {
      const outcome = await orders.outcomeOf({ enterpriseId }, engagementId);
      // What is left after refunds: an order wholly refunded is no sale.
      const sold = outcome.verified.orders.some((o) => Number(o.amount) > 0);
      await practices.outcomeOf(engagementId, sold ? 'sale' : 'no_sale');
    }
    await settleSoon(enterpriseId);
  });
  jobs.handle(SETTLE_JOB, async (payload) => void (await commission.settle((payload as { enterpriseId: string }).enterpriseId)));
  jobs.handle(SETTLE_DUE_JOB, async () => {
    await commission.settleDue();
    await scheduleDaily();
  });

  return {
    credited: async (change) => {
      const key = `${FOLLOW_JOB}:${change.orderId}:${change.refundId ?? 'attributed'}`;
      await jobs.enqueue({ kind: FOLLOW_JOB, key, runAt: clock(), payload: { enterpriseId: change.enterpriseId, engagementIds: change.engagementIds } satisfies FollowPayload });
    },
    scheduleDaily,
  };
}
