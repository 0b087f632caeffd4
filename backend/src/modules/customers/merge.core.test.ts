import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../../db/schema/customers';
import { factsOf, mergeFacts, NO_FACTS, type ProfileSource } from './merge.core';

const facts = (f: Partial<CustomerFacts>): CustomerFacts => ({ ...NO_FACTS, ...f });

describe('merging what the sources know of a customer', () => {
  it.each<[string, Partial<Record<ProfileSource, CustomerFacts | null>>, CustomerFacts | null]>([
    ['nothing known anywhere', {}, null],
    ['no source knows the customer', { push: null, lookup: null, enrichment: null }, null],
    ['one source', { lookup: facts({ tier: 'gold' }) }, facts({ tier: 'gold' })],
    ['the push wins over the lookup', { push: facts({ tier: 'platinum' }), lookup: facts({ tier: 'gold' }) }, facts({ tier: 'platinum' })],
    ['the lookup wins over the enrichment', { lookup: facts({ tier: 'gold' }), enrichment: facts({ tier: 'bronze' }) }, facts({ tier: 'gold' })],
    ['per field: what the push leaves out comes from the others', { push: facts({ tier: 'gold' }), lookup: facts({ notes: 'Prefers phone' }), enrichment: facts({ tier: 'x', notes: 'y' }) }, facts({ tier: 'gold', notes: 'Prefers phone' })],
    [
      'a lifetime value travels with its currency, never one from each',
      { push: facts({ lifetimeValue: '10.00', currency: null }), lookup: facts({ lifetimeValue: null, currency: 'EUR' }), enrichment: facts({ lifetimeValue: '5000.00', currency: 'USD' }) },
      facts({ lifetimeValue: '5000.00', currency: 'USD' }),
    ],
    ['the push’s lifetime value wins', { push: facts({ lifetimeValue: '1200.50', currency: 'EUR' }), enrichment: facts({ lifetimeValue: '5000.00', currency: 'USD' }) }, facts({ lifetimeValue: '1200.50', currency: 'EUR' })],
    [
      'tags are joined, the first spelling kept, without case',
      { push: facts({ tags: ['VIP', 'golf'] }), lookup: facts({ tags: ['vip', 'newsletter'] }), enrichment: facts({ tags: ['Golf', 'churn-risk'] }) },
      facts({ tags: ['VIP', 'golf', 'newsletter', 'churn-risk'] }),
    ],
    ['a source that does not know the customer adds nothing', { push: null, enrichment: facts({ tags: ['b2b'] }) }, facts({ tags: ['b2b'] })],
  ])('%s', (_name, known, expected) => expect(mergeFacts(known)).toEqual(expected));

  it.each([
    ['an empty profile', {}, NO_FACTS],
    ['every field', { tier: 'gold', lifetimeValue: { value: '12000.00', currency: 'EUR' }, tags: ['vip'], notes: 'Call first' }, { tier: 'gold', lifetimeValue: '12000.00', currency: 'EUR', tags: ['vip'], notes: 'Call first' }],
    ['nulls', { tier: null, lifetimeValue: null, notes: null }, NO_FACTS],
    ['repeated tags once', { tags: ['vip', 'VIP', 'golf'] }, { ...NO_FACTS, tags: ['vip', 'golf'] }],
  ])('reads %s as facts', (_name, body, expected) => expect(factsOf(body)).toEqual(expected));
});
