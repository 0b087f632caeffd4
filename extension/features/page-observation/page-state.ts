import type { ContentScriptContext } from '#imports';
import type { ShopperEvent } from '../../../shared/events';
import { productKey } from '../../../shared/page';
import type { ParticipatingSite } from '../../../shared/sites';
import { newId } from '../../lib/ids';
import { logOnce } from '../../lib/log';
import { withPageText } from '../../lib/page-text';
import { type PageUrlRules, shareableUrl } from '../../lib/page-url.core';
import type { Detection } from '../detection';
import { createActivityClock, type ActivityClock } from './activity';
import { idleRunner, type StepRun, type StepRunner } from './idle-steps';

const MAX_URL = 2048;

/** One page the shopper views: a load, or an in-page navigation. */
export interface ViewedPage {
  readonly id: string;
  readonly url: string;
  /** Null until the detection, run in idle time, has finished. */
  detection: Detection | null;
  detecting: StepRun | null;
  /** A leave was reported since the page was last visible. */
  left: boolean;
}

/** Wraps a listener: does nothing once observation stopped, and keeps its errors from the page. */
export type Guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void;

export interface PageStateOptions {
  site: ParticipatingSite;
  /** Hands events to the background; must not throw. */
  report: (events: ShopperEvent[]) => void;
  /** True once observing was switched off or consent withdrawn: nothing more is reported. */
  stopped: () => boolean;
  now?: () => number;
  /** How the page's detection is run; default: in the page's idle time, a slice at a time. */
  runSteps?: StepRunner;
}

/**
 * What the observation units share about the page: the page being viewed, the shopper's
 * active time, event stamps, the one way out for events, and work a leave must finish first.
 */
export interface PageState {
  readonly site: ParticipatingSite;
  readonly doc: Document;
  readonly now: () => number;
  readonly activity: ActivityClock;
  /** Runs the detection (or other stepped work) in the page's idle time. */
  readonly runSteps: StepRunner;
  /** The page being viewed; null until the first is opened. */
  viewed: ViewedPage | null;
  /** Visible and focused: the shopper is looking at it. */
  isActive(): boolean;
  /** A guard that names `unit` in the log. */
  guard(unit: string): Guard;
  /** The page's detection, finished now if it is still running. */
  settled(page: ViewedPage): Detection | null;
  /** An event's common fields for `page`: a fresh id, a time after every earlier event's. */
  base(page: ViewedPage): { id: string; at: string; url: string; pageId: string };
  /** A time after every earlier event's: events of one moment keep their order by time too. */
  stamp(): string;
  /** The product key of what `page` shows, when it shows a product. */
  productKeyOf(page: ViewedPage): { productKey?: string };
  /** Reports events (their page text made safe for the backend), unless observation stopped. */
  report(events: ShopperEvent[]): void;
  /** Adds work that must finish before a leave is reported (e.g. a cart add being read). */
  beforeLeave(finish: () => void): void;
  /** Finishes that work now. */
  finishBeforeLeave(): void;
}

export function createPageState(ctx: ContentScriptContext, options: PageStateOptions): PageState {
  const doc = document;
  const now = options.now ?? Date.now;
  const isActive = () => doc.visibilityState === 'visible' && doc.hasFocus();
  const pending: (() => void)[] = [];
  let lastAt = 0;

  const guard =
    (unit: string): Guard =>
    (fn) =>
    (...args) => {
      if (options.stopped()) return;
      try {
        fn(...args);
      } catch (error) {
        logOnce(`observation: ${unit}`, error);
      }
    };
  const stepGuard = guard('page reading');

  const state: PageState = {
    site: options.site,
    doc,
    now,
    activity: createActivityClock(now, isActive()),
    runSteps: options.runSteps ?? idleRunner((callback, opts) => ctx.requestIdleCallback(stepGuard(callback), opts)),
    viewed: null,
    isActive,
    guard,
    settled(page) {
      page.detecting?.finishNow();
      return page.detection;
    },
    stamp() {
      lastAt = Math.max(now(), lastAt + 1);
      return new Date(lastAt).toISOString();
    },
    base: (page) => ({ id: newId(), at: state.stamp(), url: page.url, pageId: page.id }),
    productKeyOf(page) {
      const product = page.detection?.product;
      return product ? { productKey: productKey(product) } : {};
    },
    report(events) {
      const urlRules = options.site.adapter?.url;
      if (events.length > 0 && !options.stopped()) options.report(events.map((event) => withShareableUrls(withPageText(event), urlRules)));
    },
    beforeLeave: (finish) => void pending.push(finish),
    finishBeforeLeave() {
      for (const finish of pending) finish();
    },
  };
  return state;
}

/** The keys whose values are page URLs in an event, at any depth (the page, the referrer, a product's link and image). */
const URL_KEYS = new Set(['url', 'referrer', 'image']);

/** `event` with every page URL in it made shareable (shareableUrl): no secret-looking parameters, no credentials. */
export function withShareableUrls<T>(event: T, rules: PageUrlRules | undefined): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, URL_KEYS.has(key) && typeof inner === 'string' ? shareableUrl(inner, rules) : walk(inner)]),
    );
  };
  return walk(event) as T;
}

/** The URL an event carries: no #fragment, and no query if that is what makes it too long. */
export function eventUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  if (url.href.length > MAX_URL) url.search = '';
  return url.href.slice(0, MAX_URL);
}

/**
 * One thing observed on the page (page views, dwell, cart adds, in-page searches): started
 * with the content script's context and the shared page state. Every listener and timer goes
 * through `ctx` (so all of it stops when the context is invalidated) and every handler through
 * `guard` (so it stops with observation, and its errors stay its own).
 */
export interface ObservationUnit {
  /** Names the unit in the log. */
  readonly name: string;
  start(run: { ctx: ContentScriptContext; page: PageState; guard: Guard }): void;
}
