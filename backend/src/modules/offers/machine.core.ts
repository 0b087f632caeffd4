import type { OfferPolicy, RankedCandidate } from '../../../../shared/matching';

/**
 * The offer state machine of one opportunity: who is offered it when, until someone takes
 * it or time runs out. Pure: times are epoch ms passed in, the ranking is passed in, and
 * every effect is returned as a command the service applies in the same transaction that
 * stores the new state.
 *
 * Semantics (docs/routing.md, "Offers"):
 * - `sequential`: one associate at a time, best first; a decline or a miss offers the next at once.
 * - `broadcast`: the best `size` at once; a decline or a miss offers the next, so `size` stay pending.
 * - `waves`: `size` at once, then `size` more every `waveEverySeconds`; earlier offers stay
 *   pending until their own expiry. A wave whose associates have all answered no (nobody is
 *   pending) is not waited out: the next wave goes at once. A due wave with nobody left to
 *   offer is skipped.
 * - The shopper's own associate (a ranked candidate whose affinity part is above 0) has the
 *   opportunity alone for `ownAssociateSeconds` first; their decline or miss ends that at once.
 *   Waves are counted from when everyone's turn starts (the opening, without an own associate).
 * - Nobody to offer at the opening (or at a reassignment): given up at once, `no_eligible_associates`.
 * - `giveUpSeconds` after the opening: given up, `nobody_accepted`; pending offers are withdrawn
 *   (`expired`) and the shopper is offered to leave a message. No offer outlives that moment.
 * - An offer unanswered by its expiry is a miss (it counts toward `missesBeforeAway`).
 * - `must` priority marks each offer as an assignment the associate must acknowledge (accept) in time.
 * - Nobody in `unavailable` (at capacity, away) is offered; they stay candidates for later.
 * - First accept wins; every other pending offer is withdrawn (`taken`) at once.
 * - A winner who leaves before the shopper answered: the opportunity is offered again at once,
 *   with a fresh ranking, without them (those who lost to them may be offered again), if time remains.
 * - Drain: a fresh ranking when capacity frees offers the newly eligible at once.
 */

/** Most candidates kept in the state; enough for any policy's offers within giveUpSeconds. */
export const MAX_CANDIDATES = 200;

export interface OfferCandidate {
  associateId: string;
  score: number;
  /** Each matching rule's part and weight, so the offer can say why. */
  parts: RankedCandidate['parts'];
  /** The stored ranking this candidate came from; the offer made to them names it. */
  rankingId?: string | null;
}

export type OfferRecordStatus = 'pending' | 'accepted' | 'declined' | 'missed' | 'withdrawn';
export type WithdrawReason = 'taken' | 'expired' | 'reassigned';
export type GiveUpReason = 'no_eligible_associates' | 'nobody_accepted' | 'winner_left';

export interface OfferRecord {
  associateId: string;
  wave: number;
  status: OfferRecordStatus;
  offeredAt: number;
  expiresAt: number;
}

export interface OfferMachineState {
  v: 1;
  status: 'offering' | 'engaged' | 'unserved';
  openedAt: number;
  policy: OfferPolicy;
  /** Eligible associates, best first (the latest ranking's top MAX_CANDIDATES). */
  candidates: OfferCandidate[];
  offers: OfferRecord[];
  /** Offer steps sent so far (the own associate's, each wave, each sequential offer). */
  wave: number;
  /** Until when the own associate has it alone; null when everyone's turn has started. */
  ownUntil: number | null;
  /** The shopper's own associate offered first, if one was; their offer does not hold a slot of everyone's turn. */
  ownAssociate: string | null;
  /** When the next scheduled wave is due (mode `waves`); null when none is scheduled. */
  nextWaveAt: number | null;
  /** Never offered again (a winner who left). */
  excluded: string[];
  winner: string | null;
  closeReason: GiveUpReason | null;
}

export type OfferCommand =
  | {
      type: 'offer';
      associateId: string;
      wave: number;
      priority: OfferPolicy['priority'];
      score: number;
      parts: OfferCandidate['parts'];
      rankingId: string | null;
      offeredAt: number;
      expiresAt: number;
    }
  | { type: 'withdraw'; associateId: string; reason: WithdrawReason }
  | { type: 'miss'; associateId: string; missesBeforeAway: number }
  | { type: 'engage'; associateId: string }
  | { type: 'give_up'; reason: GiveUpReason };

export interface Step {
  state: OfferMachineState;
  commands: OfferCommand[];
  /** When the machine next needs a tick; null once it is not offering. */
  due: number | null;
}

/** Why an accept or decline was refused. */
export type Refusal = 'taken' | 'expired' | 'answered' | 'not_offered';
export type Answer = ({ ok: true } & Step) | { ok: false; reason: Refusal };

/** Associates who may not be offered right now (at capacity, away). */
export type Unavailable = ReadonlySet<string>;
const NONE: Unavailable = new Set();

const SECOND = 1000;

/** The opportunity opened: its first offers, or giving up at once when nobody can be offered. */
export function open(input: { openedAt: number; policy: OfferPolicy; candidates: readonly OfferCandidate[] }, now: number, unavailable = NONE): Step {
  const { policy } = input;
  const candidates = input.candidates.slice(0, MAX_CANDIDATES);
  const own = policy.ownAssociateSeconds > 0 ? candidates.find((c) => isOwn(c) && !unavailable.has(c.associateId)) : undefined;
  const state: OfferMachineState = {
    v: 1,
    status: 'offering',
    openedAt: input.openedAt,
    policy,
    candidates,
    offers: [],
    wave: 0,
    ownUntil: null,
    ownAssociate: own?.associateId ?? null,
    // With an own associate, everyone's waves are scheduled when their turn ends.
    nextWaveAt: policy.mode === 'waves' && !own ? now : null,
    excluded: [],
    winner: null,
    closeReason: null,
  };
  const commands: OfferCommand[] = [];
  if (now >= giveUpAt(state)) return finish(giveUp(state, 'nobody_accepted', commands), commands);
  if (own) {
    state.ownUntil = Math.min(now + policy.ownAssociateSeconds * SECOND, giveUpAt(state));
    state.wave = 1;
    send(state, own, now, commands);
  }
  advance(state, now, unavailable, commands);
  if (state.status === 'offering' && state.offers.length === 0) giveUp(state, 'no_eligible_associates', commands);
  return finish(state, commands);
}

/** Time passed: misses, the end of the own associate's turn, waves, giving up. */
export function tick(prev: OfferMachineState, now: number, unavailable = NONE): Step {
  const state = clone(prev);
  const commands: OfferCommand[] = [];
  advance(state, now, unavailable, commands);
  return finish(state, commands);
}

/** An associate accepts: the first to do so while their offer is pending wins. */
export function accept(prev: OfferMachineState, associateId: string, now: number): Answer {
  const refused = refusal(prev, associateId, now);
  if (refused) return { ok: false, reason: refused };
  const state = clone(prev);
  const commands: OfferCommand[] = [];
  for (const o of state.offers) {
    if (o.status !== 'pending') continue;
    if (o.associateId === associateId) o.status = 'accepted';
    else {
      o.status = 'withdrawn';
      commands.push({ type: 'withdraw', associateId: o.associateId, reason: 'taken' });
    }
  }
  state.status = 'engaged';
  state.winner = associateId;
  state.ownUntil = null;
  state.nextWaveAt = null;
  commands.push({ type: 'engage', associateId });
  return { ok: true, ...finish(state, commands) };
}

/** An associate declines; the next are offered at once when the mode says so. */
export function decline(prev: OfferMachineState, associateId: string, now: number, unavailable = NONE): Answer {
  const refused = refusal(prev, associateId, now);
  if (refused) return { ok: false, reason: refused };
  const state = clone(prev);
  pendingOf(state, associateId)!.status = 'declined';
  const commands: OfferCommand[] = [];
  advance(state, now, unavailable, commands);
  return { ok: true, ...finish(state, commands) };
}

/**
 * The winner left before the shopper answered (their client went away, or they withdrew):
 * offered again at once with a fresh ranking, without them, if time remains.
 */
export function reassign(prev: OfferMachineState, lost: string, now: number, ranking: readonly OfferCandidate[], unavailable = NONE): Step {
  if (prev.status !== 'engaged' || prev.winner !== lost) return finish(prev, []);
  const state = clone(prev);
  const commands: OfferCommand[] = [];
  state.status = 'offering';
  state.winner = null;
  state.excluded = [...state.excluded, lost];
  state.candidates = ranking.slice(0, MAX_CANDIDATES);
  if (now >= giveUpAt(state)) return finish(giveUp(state, 'winner_left', commands), commands);
  freshWave(state, now, unavailable, commands);
  if (!commands.some((c) => c.type === 'offer')) giveUp(state, 'no_eligible_associates', commands);
  return finish(state, commands);
}

/** Capacity freed or someone became available: a fresh ranking, and offers to the newly eligible at once. */
export function drain(prev: OfferMachineState, now: number, ranking: readonly OfferCandidate[], unavailable = NONE): Step {
  if (prev.status !== 'offering') return finish(prev, []);
  const state = clone(prev);
  const commands: OfferCommand[] = [];
  state.candidates = ranking.slice(0, MAX_CANDIDATES);
  advance(state, now, unavailable, commands);
  const offered = commands.some((c) => c.type === 'offer');
  if (!offered && state.status === 'offering' && state.ownUntil === null) freshWave(state, now, unavailable, commands);
  return finish(state, commands);
}

/** The moment the opportunity is given up if nobody took it. */
export function giveUpAt(state: Pick<OfferMachineState, 'openedAt' | 'policy'>): number {
  return state.openedAt + state.policy.giveUpSeconds * SECOND;
}

/** Whether a candidate is the shopper's own associate: they served this customer or shopper before. */
export function isOwn(c: OfferCandidate): boolean {
  return (c.parts.affinity?.part ?? 0) > 0;
}

/** The associates who may still be offered, best first. */
export function eligible(state: OfferMachineState, unavailable = NONE): OfferCandidate[] {
  const offered = new Set(state.offers.filter((o) => o.status !== 'withdrawn').map((o) => o.associateId));
  const excluded = new Set(state.excluded);
  return state.candidates.filter((c) => !offered.has(c.associateId) && !excluded.has(c.associateId) && !unavailable.has(c.associateId));
}

// ---- inside the machine ---------------------------------------------------------------------

/** Everything time makes happen, in order: misses, giving up, the end of the own turn, new offers. */
function advance(state: OfferMachineState, now: number, unavailable: Unavailable, commands: OfferCommand[]): void {
  if (state.status !== 'offering') return;
  const end = giveUpAt(state);
  for (const o of state.offers) {
    // An offer cut short by the giving up is withdrawn with the rest, not held against the associate.
    if (o.status === 'pending' && o.expiresAt <= now && o.expiresAt < end) {
      o.status = 'missed';
      commands.push({ type: 'miss', associateId: o.associateId, missesBeforeAway: state.policy.missesBeforeAway });
    }
  }
  if (now >= end) {
    giveUp(state, 'nobody_accepted', commands);
    return;
  }
  if (state.ownUntil !== null) {
    if (now < state.ownUntil && pendingCount(state, false) > 0) return;
    // Everyone's turn starts when the own associate's ends, or at once when they answered no.
    state.nextWaveAt = state.policy.mode === 'waves' ? Math.min(now, state.ownUntil) : null;
    state.ownUntil = null;
  }
  const { policy } = state;
  if (policy.mode === 'sequential') fill(state, 1, now, unavailable, commands);
  else if (policy.mode === 'broadcast') fill(state, policy.size, now, unavailable, commands);
  else scheduledWaves(state, now, unavailable, commands);
}

/** Waves due by now go out; a wave nobody is left pending in goes out early. */
function scheduledWaves(state: OfferMachineState, now: number, unavailable: Unavailable, commands: OfferCommand[]): void {
  const every = state.policy.waveEverySeconds * SECOND;
  while (state.nextWaveAt !== null) {
    // Nobody left at all (not even someone busy for now): no more scheduled waves; a drain may bring some.
    if (eligible(state).length === 0) {
      state.nextWaveAt = null;
      return;
    }
    const onTime = state.nextWaveAt <= now;
    if (!onTime && pendingCount(state, true) > 0) return;
    const next = eligible(state, unavailable);
    if (next.length === 0 && !onTime) return;
    // A wave sent early takes the coming slot; a due wave whose associates are all busy is skipped.
    state.nextWaveAt += every;
    if (next.length === 0) continue;
    state.wave += 1;
    for (const c of next.slice(0, state.policy.size)) send(state, c, now, commands);
  }
}

/** Keeps `slots` offers pending, best first (sequential and broadcast). */
function fill(state: OfferMachineState, slots: number, now: number, unavailable: Unavailable, commands: OfferCommand[]): void {
  const free = slots - pendingCount(state, true);
  if (free <= 0) return;
  const next = eligible(state, unavailable).slice(0, free);
  if (next.length === 0) return;
  state.wave += 1;
  for (const c of next) send(state, c, now, commands);
}

/** Offers the newly eligible now, whatever the schedule: one more wave, or filling the free slots. */
function freshWave(state: OfferMachineState, now: number, unavailable: Unavailable, commands: OfferCommand[]): void {
  const { policy } = state;
  if (policy.mode !== 'waves') {
    fill(state, policy.mode === 'sequential' ? 1 : policy.size, now, unavailable, commands);
    return;
  }
  const next = eligible(state, unavailable).slice(0, policy.size);
  if (next.length === 0) return;
  state.wave += 1;
  for (const c of next) send(state, c, now, commands);
  if (state.nextWaveAt === null || state.nextWaveAt <= now) state.nextWaveAt = now + policy.waveEverySeconds * SECOND;
}

function send(state: OfferMachineState, c: OfferCandidate, now: number, commands: OfferCommand[]): void {
  const expiresAt = Math.min(now + state.policy.offerSeconds * SECOND, giveUpAt(state));
  state.offers.push({ associateId: c.associateId, wave: state.wave, status: 'pending', offeredAt: now, expiresAt });
  commands.push({
    type: 'offer',
    associateId: c.associateId,
    wave: state.wave,
    priority: state.policy.priority,
    score: c.score,
    parts: c.parts,
    rankingId: c.rankingId ?? null,
    offeredAt: now,
    expiresAt,
  });
}

function giveUp(state: OfferMachineState, reason: GiveUpReason, commands: OfferCommand[]): OfferMachineState {
  for (const o of state.offers) {
    if (o.status !== 'pending') continue;
    o.status = 'withdrawn';
    commands.push({ type: 'withdraw', associateId: o.associateId, reason: 'expired' });
  }
  state.status = 'unserved';
  state.closeReason = reason;
  state.ownUntil = null;
  state.nextWaveAt = null;
  commands.push({ type: 'give_up', reason });
  return state;
}

function refusal(state: OfferMachineState, associateId: string, now: number): Refusal | null {
  const mine = state.offers.filter((o) => o.associateId === associateId);
  if (mine.length === 0) return 'not_offered';
  const pending = mine.find((o) => o.status === 'pending');
  if (state.status === 'engaged') return pending || mine.at(-1)!.status === 'withdrawn' ? 'taken' : 'answered';
  if (state.status === 'unserved') return 'expired';
  if (!pending) return mine.at(-1)!.status === 'missed' ? 'expired' : mine.at(-1)!.status === 'withdrawn' ? 'taken' : 'answered';
  return pending.expiresAt <= now ? 'expired' : null;
}

function pendingOf(state: OfferMachineState, associateId: string): OfferRecord | undefined {
  return state.offers.find((o) => o.associateId === associateId && o.status === 'pending');
}

/** Pending offers; `turn`: only those of everyone's turn (the own associate's first offer aside). */
function pendingCount(state: OfferMachineState, turn: boolean): number {
  let n = 0;
  for (const o of state.offers) if (o.status === 'pending' && !(turn && o.associateId === state.ownAssociate && o.wave === 1)) n++;
  return n;
}

/** The next moment something can happen without an input: an expiry, the own turn's end, a wave, the giving up. */
function nextDue(state: OfferMachineState): number | null {
  if (state.status !== 'offering') return null;
  let due = giveUpAt(state);
  for (const o of state.offers) if (o.status === 'pending') due = Math.min(due, o.expiresAt);
  if (state.ownUntil !== null) due = Math.min(due, state.ownUntil);
  if (state.nextWaveAt !== null) due = Math.min(due, state.nextWaveAt);
  return due;
}

function finish(state: OfferMachineState, commands: OfferCommand[]): Step {
  return { state, commands, due: nextDue(state) };
}

function clone(state: OfferMachineState): OfferMachineState {
  return { ...state, candidates: state.candidates, offers: state.offers.map((o) => ({ ...o })), excluded: [...state.excluded] };
}
