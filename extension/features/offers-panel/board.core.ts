// The associate's board: live offers and engagements, as pushed by the backend and acted on in
// the side panel. Pure: times are inputs (epoch ms, this browser's clock).

/** What the board needs of an offer; the rest is shown as it is. */
export interface OfferLike {
  id: string;
  /** When the offer lapses, by the server's clock (ISO). */
  expiresAt: string;
  /** When it was made, by the server's clock (ISO); with it the countdown is immune to clock skew. */
  offeredAt?: string;
}
export interface EngagementLike {
  id: string;
  status: string;
}

export type OfferPhase =
  /** Waiting for the associate's answer. */
  | 'open'
  /** Accept or decline sent, no answer yet. */
  | 'accepting'
  | 'declining'
  /** This associate won it: the engagement follows. */
  | 'won'
  /** Ended without this associate: shown briefly, then it leaves. */
  | 'taken'
  | 'expired'
  | 'missed'
  | 'withdrawn'
  | 'declined';

export interface LiveOffer<O extends OfferLike> {
  offer: O;
  phase: OfferPhase;
  /** When it lapses here (epoch ms, local clock). */
  deadline: number;
  /** When it ended (epoch ms); null while open. */
  endedAt: number | null;
  /** A line for the associate about how it ended or what failed. */
  note: string | null;
  engagementId: string | null;
}

export interface Board<O extends OfferLike, E extends EngagementLike> {
  offers: LiveOffer<O>[];
  /** Most recent first. */
  engagements: E[];
}

/** How long an ended offer stays in sight with its ending ("taken by a colleague") before it leaves. */
export const ENDED_OFFER_LINGER_MS = 4_000;
/** Engagements kept on the board. */
export const ENGAGEMENTS_KEPT = 5;

export function emptyBoard<O extends OfferLike, E extends EngagementLike>(): Board<O, E> {
  return { offers: [], engagements: [] };
}

const ENDED: ReadonlySet<OfferPhase> = new Set(['won', 'taken', 'expired', 'missed', 'withdrawn', 'declined']);
export const isEnded = (phase: OfferPhase) => ENDED.has(phase);

/**
 * The local deadline of an offer received at `receivedAt`: its length on the server's clock
 * (expiresAt - offeredAt) from when it arrived, or the server's expiry as it is when the offer
 * does not say when it was made.
 */
export function localDeadline(offer: OfferLike, receivedAt: number): number {
  const expires = Date.parse(offer.expiresAt);
  const offered = offer.offeredAt ? Date.parse(offer.offeredAt) : NaN;
  if (Number.isNaN(offered) || Number.isNaN(expires)) return Number.isNaN(expires) ? receivedAt : expires;
  return receivedAt + Math.max(0, expires - offered);
}

/** A new offer, or the same one sent again on a reconnect (its state here is kept). */
export function offerArrived<O extends OfferLike, E extends EngagementLike>(board: Board<O, E>, offer: O, now: number): Board<O, E> {
  const known = board.offers.find((o) => o.offer.id === offer.id);
  if (known) return { ...board, offers: board.offers.map((o) => (o === known ? { ...o, offer } : o)) };
  const live: LiveOffer<O> = { offer, phase: 'open', deadline: localDeadline(offer, now), endedAt: null, note: null, engagementId: null };
  return { ...board, offers: [...board.offers, live] };
}

export type OfferEnding = 'accepted' | 'taken' | 'withdrawn' | 'expired' | 'missed' | 'declined';

const NOTES: Record<Exclude<OfferEnding, 'accepted'>, string> = {
  taken: 'Taken by a colleague',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
  missed: 'Missed: it expired before you answered',
  declined: 'Declined',
};

/** The backend says how an offer ended (offer-update); `reason` refines a withdrawal. */
export function offerEnded<O extends OfferLike, E extends EngagementLike>(
  board: Board<O, E>,
  change: { offerId: string; status: OfferEnding; reason?: string | null; engagementId?: string | null },
  now: number,
): Board<O, E> {
  return update(board, change.offerId, (o) => {
    if (isEnded(o.phase)) return o; // the first ending stands
    if (change.status === 'accepted') {
      return { ...o, phase: 'won', endedAt: now, note: 'Yours: the shopper is being invited', engagementId: change.engagementId ?? o.engagementId };
    }
    // A withdrawal because someone else won reads as "taken"; an expiry as "expired".
    const status = change.status === 'withdrawn' && (change.reason === 'taken' || change.reason === 'expired') ? change.reason : change.status;
    return { ...o, phase: status, endedAt: o.endedAt ?? now, note: NOTES[status] };
  });
}

/** The associate pressed Accept or Decline: the buttons wait for the answer. */
export function answerStarted<O extends OfferLike, E extends EngagementLike>(board: Board<O, E>, offerId: string, answer: 'accept' | 'decline'): Board<O, E> {
  return update(board, offerId, (o) => (o.phase === 'open' ? { ...o, phase: answer === 'accept' ? 'accepting' : 'declining', note: null } : o));
}

/** The backend's answer to an accept or decline; `failure` keeps the offer open with why. */
export function answerFailed<O extends OfferLike, E extends EngagementLike>(board: Board<O, E>, offerId: string, failure: string): Board<O, E> {
  return update(board, offerId, (o) => (o.phase === 'accepting' || o.phase === 'declining' ? { ...o, phase: 'open', note: failure } : o));
}

/** Removes an ended offer at once (the associate closed it). */
export function offerDismissed<O extends OfferLike, E extends EngagementLike>(board: Board<O, E>, offerId: string): Board<O, E> {
  return { ...board, offers: board.offers.filter((o) => !(o.offer.id === offerId && isEnded(o.phase))) };
}

/** An engagement created or changed (invited → accepted / declined / expired): newest first, a few kept. */
export function engagementChanged<O extends OfferLike, E extends EngagementLike>(board: Board<O, E>, engagement: E): Board<O, E> {
  const others = board.engagements.filter((e) => e.id !== engagement.id);
  return { ...board, engagements: [engagement, ...others].slice(0, ENGAGEMENTS_KEPT) };
}

/**
 * The board at `now`: an open offer past its deadline shows as expired, and ended offers
 * leave once they have been in sight for a moment.
 */
export function boardAt<O extends OfferLike, E extends EngagementLike>(board: Board<O, E>, now: number): Board<O, E> {
  const offers: LiveOffer<O>[] = [];
  for (const o of board.offers) {
    const lapsed = (o.phase === 'open' || o.phase === 'declining') && o.deadline <= now;
    const live: LiveOffer<O> = lapsed ? { ...o, phase: 'expired', endedAt: o.deadline, note: NOTES.expired } : o;
    if (live.endedAt === null || now - live.endedAt < ENDED_OFFER_LINGER_MS) offers.push(live);
  }
  return offers.length === board.offers.length && offers.every((o, i) => o === board.offers[i]) ? board : { ...board, offers };
}

/** Whole seconds left until `deadline` (never below 0). */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * The seconds an offer shows left: never more than the offer's own length (a panel whose clock
 * last ticked just before the offer arrived would show 0:31 for a 30 s offer).
 */
export function offerSecondsLeft(live: Pick<LiveOffer<OfferLike>, 'offer' | 'deadline'>, now: number): number {
  const length = Date.parse(live.offer.expiresAt) - (live.offer.offeredAt ? Date.parse(live.offer.offeredAt) : NaN);
  const left = secondsLeft(live.deadline, now);
  return Number.isNaN(length) ? left : Math.min(left, Math.ceil(Math.max(0, length) / 1000));
}

/** "0:09", "1:30". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function update<O extends OfferLike, E extends EngagementLike>(
  board: Board<O, E>,
  offerId: string,
  change: (o: LiveOffer<O>) => LiveOffer<O>,
): Board<O, E> {
  let changed = false;
  const offers = board.offers.map((o) => {
    if (o.offer.id !== offerId) return o;
    const next = change(o);
    changed ||= next !== o;
    return next;
  });
  return changed ? { ...board, offers } : board;
}
