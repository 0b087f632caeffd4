import { ContentScriptContext } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TabMessage } from '../../lib/messaging';
import { runInvitations } from './invitation-content';

const T0 = Date.parse('2025-01-01T10:00:00Z');
let ctx: ContentScriptContext;

const show: TabMessage = {
  type: 'invitation:show',
  invitation: { engagementId: 'e1', associateName: 'Ana', siteName: 'Voltaire', product: null, expiresAt: T0 + 120_000 },
};
/** The background's tabs.sendMessage reaching this page. */
async function fromBackground(message: TabMessage) {
  const replies: unknown[] = [];
  await (fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown>)(message, {}, (r: unknown) => replies.push(r));
  return replies;
}
const card = () => document.querySelector('floorwalker-invitation');
/** The cards' roots are closed to the page: the test keeps them as they are made. */
let roots: ShadowRoot[] = [];
const attachShadow = Element.prototype.attachShadow;
async function clickYes() {
  roots.at(-1)!.querySelector<HTMLButtonElement>('[data-testid=invitation-yes]')!.click();
  await vi.advanceTimersByTimeAsync(0);
}
const form = () => document.querySelector('floorwalker-message');

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
  ctx = new ContentScriptContext('invitation-test');
  runInvitations(ctx, { send: (async () => ({})) as never, enterpriseId: 'enterprise_a' });
  roots = [];
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    roots.push(root);
    return root;
  });
});
afterEach(() => {
  ctx.abort();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the page shows what the background relays', () => {
  it('an invitation, in a closed shadow root, once however often it is sent', async () => {
    expect(await fromBackground(show)).toEqual([{ ok: true }]);
    await fromBackground(show);
    expect(document.querySelectorAll('floorwalker-invitation')).toHaveLength(1);
    expect(card()!.shadowRoot).toBeNull();
  });

  it('an invitation of another enterprise is not shown on this one’s site; its own is', async () => {
    const from = (enterpriseId: string, engagementId: string): TabMessage => ({ type: 'invitation:show', invitation: { ...show.invitation, engagementId, enterpriseId } });
    await fromBackground(from('enterprise_b', 'e2'));
    expect(card()).toBeNull();
    await fromBackground(from('enterprise_a', 'e3'));
    expect(card()).not.toBeNull();
  });

  it('takes the invitation away when it ends elsewhere, and when it lapses', async () => {
    await fromBackground(show);
    await fromBackground({ type: 'invitation:hide', engagementId: 'e1' });
    expect(card()).toBeNull();
    await fromBackground(show);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(card()).toBeNull();
  });

  it('keeps an invitation being answered here: the server’s update can overtake the answer’s reply', async () => {
    let release!: () => void;
    ctx.abort();
    ctx = new ContentScriptContext('invitation-test');
    runInvitations(ctx, { send: (() => new Promise<void>((r) => (release = r))) as never });
    await fromBackground(show);
    await clickYes();
    await fromBackground({ type: 'invitation:hide', engagementId: 'e1' });
    expect(card()).not.toBeNull();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(roots.at(-1)!.querySelector('[data-testid=invitation]')!.getAttribute('data-state')).toBe('accepted');
  });

  it('takes away an invitation the shopper has not answered here when it was answered elsewhere', async () => {
    await fromBackground(show);
    await fromBackground({ type: 'invitation:hide', engagementId: 'e1' });
    expect(card()).toBeNull();
  });

  it('a new invitation replaces the old one', async () => {
    await fromBackground(show);
    await fromBackground({ ...show, invitation: { ...show.invitation, engagementId: 'e2' } } as TabMessage);
    expect(document.querySelectorAll('floorwalker-invitation')).toHaveLength(1);
  });

  it('the leave-a-message form, and "not now" tells the background', async () => {
    await fromBackground({ type: 'leave-message:show', opportunityId: 'op1', siteName: null });
    expect(form()).not.toBeNull();
    await fromBackground({ type: 'leave-message:hide', opportunityId: 'op1' });
    expect(form()).toBeNull();
  });

  it('leaves other messages to other listeners', async () => {
    expect(await fromBackground({ type: 'something' } as never)).toEqual([]);
  });

  it('nothing stays on the page when the extension goes away', async () => {
    await fromBackground(show);
    await fromBackground({ type: 'leave-message:show', opportunityId: 'op1', siteName: null });
    ctx.abort();
    expect(card()).toBeNull();
    expect(form()).toBeNull();
    await fromBackground(show);
    expect(card()).toBeNull();
  });
});
