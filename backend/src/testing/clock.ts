import type { Cancel, Timers } from '../deps';

interface Scheduled {
  at: number;
  /** Set for a timer that repeats. */
  every: number | null;
  fn: () => void;
  /** Order of setting: timers due at the same time fire in the order they were set. */
  serial: number;
}

/**
 * A clock tests move by hand, with timers that fire when it is moved past them (in order of
 * their time, the clock reading each one's time while it runs): `timers` goes into AppDeps beside `now`.
 */
export function manualClock(start = '2026-03-02T10:00:00.000Z') {
  let now = new Date(start).getTime();
  let serial = 0;
  const scheduled = new Set<Scheduled>();
  const schedule = (ms: number, every: number | null, fn: () => void): Cancel => {
    const entry: Scheduled = { at: now + Math.max(0, ms), every, fn, serial: serial++ };
    scheduled.add(entry);
    return () => void scheduled.delete(entry);
  };
  const timers: Timers = {
    after: (ms, fn) => schedule(ms, null, fn),
    every: (ms, fn) => schedule(Math.max(1, ms), Math.max(1, ms), fn),
  };
  /** Fires what is due up to `until`, earliest first; a timer set meanwhile fires too if it is due. */
  const runUntil = (until: number) => {
    for (;;) {
      let next: Scheduled | null = null;
      for (const entry of scheduled) if (entry.at <= until && (!next || entry.at < next.at || (entry.at === next.at && entry.serial < next.serial))) next = entry;
      if (!next) break;
      now = Math.max(now, next.at);
      if (next.every === null) scheduled.delete(next);
      else next.at += next.every;
      next.fn();
    }
    now = Math.max(now, until);
  };
  return {
    now: () => new Date(now),
    timers,
    /** Moves the clock forward, firing the timers due on the way. */
    advance(ms: number) {
      runUntil(now + ms);
    },
    /** Sets the clock (forward fires what is due; backward fires nothing). */
    set(iso: string) {
      const to = new Date(iso).getTime();
      if (to >= now) runUntil(to);
      else now = to;
    },
    /** Timers set and not yet fired or cancelled. */
    pending: () => scheduled.size,
  };
}
