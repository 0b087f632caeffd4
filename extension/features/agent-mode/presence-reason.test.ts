import { describe, expect, it } from 'vitest';
import { presenceReasonText } from './presence-reason';

describe('why the associate is away, in their words', () => {
  it.each([
    [null, null],
    ['', null],
    ['missed_offers', 'You were set away after missing several offers in a row. Switch back to available when you are ready.'],
    ['declined_and_away', 'You went away when you declined an offer.'],
    ['admin_forced_away', 'You were set away by your shop. Switch back to available when you are ready.'],
  ])('%s', (reason, text) => {
    expect(presenceReasonText(reason)).toBe(text);
    // No server code ever shows (no underscores, no raw reason).
    if (reason) expect(presenceReasonText(reason) ?? '').not.toContain(reason);
  });
});
