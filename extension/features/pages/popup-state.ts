import type { Consent, ExtensionMode } from '../../lib/storage';

/** What the popup shows: one state at a time, each with one main action. */
export type PopupState =
  /** Storage not read yet. */
  | 'loading'
  /** Not answered yet: "Review and decide" opens the consent page. */
  | 'pending'
  /** Declined, or withdrawn later: Floorwalker is off; the shopper may review the decision. */
  | 'declined'
  /** Consented, but the browser has not allowed access to some participating shops: "Allow access". */
  | 'access-missing'
  /** Consented, the switch is off. */
  | 'paused'
  /** Consented, switched on, allowed on every participating shop. */
  | 'observing'
  /** Agent mode: a sales associate's browser; nothing is observed (consent aside). */
  | 'agent';

export interface PopupFacts {
  /** undefined while loading; null until the shopper answers. */
  consent: Consent | null | undefined;
  /** The on/off switch; undefined while loading. */
  observing: boolean | undefined;
  /** Match patterns of participating shops the browser has not allowed yet; undefined while loading. */
  missingAccess: readonly string[] | undefined;
  /** Shopper or agent mode; undefined while loading. */
  mode: ExtensionMode | undefined;
}

/**
 * Chooses the popup's state. Agent mode wins over everything: the browser is an associate's. A paused switch wins over missing access: the shopper chose
 * to stop, so the popup does not ask for more access meanwhile.
 */
export function popupState({ consent, observing, missingAccess, mode }: PopupFacts): PopupState {
  if (mode === 'agent') return 'agent';
  if (mode === undefined) return 'loading';
  if (consent === undefined) return 'loading';
  if (consent === null) return 'pending';
  if (consent.state === 'declined') return 'declined';
  if (observing === undefined || missingAccess === undefined) return 'loading';
  if (!observing) return 'paused';
  return missingAccess.length > 0 ? 'access-missing' : 'observing';
}
