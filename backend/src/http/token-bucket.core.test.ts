import { describe, expect, it } from 'vitest';
import { fullAtMs, isFull, take, waitMs } from './token-bucket.core';

const cfg = { capacity: 100, perSecond: 10 };

describe('token bucket', () => {
  it.each([
    ['a new shopper may spend the whole burst', undefined, 100, 0, true, 0],
    ['spending past the burst waits for the refill', { tokens: 5, updatedMs: 0 }, 25, 0, false, 2000],
    ['time refills the bucket', { tokens: 5, updatedMs: 0 }, 25, 2000, true, 0],
    ['refill stops at capacity', { tokens: 0, updatedMs: 0 }, 100, 60_000, true, 0],
    ['a cost above capacity is capped, so it can pass once full', { tokens: 100, updatedMs: 0 }, 500, 0, true, 0],
  ] as const)('%s', (_name, bucket, cost, now, ok, wait) => {
    const r = take(bucket, cost, now, cfg);
    expect(r.ok).toBe(ok);
    expect(r.ok ? 0 : r.retryAfterMs).toBe(wait);
  });

  it('knows when a bucket can be forgotten', () => {
    expect(isFull({ tokens: 50, updatedMs: 0 }, 5000, cfg)).toBe(true);
    expect(isFull({ tokens: 50, updatedMs: 0 }, 4000, cfg)).toBe(false);
  });

  it.each([
    ['a missing bucket is full at once', undefined, 0, 0],
    ['a bucket with a token left', { tokens: 1.5, updatedMs: 0 }, 0, 0],
    ['an empty bucket waits for one token', { tokens: 0, updatedMs: 0 }, 0, 100],
    ['time counts towards the wait', { tokens: 0, updatedMs: 0 }, 60, 40],
  ] as const)('waits for one token: %s', (_name, bucket, now, wait) => expect(waitMs(bucket, now, cfg)).toBe(wait));

  it('says when a bucket is full again', () => {
    expect(fullAtMs({ tokens: 50, updatedMs: 1000 }, cfg)).toBe(6000);
    expect(fullAtMs({ tokens: 100, updatedMs: 1000 }, cfg)).toBe(1000);
  });
});
