import { describe, expect, it } from 'vitest';
import { changeOfMessage, changesByEnterprise, PendingChanges } from './changes.core';

const E1 = 'e1';
const E2 = 'e2';

describe('PendingChanges and changesByEnterprise: one hint per enterprise per batch', () => {
  it('gathers changes by enterprise, by associate (for each enterprise they work for) and by session, in a fixed order', () => {
    const pending = new PendingChanges();
    expect(pending.empty).toBe(true);
    pending.associate('ana', 'engagements');
    pending.enterprise(E1, 'opportunities');
    pending.associate('ana', 'associates');
    pending.enterprise(E1, 'opportunities');
    pending.associate('nobody', 'associates');
    pending.sessionsIngested(['s1', 's2']);
    expect(pending.empty).toBe(false);
    const taken = pending.take();
    expect(pending.empty).toBe(true);
    expect(taken.sessions).toEqual(['s1', 's2']);
    const changes = changesByEnterprise(taken, new Map([['ana', [E1, E2]]]), [E2]);
    expect(Object.fromEntries(changes)).toEqual({
      [E1]: ['opportunities', 'associates', 'engagements'],
      [E2]: ['shoppers', 'associates', 'engagements'],
    });
  });
});

describe('changeOfMessage', () => {
  const associate = { associateId: 'ana' };
  const shopper = { shopperId: 'sam' };
  it.each<[string, Parameters<typeof changeOfMessage>[0], Parameters<typeof changeOfMessage>[1], ReturnType<typeof changeOfMessage>]>([
    ['an offer-update', associate, { v: 1, type: 'offer-update', offerId: 'o', status: 'taken' }, { associateId: 'ana', changes: ['opportunities'] }],
    ['a presence', associate, { v: 1, type: 'presence', presence: 'away' }, { associateId: 'ana', changes: ['associates'] }],
    ['a ping', associate, { v: 1, type: 'ping' }, null],
    ['a practices hint', associate, { v: 1, type: 'practices', engagementId: 'x' }, null],
    ['a leave-message with its enterprise', shopper, { v: 1, type: 'leave-message', opportunityId: 'o', enterpriseId: E1, reason: 'r' }, { enterpriseId: E1, changes: ['opportunities'] }],
    ['an invitation-update (the associate is told too)', shopper, { v: 1, type: 'invitation-update', engagementId: 'x', status: 'accepted' }, null],
  ])('%s', (_, recipient, message, expected) => expect(changeOfMessage(recipient, message)).toEqual(expected));
});
