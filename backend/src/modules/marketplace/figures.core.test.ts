import { describe, expect, it } from 'vitest';
import type { MarketplaceEnterprise } from '../../../../shared/console';
import { noFigures, sortEnterprises } from './figures.core';

const e = (id: string, name: string, createdAt: string, sessions7d: number): MarketplaceEnterprise => ({
  id,
  name,
  slug: name.toLowerCase(),
  createdAt,
  suspendedAt: null,
  feeBasisPoints: null,
  figures: { ...noFigures(), sessions7d },
});

const list = [e('3', 'Cedar', '2026-01-03T00:00:00.000Z', 5), e('1', 'alder', '2026-01-01T00:00:00.000Z', 9), e('2', 'Birch', '2026-01-02T00:00:00.000Z', 5)];

describe('sortEnterprises', () => {
  it('by name, A to Z whatever the case', () => {
    expect(sortEnterprises(list, 'name').map((x) => x.name)).toEqual(['alder', 'Birch', 'Cedar']);
  });

  it('by a figure, largest first, ties by name', () => {
    expect(sortEnterprises(list, 'sessions7d').map((x) => x.name)).toEqual(['alder', 'Birch', 'Cedar']);
  });

  it('by creation, newest first; the input is not changed', () => {
    expect(sortEnterprises(list, 'created').map((x) => x.id)).toEqual(['3', '2', '1']);
    expect(list.map((x) => x.id)).toEqual(['3', '1', '2']);
  });
});
