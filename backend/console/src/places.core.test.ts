import { describe, expect, it } from 'vitest';
import type { ConsoleMe, SupportAccess } from '../../../shared/console';
import { endText, placeNote, placesOf } from './places.core';

const VOLT = '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f';
const SUMMIT = '1c8d7b63-4a2f-4d3b-8e8f-6b2c3d4e5f60';
const clock = { now: new Date('2026-03-02T12:00:00.000Z'), locale: 'en-GB', timeZone: 'UTC' };

const access = (enterpriseId: string, enterpriseName: string, endsAt: string): SupportAccess => ({
  id: crypto.randomUUID(),
  enterpriseId,
  enterpriseName,
  operatorId: crypto.randomUUID(),
  operatorEmail: 'operator@marketplace.example',
  reason: 'A ticket',
  startedAt: '2026-03-02T11:30:00.000Z',
  endsAt,
  endedAt: null,
});

const me = (over: Partial<ConsoleMe>): ConsoleMe => ({
  user: { id: crypto.randomUUID(), email: 'op@marketplace.example', name: 'Op', operator: true, totpEnabled: false },
  memberships: [],
  supportAccesses: [],
  csrfToken: 'csrf',
  ...over,
});

describe('the enterprise switcher', () => {
  it('says "support access" and its end for an enterprise reached by one, not the admin role it acts with', () => {
    const [place] = placesOf(me({ supportAccesses: [access(VOLT, 'Voltaire Retail', '2026-03-02T12:45:00.000Z')] }));
    expect(place).toMatchObject({ enterpriseId: VOLT, enterpriseName: 'Voltaire Retail', role: 'admin', support: { endsAt: '2026-03-02T12:45:00.000Z' } });
    expect(placeNote(place!, clock)).toBe('Support access until 12:45');
  });

  it('names the day of an end that is not today', () => {
    expect(endText('2026-03-03T01:15:00.000Z', clock)).toBe('3 Mar, 01:15');
  });

  it('shows a membership with its role, and a suspended enterprise as suspended', () => {
    const places = placesOf(
      me({
        memberships: [
          { enterpriseId: VOLT, enterpriseName: 'Voltaire Retail', role: 'sales_lead', suspended: false },
          { enterpriseId: SUMMIT, enterpriseName: 'Summit Outdoor Co.', role: 'owner', suspended: true },
        ],
      }),
    );
    expect(places.map((p) => placeNote(p, clock))).toEqual(['Sales lead', 'suspended']);
    expect(places.every((p) => p.support === null)).toBe(true);
  });

  it('keeps a member’s own role where they also hold a support access, and leaves out ended accesses', () => {
    const places = placesOf(
      me({
        memberships: [{ enterpriseId: VOLT, enterpriseName: 'Voltaire Retail', role: 'analyst', suspended: false }],
        supportAccesses: [access(VOLT, 'Voltaire Retail', '2026-03-02T13:00:00.000Z'), { ...access(SUMMIT, 'Summit Outdoor Co.', '2026-03-02T13:00:00.000Z'), endedAt: '2026-03-02T11:59:00.000Z' }],
      }),
    );
    expect(places.map((p) => [p.enterpriseName, placeNote(p, clock)])).toEqual([['Voltaire Retail', 'Analyst']]);
  });
});
