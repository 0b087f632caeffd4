import type { SessionDetail } from '../../shared/api';

/** Event types that happen at a set point of a journey (heartbeats and leaves depend on timing). */
const STEPS = new Set(['page_view', 'product_view', 'search', 'cart_add', 'cart_view']);

/** A session's events as its steps: "page_view:<kind>" or the event type. */
export const steps = (s: SessionDetail): string[] =>
  s.events.filter((e) => STEPS.has(e.type)).map((e) => (e.type === 'page_view' ? `page_view:${e.data.kind}` : e.type));
