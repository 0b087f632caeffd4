import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modeItem } from '../../lib/storage';
import { agentItem, agentLinkItem } from '../agent-sign-in/agent-state';
import { CROWDED_MESSAGE } from '../realtime-client/realtime-client';
import { OffersPanel } from './OffersPanel';

// What the side panel says about the associate's connection: signed out by the server (4401),
// and refused for too many sockets (4429).

let container: HTMLDivElement;
let dispose: () => void;
const text = (testId: string) => container.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? null;

beforeEach(async () => {
  fakeBrowser.reset();
  await modeItem.setValue('agent');
  // The panel's list of messages left asks the background; here it has none.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, value: { messages: [] } } as never);
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  dispose();
  container.remove();
  vi.restoreAllMocks();
});
const show = () => {
  dispose = render(() => createComponent(OffersPanel, {}), container);
};

describe('the side panel', () => {
  it('signed out by the server: the sign-in form, with why', async () => {
    await agentLinkItem.setValue({
      connection: { status: 'off', failures: 0, retryAt: null, error: null },
      notice: 'You were signed out (password changed, signed out elsewhere, or your session expired).',
    });
    show();
    await vi.waitFor(() => expect(text('agent-notice')).toBe('You were signed out (password changed, signed out elsewhere, or your session expired).'));
    expect(container.querySelector('[data-testid="agent-panel"]')?.getAttribute('data-state')).toBe('signed-out');
    expect(container.querySelector('[data-testid="agent-sign-in"]')).not.toBeNull();
    expect(container.querySelector('[data-testid="agent-forgot"]')).not.toBeNull();
  });

  it('too many sockets: says why and when it tries again; a plain reconnect says nothing more', async () => {
    await agentItem.setValue({
      backendUrl: 'http://localhost:8787',
      token: 'fwa_1',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      associate: { displayName: 'Ana', presence: 'available' } as never,
    });
    await agentLinkItem.setValue({ connection: { status: 'waiting', failures: 1, retryAt: Date.now() + 30_000, error: CROWDED_MESSAGE, crowded: true }, notice: null });
    show();
    await vi.waitFor(() => expect(text('connection-crowded')).toMatch(/^Too many Floorwalker connections are open .* Next try in (29|30) s\.$/));
    await agentLinkItem.setValue({ connection: { status: 'waiting', failures: 1, retryAt: Date.now() + 1_000, error: 'Connection closed (1006).', crowded: false }, notice: null });
    await vi.waitFor(() => expect(container.querySelector('[data-testid="connection-crowded"]')).toBeNull());
    expect(container.querySelector('[data-testid="connection"]')?.getAttribute('data-status')).toBe('waiting');
  });
});
