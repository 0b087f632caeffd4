import type { ObservationUnit } from '../page-state';

export const HEARTBEAT_MS = 15_000;
/** How often the active time is held against the site's dwell marks: a mark is reported within this of being crossed. */
export const MARK_CHECK_MS = 500;

/**
 * Heartbeat and dwell: counts the time the page is visible and focused, and reports it every
 * HEARTBEAT_MS while there is some (the leave reports the rest), and at once when this page's
 * active time crosses one of the site's dwell marks (its rules' "N seconds on a product"), so
 * that such a rule fires at N seconds rather than at the next heartbeat.
 */
export const dwellUnit: ObservationUnit = {
  name: 'heartbeat and dwell',
  start({ ctx, page, guard }) {
    const { doc, activity } = page;
    const follow = guard(() => activity.setActive(page.isActive()));
    ctx.addEventListener(doc, 'visibilitychange', follow);
    ctx.addEventListener(window, 'focus', follow);
    ctx.addEventListener(window, 'blur', guard(() => activity.setActive(false)));
    // Active time of the page being viewed reported so far, by heartbeats of this unit.
    let reported = { pageId: '', ms: 0 };
    const heartbeat = () => {
      const viewed = page.viewed;
      if (!viewed || viewed.left) return;
      if (reported.pageId !== viewed.id) reported = { pageId: viewed.id, ms: 0 };
      const activeMs = activity.take();
      if (activeMs <= 0) return;
      reported.ms += activeMs;
      page.report([{ ...page.base(viewed), type: 'heartbeat', activeMs, ...page.productKeyOf(viewed) }]);
    };
    ctx.setInterval(guard(heartbeat), HEARTBEAT_MS);
    const marks = (page.site.dwellMarks ?? []).map((s) => s * 1000);
    if (marks.length === 0) return;
    ctx.setInterval(
      guard(() => {
        const viewed = page.viewed;
        if (!viewed || viewed.left) return;
        const before = reported.pageId === viewed.id ? reported.ms : 0;
        const now = before + activity.peek();
        if (marks.some((m) => m > before && m <= now)) heartbeat();
      }),
      MARK_CHECK_MS,
    );
  },
};
