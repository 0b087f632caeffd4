import { beforeEach, describe, expect, it } from 'vitest';
import type { PeerCredentials } from '../../../shared/live';
import { createFakeBackend, type FakeBackend } from '../../lib/testing/fake-backend';
import { createLiveApi } from './live-api';

const BASE = 'http://localhost:8787';
let backend: FakeBackend;

const credentials: PeerCredentials = {
  engagementId: 'e 1',
  role: 'associate',
  peerId: 'peer-a',
  token: 'tok-1',
  remotePeerId: 'peer-s',
  signalling: { path: '/api/v1/peer', key: 'floorwalker' },
  iceServers: [],
  expiresAt: '2025-01-01T11:00:00.000Z',
  remoteName: 'Alex',
  allowedDomains: ['localhost:4101'],
  maskSelectors: ['.loyalty-number'],
};

beforeEach(() => {
  backend = createFakeBackend();
});

describe('createLiveApi', () => {
  const api = () => createLiveApi({ fetch: backend.fetch, backendUrl: `${BASE}/`, token: 'fwa_1' });

  it('asks for peer credentials with the bearer token and parses them', async () => {
    backend.next('/api/v1/engagements/e%201/peer', backend.json(200, credentials));
    const result = await api().peerCredentials('e 1');
    expect(result).toEqual({ ok: true, status: 200, body: credentials });
    expect(backend.requests).toEqual([{ method: 'POST', base: BASE, path: '/api/v1/engagements/e%201/peer', token: 'fwa_1', body: {} }]);
  });

  it('reports a refusal with the backend’s code', async () => {
    backend.next('/api/v1/engagements/e1/peer', backend.json(409, { error: { code: 'engagement_not_accepted', message: 'Not accepted.' } }));
    const result = await api().peerCredentials('e1');
    expect(result).toMatchObject({ ok: false, status: 409, code: 'engagement_not_accepted', message: 'Not accepted.' });
  });

  it('does not take a malformed credentials body', async () => {
    backend.next('/api/v1/engagements/e1/peer', backend.json(200, { ...credentials, token: 42 }));
    expect(await api().peerCredentials('e1')).toMatchObject({ ok: false, code: 'bad_response' });
  });

  it('reports a network failure without throwing', async () => {
    backend.next('/api/v1/engagements/e1/end', 'network-error');
    expect(await api().end('e1')).toMatchObject({ ok: false, status: 0, code: 'network' });
  });

  const posts = [
    { name: 'end (done by default)', call: () => api().end('e1'), path: '/api/v1/engagements/e1/end', body: { reason: 'done' } },
    { name: 'end (peer lost)', call: () => api().end('e1', 'peer_lost'), path: '/api/v1/engagements/e1/end', body: { reason: 'peer_lost' } },
    {
      name: 'transcript post',
      call: () => api().postTranscript('e1', [{ id: 'c1', text: 'hi', sentAt: '2025-01-01T10:00:00.000Z' }]),
      path: '/api/v1/engagements/e1/transcript',
      body: { messages: [{ id: 'c1', text: 'hi', sentAt: '2025-01-01T10:00:00.000Z' }] },
    },
    {
      name: 'channel change',
      call: () => api().channel('e1', { method: 'voice', state: 'started', at: '2025-01-01T10:00:00.000Z' }),
      path: '/api/v1/engagements/e1/channels',
      body: { method: 'voice', state: 'started', at: '2025-01-01T10:00:00.000Z' },
    },
  ];
  it.each(posts)('$name: POSTs the body with the token', async ({ call, path, body }) => {
    backend.next(path, new Response(null, { status: 204 }));
    expect(await call()).toMatchObject({ ok: true, status: 204 });
    expect(backend.requestsTo(path)).toEqual([{ method: 'POST', base: BASE, path, token: 'fwa_1', body }]);
  });

  it('reads the transcript', async () => {
    const transcript = { messages: [{ id: 'c1', from: 'shopper', text: 'hi', sentAt: '2025-01-01T10:00:00.000Z' }] };
    backend.next('/api/v1/engagements/e1/transcript', backend.json(200, transcript));
    expect(await api().transcript('e1')).toEqual({ ok: true, status: 200, body: transcript });
    expect(backend.requests[0]).toMatchObject({ method: 'GET', token: 'fwa_1', body: undefined });
  });
});
