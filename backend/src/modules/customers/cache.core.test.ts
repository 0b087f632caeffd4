import { describe, expect, it } from 'vitest';
import { dueSources, expiresAt, isFresh } from './cache.core';

describe('cache freshness', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);

  it.each<[string, Parameters<typeof dueSources>[0], Parameters<typeof dueSources>[1], string[]]>([
    ['nothing configured, nothing to call', [], [], []],
    ['configured and never asked', ['lookup', 'enrichment'], [], ['lookup', 'enrichment']],
    ['a fresh answer is used', ['lookup'], [{ source: 'lookup', expiresAt: expiresAt(ago(10), 300) }], []],
    ['an answer at its expiry is stale', ['lookup'], [{ source: 'lookup', expiresAt: now }], ['lookup']],
    ['a stale answer is asked again', ['lookup', 'enrichment'], [{ source: 'lookup', expiresAt: expiresAt(ago(301), 300) }, { source: 'enrichment', expiresAt: expiresAt(ago(1), 3600) }], ['lookup']],
    ['a pushed profile never makes a call', ['enrichment'], [{ source: 'push', expiresAt: null }], ['enrichment']],
    ['an answer from a source no longer configured is ignored', [], [{ source: 'lookup', expiresAt: ago(1) }], []],
  ])('%s', (_name, configured, cached, expected) => expect(dueSources(configured, cached, now)).toEqual(expected));

  it('keeps a pushed profile fresh forever', () => expect(isFresh({ source: 'push', expiresAt: null }, new Date('2999-01-01'))).toBe(true));
});
