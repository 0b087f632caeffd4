import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoggedDecision, estimatePolicyValue, holdoutLift } from './offline.core';
import { seededRandom } from './random.core';

/** Logs of a uniform policy over items with the given conversion rates, rewards drawn with `seed`. */
function uniformLogs(rates: number[], n: number, seed: number, target: (item: number) => number): LoggedDecision[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const item = Math.floor(random() * rates.length);
    return { loggedProbability: 1 / rates.length, targetProbability: target(item), reward: random() < rates[item]! ? 1 : 0 };
  });
}

describe('estimating a policy’s value from the log', () => {
  it.each([
    ['the logging policy itself: both estimates are the mean reward', [{ loggedProbability: 0.5, targetProbability: 0.5, reward: 1 }, { loggedProbability: 0.2, targetProbability: 0.2, reward: 0 }], 0.5, 0.5],
    ['a target that always shows the rewarded item', [{ loggedProbability: 0.5, targetProbability: 1, reward: 1 }, { loggedProbability: 0.5, targetProbability: 0, reward: 0 }], 1, 1],
    ['weights above one: IPS can pass the largest reward, SNIPS cannot', [{ loggedProbability: 0.25, targetProbability: 1, reward: 1 }, { loggedProbability: 0.5, targetProbability: 1, reward: 0 }], 2, 4 / 6],
    ['amounts in minor units as rewards', [{ loggedProbability: 0.5, targetProbability: 0.5, reward: 12_000 }, { loggedProbability: 0.5, targetProbability: 0.5, reward: 0 }], 6_000, 6_000],
  ])('%s', (_name, decisions, ips, snips) => {
    const value = estimatePolicyValue(decisions, seededRandom(1), { resamples: 200 });
    expect(value.decisions).toBe(decisions.length);
    expect(value.ips.value).toBeCloseTo(ips, 9);
    expect(value.snips.value).toBeCloseTo(snips, 9);
    for (const e of [value.ips, value.snips]) expect(e.low).toBeLessThanOrEqual(e.high);
  });

  it('recovers a known policy value within its interval on synthetic logs', () => {
    const rates = [0.05, 0.1, 0.3, 0.15];
    // The target always shows item 2 (true value 0.3); a second one is uniform over items 0 and 1 (0.075).
    const best = estimatePolicyValue(uniformLogs(rates, 8000, 11, (i) => (i === 2 ? 1 : 0)), seededRandom(2));
    const half = estimatePolicyValue(uniformLogs(rates, 8000, 12, (i) => (i < 2 ? 0.5 : 0)), seededRandom(3));
    for (const [value, truth] of [[best, 0.3], [half, 0.075]] as const) {
      for (const e of [value.ips, value.snips]) {
        expect(e.low).toBeLessThan(truth);
        expect(e.high).toBeGreaterThan(truth);
        expect(e.high - e.low).toBeLessThan(0.06);
      }
    }
    expect(best.effectiveSampleSize).toBeCloseTo(2000, -2);
  });

  it('covers the true value about 95% of the time over many logs', () => {
    const rates = [0.1, 0.2, 0.4];
    let covered = 0;
    const trials = 100;
    for (let t = 0; t < trials; t++) {
      const value = estimatePolicyValue(uniformLogs(rates, 600, 100 + t, (i) => (i === 2 ? 1 : 0)), seededRandom(t), { resamples: 300 });
      if (value.snips.low <= 0.4 && 0.4 <= value.snips.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(88);
    expect(covered).toBeLessThanOrEqual(100);
  });

  it('gives the same intervals for the same seed', () => {
    const logs = uniformLogs([0.1, 0.3], 500, 5, (i) => i);
    expect(estimatePolicyValue(logs, seededRandom(9))).toEqual(estimatePolicyValue(logs, seededRandom(9)));
  });

  it('reports nothing rather than a number from no decisions', () => {
    const value = estimatePolicyValue([], seededRandom(1));
    expect(value.decisions).toBe(0);
    expect(value.ips.value).toBeNaN();
  });

  it.each([
    ['a logged probability of 0', { loggedProbability: 0, targetProbability: 1, reward: 1 }, /logged probability/],
    ['a logged probability above 1', { loggedProbability: 1.5, targetProbability: 1, reward: 1 }, /logged probability/],
    ['a negative target probability', { loggedProbability: 0.5, targetProbability: -0.1, reward: 1 }, /target probability/],
    ['a reward that is not a number', { loggedProbability: 0.5, targetProbability: 1, reward: NaN }, /reward/],
  ])('refuses %s', (_name, decision, message) => {
    expect(() => estimatePolicyValue([decision], seededRandom(1))).toThrow(message);
  });

  it('keeps SNIPS within the rewards’ range and its interval around it', () => {
    const decision = fc.record({
      loggedProbability: fc.double({ min: 0.01, max: 1, noNaN: true }),
      targetProbability: fc.double({ min: 0, max: 1, noNaN: true }),
      reward: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(fc.array(decision, { minLength: 1, maxLength: 40 }), fc.nat(), (decisions, seed) => {
        const value = estimatePolicyValue(decisions, seededRandom(seed), { resamples: 50 });
        expect(value.snips.value).toBeGreaterThanOrEqual(0);
        expect(value.snips.value).toBeLessThanOrEqual(1);
        expect(value.snips.low).toBeLessThanOrEqual(value.snips.high);
        expect(value.ips.low).toBeLessThanOrEqual(value.ips.high);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the holdout’s lift', () => {
  it('is the difference of the mean rewards, with an interval around a known difference', () => {
    const random = seededRandom(4);
    const treated = Array.from({ length: 4000 }, (): number => (random() < 0.2 ? 1 : 0));
    const holdout = Array.from({ length: 1000 }, (): number => (random() < 0.1 ? 1 : 0));
    const lift = holdoutLift(treated, holdout, seededRandom(5));
    expect(lift.value).toBeCloseTo(treated.reduce((a, b) => a + b, 0) / 4000 - holdout.reduce((a, b) => a + b, 0) / 1000, 12);
    expect(lift.low).toBeLessThan(0.1);
    expect(lift.high).toBeGreaterThan(0.1);
    expect(lift.low).toBeGreaterThan(0);
  });

  it('is unknown while either group is empty', () => {
    expect(holdoutLift([1, 0], [], seededRandom(1)).value).toBeNaN();
  });
});
