import { AssociatePhone } from '../../../shared/telephony';
import type { ShopperEvent } from '../../../shared/events';
import type { EngagementView } from '../../../shared/realtime';
import type { ParticipatingSite } from '../../../shared/sites';
import type { Fetch } from '../api';

export interface RecordedRequest {
  method: string;
  /** Origin and any path prefix, e.g. "http://localhost:8787". */
  base: string;
  path: string;
  token: string | null;
  body: unknown;
}

type Override = Response | 'network-error' | ((request: RecordedRequest) => Response | 'network-error');

export const DEMO_SITES: ParticipatingSite[] = [
  { id: 'site_1', enterpriseId: 'enterprise_audio', domain: 'localhost:4101', name: 'Demo Audio', adapter: null },
  { id: 'site_2', enterpriseId: 'enterprise_example', domain: 'shop.example', name: 'Example Shop', adapter: null },
];

/** An associate account the fake backend knows (agent mode). */
export interface FakeAssociate {
  id: string;
  email: string;
  password: string;
  displayName: string;
  presence: 'available' | 'away';
  presenceReason: string | null;
  contact: { notify: boolean; sound: boolean; channels: ('chat' | 'voice' | 'cobrowse')[]; phone?: string };
}

export const DEMO_ASSOCIATE: FakeAssociate = {
  id: 'associate-1',
  email: 'ana@voltaire.example',
  password: 'correct horse battery',
  displayName: 'Ana',
  presence: 'available',
  presenceReason: null,
  contact: { notify: true, sound: false, channels: ['chat'] },
};

/**
 * An in-memory backend behind a `fetch`, for tests: it registers shoppers, stores each
 * event id once per shopper like the real one, signs associates in, takes their presence,
 * accepts and declines offers and the shopper's answers, and answers with whatever a test
 * queues up with `next(path, answer)` first.
 */
/** An enterprise's invitation as the invited associate sees it (shared/associates.ts MyAdmission). */
export interface FakeAdmission {
  enterpriseId: string;
  enterpriseName: string;
  status: 'invited' | 'accepted' | 'declined' | 'withdrawn';
  invitedAt: string;
  answeredAt: string | null;
  paused: boolean;
}

export function createFakeBackend(options: { sites?: ParticipatingSite[]; ttlSeconds?: number; associates?: FakeAssociate[]; admissions?: FakeAdmission[] } = {}) {
  const requests: RecordedRequest[] = [];
  const tokens = new Set<string>();
  const stored = new Map<string, ShopperEvent>();
  const overrides = new Map<string, Override[]>();
  let shoppers = 0;
  const associates = (options.associates ?? [DEMO_ASSOCIATE]).map((a) => ({ ...a }));
  const associateTokens = new Map<string, FakeAssociate>();
  /** Each associate token's device, as GET /me/devices lists it (shared/associates.ts Device, without `current`). */
  const devices = new Map<string, { id: string; label: string | null; createdAt: string; lastUsedAt: string | null; expiresAt: string }>();
  let signIns = 0;
  /** Every signed-in associate's schedule exceptions by date (one list: tests sign one associate in). */
  const exceptions = new Map<string, { date: string; periods: { from: string; to: string }[]; note: string | null }>();
  /** Every signed-in associate's invitations (one list: tests sign one associate in). */
  const admissions = (options.admissions ?? []).map((a) => ({ ...a }));
  /** As the API shows an associate (shared/associates.ts AssociateView). */
  const view = ({ password: _, ...a }: FakeAssociate) => ({
    ...a,
    employment: 'employed',
    employerId: 'enterprise-1',
    languages: ['en'],
    timezone: 'UTC',
    schedule: [],
    capacity: 3,
    connected: false,
    presenceChangedAt: new Date(0).toISOString(),
    accreditations: [{ category: ['Audio'], level: 4, expiresAt: null, enterpriseId: 'enterprise-1', enterpriseName: 'Voltaire' }],
    testAccreditations: [],
    status: 'active',
    createdAt: new Date(0).toISOString(),
  });
  const unauthorized = () => json(401, { error: { code: 'unauthorized', message: 'Unknown token.' } });

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  const fetch: Fetch = async (input, init = {}) => {
    const url = new URL(input);
    const auth = new Headers(init.headers).get('authorization');
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      base: input.slice(0, input.indexOf('/api/v1/')),
      path: url.pathname.slice(url.pathname.indexOf('/api/v1/')),
      token: auth?.replace(/^Bearer /, '') ?? null,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const override = overrides.get(request.path)?.shift();
    if (override) {
      const answer = typeof override === 'function' ? override(request) : override;
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      return answer;
    }
    switch (request.path) {
      case '/api/v1/sites':
        return json(200, { sites: options.sites ?? DEMO_SITES, ttlSeconds: options.ttlSeconds ?? 300 });
      case '/api/v1/shoppers': {
        shoppers += 1;
        const token = `token-${shoppers}`;
        tokens.add(token);
        return json(201, { shopperId: `shopper-${shoppers}`, token, createdAt: new Date(0).toISOString() });
      }
      case '/api/v1/events': {
        if (!request.token || !tokens.has(request.token)) return json(401, { error: { code: 'unauthorized', message: 'Unknown token.' } });
        const { events } = request.body as { events: ShopperEvent[] };
        let duplicates = 0;
        for (const e of events) {
          if (stored.has(e.id)) duplicates += 1;
          else stored.set(e.id, e);
        }
        return json(202, { accepted: events.length - duplicates, duplicates, sessionIds: ['session-1'] });
      }
      case '/api/v1/associates/sign-in': {
        const { email, password } = request.body as { email: string; password: string };
        const associate = associates.find((a) => a.email === email.toLowerCase() && a.password === password);
        if (!associate) return json(401, { error: { code: 'unauthorized', message: 'Wrong email or password.' } });
        signIns += 1;
        const token = `fwa_${signIns}`;
        const expiresAt = new Date(Date.now() + 12 * 3600_000).toISOString();
        associateTokens.set(token, associate);
        const label = (request.body as { device?: string }).device ?? null;
        devices.set(token, { id: `device-${signIns}`, label, createdAt: new Date(Date.now()).toISOString(), lastUsedAt: null, expiresAt });
        return json(200, { token, expiresAt, associate: view(associate) });
      }
      case '/api/v1/associates/sign-out':
        if (request.token) associateTokens.delete(request.token);
        return new Response(null, { status: 204 });
      case '/api/v1/associates/me': {
        const associate = request.token ? associateTokens.get(request.token) : undefined;
        if (!associate) return unauthorized();
        if (request.method === 'PATCH') {
          const change = request.body as Partial<FakeAssociate>;
          if (change.presence) Object.assign(associate, { presence: change.presence, presenceReason: null });
          // The contact preferences are replaced whole, as the real backend does (a phone left out is removed).
          if (change.contact) {
            if (change.contact.phone !== undefined && !AssociatePhone.safeParse(change.contact.phone).success)
              return json(400, { error: { code: 'invalid_body', message: 'The request body does not match the schema.', issues: [{ path: ['contact', 'phone'], message: 'Invalid input' }] } });
            associate.contact = { ...change.contact };
          }
        }
        return json(200, view(associate));
      }
    }
    const credentials = associateCredentials(request);
    if (credentials) return credentials;
    if (request.path === '/api/v1/associates/me/admissions') return request.token && associateTokens.has(request.token) ? json(200, { admissions }) : unauthorized();
    const admission = /^\/api\/v1\/associates\/me\/admissions\/([^/]+)\/(accept|decline|withdraw)$/.exec(request.path);
    if (admission) {
      if (!request.token || !associateTokens.has(request.token)) return unauthorized();
      const found = admissions.find((a) => a.enterpriseId === admission[1]);
      if (!found) return json(404, { error: { code: 'not_found', message: 'The invitation was not found.' } });
      Object.assign(found, { status: { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' }[admission[2]!], answeredAt: new Date(0).toISOString() });
      return json(200, found);
    }
    const offer = /^\/api\/v1\/offers\/([^/]+)\/(accept|decline)$/.exec(request.path);
    if (offer) {
      if (!request.token || !associateTokens.has(request.token)) return unauthorized();
      const associate = associateTokens.get(request.token)!;
      if (offer[2] === 'decline' && (request.body as { goAway?: boolean }).goAway) associate.presence = 'away';
      return offer[2] === 'accept'
        ? json(200, { offerId: offer[1], engagement: fakeEngagement(`engagement-of-${offer[1]}`, `opportunity-of-${offer[1]}`) })
        : json(200, { offerId: offer[1], status: 'declined', presence: associate.presence });
    }
    if (request.path === '/api/v1/opportunities/ask' && request.method === 'POST') {
      if (!request.token || !tokens.has(request.token)) return unauthorized();
      return json(201, { opportunityId: 'asked-1', status: 'offering', enterprise: { id: 'enterprise-1', name: 'Demo Audio Co.' } });
    }
    if (request.path === '/api/v1/messages/open' || /^\/api\/v1\/messages\/[^/]+\/(take|done)$/.test(request.path)) {
      if (!request.token || !associateTokens.has(request.token)) return unauthorized();
      if (request.path.endsWith('/take')) return json(409, { error: { code: 'message_taken', message: 'A colleague took this message first.' } });
      return json(200, { messages: [] });
    }
    const shopperAnswer = /^\/api\/v1\/(engagements\/[^/]+\/answer|opportunities\/[^/]+\/message)$/.exec(request.path);
    if (shopperAnswer) {
      if (!request.token || !tokens.has(request.token)) return unauthorized();
      return json(200, { ok: true });
    }
    return json(404, { error: { code: 'not_found', message: 'No such route.' } });
  };

  /** Forgets tokens as the backend revokes them (and their devices). */
  const revoke = (keep: (token: string, associate: FakeAssociate) => boolean) => {
    for (const [token, associate] of associateTokens) if (!keep(token, associate)) (associateTokens.delete(token), devices.delete(token));
  };

  /** The associate's own credentials: password reset request, change, devices, sign-out everywhere. */
  function associateCredentials(request: RecordedRequest): Response | null {
    if (request.path === '/api/v1/associates/password/reset-request') return json(202, { message: 'If an associate account has this address, a link is on its way.' });
    if (!request.path.startsWith('/api/v1/associates/me/') || request.path.startsWith('/api/v1/associates/me/admissions')) return null;
    const associate = request.token ? associateTokens.get(request.token) : undefined;
    if (!associate) return unauthorized();
    const invalid = (path: string, message: string) => json(400, { error: { code: 'invalid_body', message, issues: [{ path: [path], message }] } });
    if (request.path === '/api/v1/associates/me/password') {
      const { currentPassword, newPassword } = request.body as { currentPassword: string; newPassword: string };
      if (currentPassword !== associate.password) return invalid('currentPassword', 'The current password is wrong.');
      if (newPassword.toLowerCase().includes(associate.email.split('@')[0]!)) return invalid('newPassword', 'The password must not contain the e-mail address.');
      associate.password = newPassword;
      revoke((token, a) => a !== associate || token === request.token);
      return new Response(null, { status: 204 });
    }
    if (request.path === '/api/v1/associates/me/schedule-exceptions')
      return json(200, { timezone: 'UTC', today: '2026-03-02', exceptions: [...exceptions.values()].sort((a, b) => a.date.localeCompare(b.date)) });
    const exceptionDate = /^\/api\/v1\/associates\/me\/schedule-exceptions\/([^/]+)$/.exec(request.path);
    if (exceptionDate) {
      const date = decodeURIComponent(exceptionDate[1]!);
      if (request.method === 'DELETE') {
        if (!exceptions.delete(date)) return json(404, { error: { code: 'not_found', message: 'The schedule exception was not found.' } });
        return new Response(null, { status: 204 });
      }
      // Like the server: today (2026-03-02 here) up to a year ahead.
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < '2026-03-02' || date > '2027-03-03') return invalid('date', `${date} is in the past (today is 2026-03-02 in your time zone).`);
      const body = request.body as { periods?: { from: string; to: string }[]; note?: string | null };
      const kept = { date, periods: body.periods ?? [], note: body.note ?? null };
      exceptions.set(date, kept);
      return json(200, kept);
    }
    if (request.path === '/api/v1/associates/me/devices')
      return json(200, {
        devices: [...associateTokens].filter(([, a]) => a === associate).map(([token]) => ({ ...devices.get(token)!, current: token === request.token })).reverse(),
      });
    const device = /^\/api\/v1\/associates\/me\/devices\/([^/]+)$/.exec(request.path);
    if (device && request.method === 'DELETE') {
      const token = [...devices].find(([t, d]) => d.id === device[1] && associateTokens.get(t) === associate)?.[0];
      if (!token) return json(404, { error: { code: 'not_found', message: 'The device was not found.' } });
      revoke((t) => t !== token);
      return new Response(null, { status: 204 });
    }
    if (request.path === '/api/v1/associates/me/sign-out-everywhere') {
      revoke((_, a) => a !== associate);
      return new Response(null, { status: 204 });
    }
    return null;
  }

  return {
    fetch,
    json,
    requests,
    /** Ids of the events stored, in arrival order. */
    storedIds: () => [...stored.keys()],
    /** Every POST /events request's event ids, one array per request. */
    eventPosts: () =>
      requests.filter((r) => r.path === '/api/v1/events').map((r) => (r.body as { events: ShopperEvent[] }).events.map((e) => e.id)),
    /** The next request to `path` gets this answer instead. */
    next(path: string, answer: Override) {
      overrides.set(path, [...(overrides.get(path) ?? []), answer]);
    },
    /** The tokens it takes now (signed-in devices), in sign-in order. */
    associateTokens: () => [...associateTokens.keys()],
    /** Forgets every token, as a backend whose database was reset. */
    forgetTokens: () => {
      tokens.clear();
      associateTokens.clear();
    },
    /** The accounts it signs in, as they are now (presence, contact). */
    associates,
    /** The signed-in associate's invitations, as they are now. */
    admissions,
    /** Requests to `path` (exact, or a RegExp), in order. */
    requestsTo: (path: string | RegExp) => requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path))),
  };
}
export type FakeBackend = ReturnType<typeof createFakeBackend>;

let counter = 0;
/** A valid page_view event (or another type with `overrides`) with a fresh id. */
export function fakeEvent(overrides: Partial<ShopperEvent> = {}): ShopperEvent {
  counter += 1;
  return {
    id: `event_${String(counter).padStart(6, '0')}`,
    at: '2025-01-01T10:00:00.000Z',
    url: 'http://localhost:4101/products/1',
    type: 'page_view',
    kind: 'product',
    ...overrides,
  } as ShopperEvent;
}

/** An engagement as the backend shows it to its associate, just invited. */
export function fakeEngagement(id: string, opportunityId: string, status: EngagementView['status'] = 'invited'): EngagementView {
  return {
    id,
    opportunityId,
    status,
    invitedAt: new Date(Date.now()).toISOString(),
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
    answeredAt: null,
    shopper: { site: 'localhost:4101', product: { name: 'Sony WH-1000XM5', url: 'http://localhost:4101/p/sony', price: '399.99', currency: 'USD' }, locale: 'en-US' },
  };
}
