import { describe, expect, it } from 'vitest';
import { jsonDiff, pathLabel, sameJson, shortValue } from './json-diff.core';

describe('jsonDiff', () => {
  it('names each changed, added and removed field by its path', () => {
    const before = { name: 'Volt', active: true, adapter: { mask: ['.a', '.b'], product: { name: { selector: 'h1' } } }, gone: 1 };
    const after = { name: 'Volt Pro', active: true, adapter: { mask: ['.a'], product: { name: { selector: 'h1.title' }, price: { selector: '.p' } } }, fresh: 'x' };
    expect(jsonDiff(before, after)).toEqual([
      { path: ['name'], kind: 'changed', from: 'Volt', to: 'Volt Pro' },
      { path: ['adapter', 'mask', 1], kind: 'removed', from: '.b' },
      { path: ['adapter', 'product', 'name', 'selector'], kind: 'changed', from: 'h1', to: 'h1.title' },
      { path: ['adapter', 'product', 'price', 'selector'], kind: 'added', to: '.p' },
      { path: ['gone'], kind: 'removed', from: 1 },
      { path: ['fresh'], kind: 'added', to: 'x' },
    ]);
  });

  it('reads a thing made as its fields added, and a thing removed as its fields removed', () => {
    expect(jsonDiff(null, { label: 'k', prefix: 'fwk_1' })).toEqual([
      { path: ['label'], kind: 'added', to: 'k' },
      { path: ['prefix'], kind: 'added', to: 'fwk_1' },
    ]);
    expect(jsonDiff({ label: 'k' }, null)).toEqual([{ path: ['label'], kind: 'removed', from: 'k' }]);
    expect(jsonDiff({ adapter: null }, { adapter: { mask: ['.a'] } })).toEqual([{ path: ['adapter', 'mask'], kind: 'added', to: ['.a'] }]);
    expect(jsonDiff({ adapter: { mask: ['.a'] } }, { adapter: null })).toEqual([{ path: ['adapter', 'mask'], kind: 'removed', from: ['.a'] }]);
    expect(jsonDiff({ adapter: null }, { adapter: {} })).toEqual([{ path: ['adapter'], kind: 'changed', from: null, to: {} }]);
  });

  it('finds nothing between equal values, whatever the order of keys', () => {
    expect(jsonDiff({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
    expect(jsonDiff(null, null)).toEqual([]);
  });

  it('compares values of different kinds whole', () => {
    expect(jsonDiff({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: ['a'], kind: 'changed', from: [1], to: { 0: 1 } }]);
    expect(jsonDiff(3, 'three')).toEqual([{ path: [], kind: 'changed', from: 3, to: 'three' }]);
    expect(jsonDiff({ a: null }, { a: 0 })).toEqual([{ path: ['a'], kind: 'changed', from: null, to: 0 }]);
  });

  it('tells equal from different JSON', () => {
    expect(sameJson([1, 2], [1, 2])).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(false);
  });
});

describe('labels', () => {
  it('writes a path as people read it', () => {
    expect(pathLabel(['adapter', 'mask', 2])).toBe('adapter.mask[2]');
    expect(pathLabel([0, 'a'])).toBe('[0].a');
    expect(pathLabel([])).toBe('(whole value)');
  });
  it('writes a value in one line, cut when long', () => {
    expect(shortValue('x')).toBe('"x"');
    expect(shortValue({ a: 1 })).toBe('{"a":1}');
    expect(shortValue(undefined)).toBe('—');
    expect(shortValue('y'.repeat(200), 10)).toHaveLength(10);
  });
});
