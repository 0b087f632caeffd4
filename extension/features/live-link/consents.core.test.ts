import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS } from '../../../shared/live';
import { ask, type Consent, type ConsentWord, type Consents, endAll, granted, hear, lapse, noConsents } from './consents.core';

const T = 1_000_000;
const LAPSE = LIVE_LIMITS.consentLapsesMs;
const asking = (id: string, at = T): Consent => ({ state: 'asking', ask: { id, askedAt: at, lapsesAt: at + LAPSE }, last: null });
const on: Consent = { state: 'on', ask: null, last: 'yes' };
const with_ = (view: Consent): Consents => ({ ...noConsents, view });

describe('asking: one policy for a second ask', () => {
  const cases: { name: string; from: Consent; id: string; to: Consent; outcome: unknown }[] = [
    { name: 'off: asked, with the whole lapse', from: noConsents.view, id: 'a', to: asking('a'), outcome: { kind: 'asked', replaced: null } },
    { name: 'after a no: asked again', from: { state: 'off', ask: null, last: 'no' }, id: 'b', to: asking('b'), outcome: { kind: 'asked', replaced: null } },
    { name: 'on: nothing to ask', from: on, id: 'b', to: on, outcome: { kind: 'already-on' } },
    { name: 'the same request again: nothing changes', from: asking('a', T - 5_000), id: 'a', to: asking('a', T - 5_000), outcome: { kind: 'repeat' } },
    { name: 'a new request while one waits: it replaces it, the earlier lapses', from: asking('a', T - 5_000), id: 'b', to: asking('b'), outcome: { kind: 'asked', replaced: 'a' } },
  ];
  it.each(cases)('$name', ({ from, id, to, outcome }) => {
    const out = ask(with_(from), 'view', id, T);
    expect(out.consents.view).toEqual(to);
    expect(out.outcome).toEqual(outcome);
    expect(out.consents.guide).toBe(noConsents.guide);
  });
});

describe('hearing the shopper', () => {
  const cases: { name: string; from: Consent; word: Omit<ConsentWord, 'scope'>; to: Consent; changed: boolean }[] = [
    { name: 'yes to the request: on', from: asking('a'), word: { granted: true, requestId: 'a' }, to: on, changed: true },
    { name: 'no to the request: off, said no', from: asking('a'), word: { granted: false, requestId: 'a' }, to: { state: 'off', ask: null, last: 'no' }, changed: false },
    { name: 'lapsed on the shopper’s side: off, lapsed', from: asking('a'), word: { granted: false, requestId: 'a', lapsed: true }, to: { state: 'off', ask: null, last: 'lapsed' }, changed: false },
    { name: 'an answer to a replaced request: nothing', from: asking('b'), word: { granted: false, requestId: 'a', lapsed: true }, to: asking('b'), changed: false },
    { name: 'a yes to a replaced request: nothing either', from: asking('b'), word: { granted: true, requestId: 'a' }, to: asking('b'), changed: false },
    { name: 'a no without a request while asking: off, said no', from: asking('a'), word: { granted: false }, to: { state: 'off', ask: null, last: 'no' }, changed: false },
    { name: 'taken back while on: off, revoked', from: on, word: { granted: false }, to: { state: 'off', ask: null, last: 'revoked' }, changed: true },
    { name: 'said again while on (a reconnection): nothing', from: on, word: { granted: true }, to: on, changed: false },
    { name: 'a yes out of the blue (the state after a reload): on', from: noConsents.view, word: { granted: true }, to: on, changed: true },
    { name: 'a no while off: nothing', from: { state: 'off', ask: null, last: 'no' }, word: { granted: false }, to: { state: 'off', ask: null, last: 'no' }, changed: false },
  ];
  it.each(cases)('$name', ({ from, word, to, changed }) => {
    const out = hear(with_(from), { scope: 'view', ...word });
    expect(out.consents.view).toEqual(to);
    expect(out.changed).toBe(changed);
  });
});

describe('one lapse', () => {
  it('a request lapses exactly at its lapse, not a millisecond before', () => {
    const c: Consents = { ...noConsents, view: asking('a'), guide: asking('g', T + 1), voice: on };
    expect(lapse(c, T + LAPSE - 1).lapsed).toEqual([]);
    const out = lapse(c, T + LAPSE);
    expect(out.lapsed).toEqual([{ scope: 'view', id: 'a' }]);
    expect(out.consents).toEqual({ view: { state: 'off', ask: null, last: 'lapsed' }, guide: asking('g', T + 1), voice: on });
    expect(lapse(c, T + LAPSE - 1).consents).toBe(c);
  });
});

describe('the end', () => {
  it('turns everything off; what was on or asked ended with it', () => {
    const c: Consents = { view: on, guide: asking('g'), voice: { state: 'off', ask: null, last: 'no' } };
    const ended = endAll(c);
    expect(ended).toEqual({ view: { state: 'off', ask: null, last: 'ended' }, guide: { state: 'off', ask: null, last: 'ended' }, voice: c.voice });
    expect(granted(ended)).toEqual({ view: false, guide: false, voice: false });
    expect(granted(c)).toEqual({ view: true, guide: false, voice: false });
  });
});
