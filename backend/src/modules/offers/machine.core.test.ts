import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFER_POLICY, type OfferPolicy } from '../../../../shared/matching';
import {
  accept,
  decline,
  drain,
  MAX_CANDIDATES,
  type OfferCandidate,
  type OfferCommand,
  type OfferMachineState,
  open,
  reassign,
  type Step,
  tick,
} from './machine.core';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
/** Seconds after the opening, as epoch ms. */
const at = (s: number) => T0 + s * 1000;

const policy = (over: Partial<OfferPolicy>): OfferPolicy => ({ ...DEFAULT_OFFER_POLICY, ownAssociateSeconds: 0, ...over });
const cand = (associateId: string, own = false, score = 0.5): OfferCandidate => ({
  associateId,
  score,
  parts: { affinity: { part: own ? 1 : 0, weight: 2 }, load: { part: 1, weight: 1 } },
});
const ranked = (...ids: string[]) => ids.map((id) => cand(id));

/** Commands in a compact form: "offer a @15", "withdraw b taken", "miss a", "engage b", "give_up nobody_accepted". */
function brief(commands: OfferCommand[]): string[] {
  return commands.map((c) => {
    switch (c.type) {
      case 'offer':
        return `offer ${c.associateId} w${c.wave} until ${(c.expiresAt - T0) / 1000}${c.priority === 'must' ? ' must' : ''}`;
      case 'withdraw':
        return `withdraw ${c.associateId} ${c.reason}`;
      case 'miss':
        return `miss ${c.associateId} (${c.missesBeforeAway})`;
      case 'engage':
        return `engage ${c.associateId}`;
      case 'give_up':
        return `give_up ${c.reason}`;
    }
  });
}
const dueIn = (step: Step) => (step.due === null ? null : (step.due - T0) / 1000);

type Input =
  | { t: number; tick: true; busy?: string[] }
  | { t: number; accept: string }
  | { t: number; decline: string; busy?: string[] }
  | { t: number; reassign: string; ranking: OfferCandidate[] }
  | { t: number; drain: OfferCandidate[]; busy?: string[] };

interface Case {
  name: string;
  policy: Partial<OfferPolicy>;
  ranking: OfferCandidate[];
  busyAtOpen?: string[];
  /** What the opening does, then each input's commands and the next due time (seconds after opening). */
  opens: { commands: string[]; due: number | null };
  then?: { input: Input; commands?: string[]; refused?: string; due?: number | null; status?: OfferMachineState['status'] }[];
}

const cases: Case[] = [
  {
    name: 'sequential: best first; a decline offers the next at once, a miss at its expiry, nobody left waits for the giving up',
    policy: { mode: 'sequential', offerSeconds: 15, giveUpSeconds: 90 },
    ranking: ranked('a', 'b', 'c'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 3, decline: 'a' }, commands: ['offer b w2 until 18'], due: 18 },
      { input: { t: 18, tick: true }, commands: ['miss b (3)', 'offer c w3 until 33'], due: 33 },
      { input: { t: 33, tick: true }, commands: ['miss c (3)'], due: 90 },
      { input: { t: 90, tick: true }, commands: ['give_up nobody_accepted'], due: null, status: 'unserved' },
    ],
  },
  {
    name: 'sequential: a tick before anything is due changes nothing',
    policy: { mode: 'sequential' },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [{ input: { t: 14.999, tick: true }, commands: [], due: 15 }],
  },
  {
    name: 'broadcast: the top k at once; a decline brings in the next; the first accept wins and the rest are withdrawn as taken',
    policy: { mode: 'broadcast', size: 2 },
    ranking: ranked('a', 'b', 'c', 'd'),
    opens: { commands: ['offer a w1 until 15', 'offer b w1 until 15'], due: 15 },
    then: [
      { input: { t: 2, decline: 'a' }, commands: ['offer c w2 until 17'], due: 15 },
      { input: { t: 5, accept: 'c' }, commands: ['withdraw b taken', 'engage c'], due: null, status: 'engaged' },
      { input: { t: 5, accept: 'b' }, refused: 'taken' },
      { input: { t: 6, accept: 'a' }, refused: 'answered' },
      { input: { t: 6, accept: 'd' }, refused: 'not_offered' },
      { input: { t: 7, tick: true }, commands: [], due: null },
    ],
  },
  {
    name: 'waves: k more every waveEverySeconds from the opening; earlier offers stay pending until their own expiry',
    policy: { mode: 'waves', size: 2, waveEverySeconds: 15, offerSeconds: 20 },
    ranking: ranked('a', 'b', 'c', 'd', 'e'),
    opens: { commands: ['offer a w1 until 20', 'offer b w1 until 20'], due: 15 },
    then: [
      { input: { t: 15, tick: true }, commands: ['offer c w2 until 35', 'offer d w2 until 35'], due: 20 },
      { input: { t: 20, tick: true }, commands: ['miss a (3)', 'miss b (3)'], due: 30 },
      { input: { t: 30, tick: true }, commands: ['offer e w3 until 50'], due: 35 },
      { input: { t: 35, tick: true }, commands: ['miss c (3)', 'miss d (3)'], due: 50 },
    ],
  },
  {
    name: 'waves: a late tick sends the due wave and keeps the schedule counted from the opening',
    policy: { mode: 'waves', size: 1, waveEverySeconds: 15, offerSeconds: 60 },
    ranking: ranked('a', 'b', 'c'),
    opens: { commands: ['offer a w1 until 60'], due: 15 },
    then: [{ input: { t: 17, tick: true }, commands: ['offer b w2 until 77'], due: 30 }],
  },
  {
    name: 'waves: a wave whose associates all answered no is not waited out; the next goes at once and takes its slot',
    policy: { mode: 'waves', size: 2, waveEverySeconds: 15 },
    ranking: ranked('a', 'b', 'c', 'd', 'e'),
    opens: { commands: ['offer a w1 until 15', 'offer b w1 until 15'], due: 15 },
    then: [
      { input: { t: 1, decline: 'a' }, commands: [], due: 15 },
      { input: { t: 2, decline: 'b' }, commands: ['offer c w2 until 17', 'offer d w2 until 17'], due: 17 },
      { input: { t: 17, tick: true }, commands: ['miss c (3)', 'miss d (3)', 'offer e w3 until 32'], due: 32 },
    ],
  },
  {
    name: 'waves: a due wave with nobody left is skipped at once; nothing waits for waves that cannot come',
    policy: { mode: 'waves', size: 2, waveEverySeconds: 15 },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15', 'offer b w1 until 15'], due: 15 },
    then: [
      { input: { t: 15, tick: true }, commands: ['miss a (3)', 'miss b (3)'], due: 90 },
      { input: { t: 90, tick: true }, commands: ['give_up nobody_accepted'], due: null, status: 'unserved' },
    ],
  },
  {
    name: 'nobody to offer at the opening: given up at once',
    policy: { mode: 'waves' },
    ranking: [],
    opens: { commands: ['give_up no_eligible_associates'], due: null },
  },
  {
    name: 'everyone ranked is at capacity or away: given up at once',
    policy: { mode: 'broadcast', size: 3 },
    ranking: ranked('a', 'b'),
    busyAtOpen: ['a', 'b'],
    opens: { commands: ['give_up no_eligible_associates'], due: null },
  },
  {
    name: 'capacity: a busy associate is passed over, and offered in a later wave once free',
    policy: { mode: 'waves', size: 1, waveEverySeconds: 15, offerSeconds: 60 },
    ranking: ranked('a', 'b', 'c'),
    busyAtOpen: ['a'],
    opens: { commands: ['offer b w1 until 60'], due: 15 },
    then: [{ input: { t: 15, tick: true }, commands: ['offer a w2 until 75'], due: 30 }],
  },
  {
    name: 'capacity: a due wave whose remaining associates are all busy is skipped, and tried again at the next slot',
    policy: { mode: 'waves', size: 1, waveEverySeconds: 15, offerSeconds: 60 },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 60'], due: 15 },
    then: [
      { input: { t: 15, tick: true, busy: ['b'] }, commands: [], due: 30 },
      { input: { t: 30, tick: true }, commands: ['offer b w2 until 90'], due: 60 },
    ],
  },
  {
    name: "the shopper's own associate alone first for ownAssociateSeconds, then everyone's waves, counted from then",
    policy: { mode: 'waves', size: 2, waveEverySeconds: 15, ownAssociateSeconds: 10 },
    ranking: [cand('a'), cand('o', true), cand('b'), cand('c')],
    opens: { commands: ['offer o w1 until 15'], due: 10 },
    then: [
      { input: { t: 10, tick: true }, commands: ['offer a w2 until 25', 'offer b w2 until 25'], due: 15 },
      { input: { t: 15, tick: true }, commands: ['miss o (3)'], due: 25 },
      { input: { t: 25, tick: true }, commands: ['miss a (3)', 'miss b (3)', 'offer c w3 until 40'], due: 40 },
    ],
  },
  {
    name: 'the own associate declining ends their turn at once',
    policy: { mode: 'waves', size: 2, ownAssociateSeconds: 10 },
    ranking: [cand('o', true), cand('a'), cand('b')],
    opens: { commands: ['offer o w1 until 15'], due: 10 },
    then: [{ input: { t: 2, decline: 'o' }, commands: ['offer a w2 until 17', 'offer b w2 until 17'], due: 17 }],
  },
  {
    name: 'the own associate accepting in their turn wins',
    policy: { mode: 'broadcast', size: 3, ownAssociateSeconds: 10 },
    ranking: [cand('a'), cand('o', true)],
    opens: { commands: ['offer o w1 until 15'], due: 10 },
    then: [{ input: { t: 4, accept: 'o' }, commands: ['engage o'], due: null, status: 'engaged' }],
  },
  {
    name: "sequential: the own associate's pending offer does not hold everyone's slot after their turn",
    policy: { mode: 'sequential', ownAssociateSeconds: 10 },
    ranking: [cand('o', true), cand('a'), cand('b')],
    opens: { commands: ['offer o w1 until 15'], due: 10 },
    then: [
      { input: { t: 10, tick: true }, commands: ['offer a w2 until 25'], due: 15 },
      { input: { t: 15, tick: true }, commands: ['miss o (3)'], due: 25 },
    ],
  },
  {
    name: 'an own associate who is busy gets no turn: everyone at once',
    policy: { mode: 'broadcast', size: 2, ownAssociateSeconds: 10 },
    ranking: [cand('o', true), cand('a'), cand('b')],
    busyAtOpen: ['o'],
    opens: { commands: ['offer a w1 until 15', 'offer b w1 until 15'], due: 15 },
  },
  {
    name: 'ownAssociateSeconds 0 skips the own turn',
    policy: { mode: 'broadcast', size: 2, ownAssociateSeconds: 0 },
    ranking: [cand('a'), cand('o', true)],
    opens: { commands: ['offer a w1 until 15', 'offer o w1 until 15'], due: 15 },
  },
  {
    name: 'giving up: pending offers withdrawn as expired, not counted as misses; no offer outlives the giving up',
    policy: { mode: 'waves', size: 1, waveEverySeconds: 40, offerSeconds: 60, giveUpSeconds: 90 },
    ranking: ranked('a', 'b', 'c'),
    opens: { commands: ['offer a w1 until 60'], due: 40 },
    then: [
      { input: { t: 40, tick: true }, commands: ['offer b w2 until 90'], due: 60 },
      { input: { t: 60, tick: true }, commands: ['miss a (3)'], due: 80 },
      { input: { t: 80, tick: true }, commands: ['offer c w3 until 90'], due: 90 },
      { input: { t: 91, tick: true }, commands: ['withdraw b expired', 'withdraw c expired', 'give_up nobody_accepted'], due: null, status: 'unserved' },
      { input: { t: 92, accept: 'c' }, refused: 'expired' },
    ],
  },
  {
    name: 'must contact: every offer is an assignment to acknowledge in time; not acknowledged is a miss',
    policy: { mode: 'sequential', priority: 'must', missesBeforeAway: 1 },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15 must'], due: 15 },
    then: [
      { input: { t: 15, tick: true }, commands: ['miss a (1)', 'offer b w2 until 30 must'], due: 30 },
      { input: { t: 20, accept: 'b' }, commands: ['engage b'], due: null, status: 'engaged' },
    ],
  },
  {
    name: 'an accept at or after the expiry is too late, even before the tick that records the miss',
    policy: { mode: 'sequential' },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 15, accept: 'a' }, refused: 'expired' },
      { input: { t: 15, decline: 'a' }, refused: 'expired' },
      { input: { t: 15, tick: true }, commands: ['miss a (3)', 'offer b w2 until 30'], due: 30 },
      { input: { t: 16, accept: 'a' }, refused: 'expired' },
    ],
  },
  {
    name: 'reassignment: the winner left; offered again at once without them, those who lost to them included',
    policy: { mode: 'broadcast', size: 2 },
    ranking: ranked('a', 'b', 'c'),
    opens: { commands: ['offer a w1 until 15', 'offer b w1 until 15'], due: 15 },
    then: [
      { input: { t: 3, accept: 'a' }, commands: ['withdraw b taken', 'engage a'], status: 'engaged' },
      { input: { t: 30, reassign: 'a', ranking: ranked('a', 'b', 'c', 'd') }, commands: ['offer b w2 until 45', 'offer c w2 until 45'], due: 45, status: 'offering' },
      { input: { t: 31, accept: 'a' }, refused: 'answered' },
      { input: { t: 32, accept: 'c' }, commands: ['withdraw b taken', 'engage c'], status: 'engaged' },
    ],
  },
  {
    name: 'reassignment in waves mode: a wave at once, the next one waveEverySeconds later',
    policy: { mode: 'waves', size: 1, waveEverySeconds: 15 },
    ranking: ranked('a', 'b', 'c'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 5, accept: 'a' }, commands: ['engage a'], status: 'engaged' },
      { input: { t: 40, reassign: 'a', ranking: ranked('a', 'b', 'c') }, commands: ['offer b w2 until 55'], due: 55 },
      { input: { t: 55, tick: true }, commands: ['miss b (3)', 'offer c w3 until 70'], due: 70 },
    ],
  },
  {
    name: 'reassignment with nobody else eligible: given up at once',
    policy: { mode: 'sequential' },
    ranking: ranked('a'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 5, accept: 'a' }, commands: ['engage a'] },
      { input: { t: 20, reassign: 'a', ranking: ranked('a') }, commands: ['give_up no_eligible_associates'], due: null, status: 'unserved' },
    ],
  },
  {
    name: 'reassignment after the giving-up time: given up, the winner left',
    policy: { mode: 'sequential', giveUpSeconds: 90 },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 5, accept: 'a' }, commands: ['engage a'] },
      { input: { t: 95, reassign: 'a', ranking: ranked('b') }, commands: ['give_up winner_left'], due: null, status: 'unserved' },
    ],
  },
  {
    name: 'reassignment of someone who is not the winner changes nothing',
    policy: { mode: 'sequential' },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 5, accept: 'a' }, commands: ['engage a'] },
      { input: { t: 6, reassign: 'b', ranking: ranked('b') }, commands: [], due: null, status: 'engaged' },
    ],
  },
  {
    name: 'drain: sequential, nobody left pending; a newly available associate is offered at once',
    policy: { mode: 'sequential' },
    ranking: ranked('a'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 2, decline: 'a' }, commands: [], due: 90 },
      { input: { t: 30, drain: ranked('a', 'n') }, commands: ['offer n w2 until 45'], due: 45 },
    ],
  },
  {
    name: 'drain: waves mode offers the newly eligible at once, between scheduled waves',
    policy: { mode: 'waves', size: 1, waveEverySeconds: 30, offerSeconds: 60 },
    ranking: ranked('a'),
    opens: { commands: ['offer a w1 until 60'], due: 60 },
    then: [
      { input: { t: 40, drain: ranked('n', 'a') }, commands: ['offer n w2 until 90'], due: 60 },
      { input: { t: 60, tick: true }, commands: ['miss a (3)'], due: 90 },
    ],
  },
  {
    name: 'drain: a busy associate freed takes the open slot in broadcast',
    policy: { mode: 'broadcast', size: 2 },
    ranking: ranked('a', 'b'),
    busyAtOpen: ['b'],
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [{ input: { t: 5, drain: ranked('a', 'b') }, commands: ['offer b w2 until 20'], due: 15 }],
  },
  {
    name: "drain during the own associate's turn waits for everyone's turn",
    policy: { mode: 'broadcast', size: 2, ownAssociateSeconds: 10 },
    ranking: [cand('o', true)],
    opens: { commands: ['offer o w1 until 15'], due: 10 },
    then: [
      { input: { t: 5, drain: [cand('o', true), cand('n')] }, commands: [], due: 10 },
      { input: { t: 10, tick: true }, commands: ['offer n w2 until 25'], due: 15 },
    ],
  },
  {
    name: 'drain of an opportunity no longer offering changes nothing',
    policy: { mode: 'sequential' },
    ranking: ranked('a'),
    opens: { commands: ['offer a w1 until 15'], due: 15 },
    then: [
      { input: { t: 3, accept: 'a' }, commands: ['engage a'] },
      { input: { t: 4, drain: ranked('b') }, commands: [], due: null, status: 'engaged' },
    ],
  },
  {
    name: 'a decline after the opportunity was taken is refused as taken',
    policy: { mode: 'broadcast', size: 2 },
    ranking: ranked('a', 'b'),
    opens: { commands: ['offer a w1 until 15', 'offer b w1 until 15'], due: 15 },
    then: [
      { input: { t: 3, accept: 'b' }, commands: ['withdraw a taken', 'engage b'] },
      { input: { t: 4, decline: 'a' }, refused: 'taken' },
      { input: { t: 4, decline: 'b' }, refused: 'answered' },
    ],
  },
];

describe('the offer state machine', () => {
  it.each(cases)('$name', (c) => {
    const p = policy(c.policy);
    let step = open({ openedAt: T0, policy: p, candidates: c.ranking }, T0, new Set(c.busyAtOpen));
    expect({ commands: brief(step.commands), due: dueIn(step) }).toEqual(c.opens);
    for (const { input, commands, refused, due, status } of c.then ?? []) {
      const now = at(input.t);
      const result = apply(step.state, input, now);
      const label = JSON.stringify(input);
      if (refused !== undefined) {
        expect(result.ok ? 'applied' : result.reason, label).toBe(refused);
        continue;
      }
      if (!result.ok) throw new Error(`${label} was refused: ${result.reason}`);
      step = result;
      if (commands) expect(brief(step.commands), label).toEqual(commands);
      if (due !== undefined) expect(dueIn(step), label).toBe(due);
      if (status) expect(step.state.status, label).toBe(status);
    }
  });

  it('keeps at most MAX_CANDIDATES of a long ranking, best first', () => {
    const long = Array.from({ length: MAX_CANDIDATES + 50 }, (_, i) => cand(`a${i}`));
    const step = open({ openedAt: T0, policy: policy({ mode: 'sequential' }), candidates: long }, T0);
    expect(step.state.candidates).toHaveLength(MAX_CANDIDATES);
    expect(step.state.candidates[0]!.associateId).toBe('a0');
  });

  it('opening after the giving-up time (a late first tick) gives up at once', () => {
    const step = open({ openedAt: T0, policy: policy({ mode: 'sequential' }), candidates: ranked('a') }, at(100));
    expect(brief(step.commands)).toEqual(['give_up nobody_accepted']);
  });

  it('never changes the state it was given', () => {
    const first = open({ openedAt: T0, policy: policy({ mode: 'broadcast', size: 2 }), candidates: ranked('a', 'b') }, T0);
    const frozen = structuredClone(first.state);
    accept(first.state, 'a', at(1));
    decline(first.state, 'b', at(1));
    tick(first.state, at(100));
    expect(first.state).toEqual(frozen);
  });

  it('offers carry the score and parts of the ranking, for the associate to read', () => {
    const step = open({ openedAt: T0, policy: policy({ mode: 'sequential' }), candidates: [cand('a', false, 0.83)] }, T0);
    expect(step.commands[0]).toMatchObject({ type: 'offer', associateId: 'a', score: 0.83, parts: { load: { part: 1, weight: 1 } } });
  });
});

function apply(state: OfferMachineState, input: Input, now: number) {
  if ('tick' in input) return { ok: true as const, ...tick(state, now, new Set(input.busy)) };
  if ('accept' in input) return accept(state, input.accept, now);
  if ('decline' in input) return decline(state, input.decline, now, new Set(input.busy));
  if ('reassign' in input) return { ok: true as const, ...reassign(state, input.reassign, now, input.ranking) };
  return { ok: true as const, ...drain(state, now, input.drain, new Set(input.busy)) };
}
