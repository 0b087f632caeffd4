import type { CallView, ShopperPhoneView, TextView } from '../../../../shared/telephony';

/** The console's telephone fixtures (tests and the screenshots). */
export const GIVEN: ShopperPhoneView = { given: true, masked: '+44 ••• ••• ••56', purposes: ['call', 'text'], givenAt: '2026-03-01T11:58:00Z' };
export const NOT_GIVEN: ShopperPhoneView = { given: false, masked: null, purposes: [], givenAt: null };

/** A click-to-call of engagement eng-1 (the associate's leg queued), changed by `change`. */
export function call(change: Partial<CallView> = {}): CallView {
  return {
    callId: 'c1',
    engagementId: 'eng-1',
    direction: 'click-to-call',
    associateVia: 'phone',
    state: 'calling-associate',
    outcome: null,
    startedAt: '2026-03-01T11:59:00Z',
    connectedAt: null,
    endedAt: null,
    talkSeconds: null,
    legs: [{ leg: 'associate', status: 'queued', startedAt: '2026-03-01T11:59:00Z', answeredAt: null, endedAt: null, durationSeconds: null }],
    ...change,
  };
}

/** A text the associate sent (queued), changed by `change`. */
export function text(change: Partial<TextView> = {}): TextView {
  return {
    textId: 't1',
    direction: 'out',
    body: 'Trail Tent 2P, 349.00 EUR: https://shop.example/p/tt-2p',
    status: 'queued',
    errorCode: null,
    sentAt: '2026-03-01T11:59:30Z',
    updatedAt: '2026-03-01T11:59:30Z',
    ...change,
  };
}
