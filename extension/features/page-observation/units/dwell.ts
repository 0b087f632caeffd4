import type { ObservationUnit } from '../page-state';

export const HEARTBEAT_MS = 15_000;

/**
 * Heartbeat and dwell: counts the time the page is visible and focused, and reports it every
 * HEARTBEAT_MS while there is some (the leave reports the rest).
 */
export const dwellUnit: ObservationUnit = {
  name: 'heartbeat and dwell',
  start({ ctx, page, guard }) {
    const { doc, activity } = page;
    const follow = guard(() => activity.setActive(page.isActive()));
    ctx.addEventListener(doc, 'visibilitychange', follow);
    ctx.addEventListener(window, 'focus', follow);
    ctx.addEventListener(window, 'blur', guard(() => activity.setActive(false)));
    ctx.setInterval(
      guard(() => {
        const viewed = page.viewed;
        if (!viewed || viewed.left) return;
        const activeMs = activity.take();
        if (activeMs > 0) page.report([{ ...page.base(viewed), type: 'heartbeat', activeMs, ...page.productKeyOf(viewed) }]);
      }),
      HEARTBEAT_MS,
    );
  },
};
