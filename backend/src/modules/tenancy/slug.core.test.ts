import { describe, expect, it } from 'vitest';
import { slugify } from './slug.core';

describe('slugify', () => {
  it.each([
    ['Voltaire Retail', 'voltaire-retail'],
    ['Summit Outdoor Co.', 'summit-outdoor-co'],
    ['Café Müller & Söhne', 'cafe-muller-sohne'],
    ['  --Hello--  ', 'hello'],
    ['日本', 'enterprise'],
  ])('%s → %s', (name, slug) => expect(slugify(name)).toBe(slug));
});
