import { describe, expect, it } from 'vitest';
import { requiredTestText } from './admission-text.core';

describe('requiredTestText', () => {
  const test = { bankId: 'b1', title: 'Volt audio basics', category: ['Audio', 'Headphones'], level: 3 };
  it('says nothing when no test is required', () => {
    expect(requiredTestText({ enterpriseName: 'Voltaire Retail', requiredTest: null })).toBeNull();
  });
  it('names the test to pass first, and says when it is passed', () => {
    expect(requiredTestText({ enterpriseName: 'Voltaire Retail', requiredTest: { ...test, passed: false } })).toBe(
      'Voltaire Retail asks you to pass its test “Volt audio basics” (Audio › Headphones, level 3) before you accept.',
    );
    expect(requiredTestText({ enterpriseName: 'Voltaire Retail', requiredTest: { ...test, passed: true } })).toBe(
      'You passed “Volt audio basics” (Audio › Headphones, level 3), which Voltaire Retail requires: you can accept.',
    );
  });
});
