import { ContentScriptContext } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consentItem, modeItem, observingItem, sitesItem } from '../../lib/storage';
import type { observePage } from '../page-observation/observe-page';
import { runShopperContent } from './shopper-content';

type ObserveOptions = Parameters<typeof observePage>[1];

let ctx: ContentScriptContext;
let observe: ReturnType<typeof vi.fn<typeof observePage>>;
const started = () => observe.mock.calls.map(([, options]) => options.site.domain);
const observing = (): ObserveOptions => observe.mock.calls[0]![1];

async function siteList(...domains: string[]) {
  await sitesItem.setValue({
    backendUrl: 'http://localhost:8787',
    sites: domains.map((domain, i) => ({ id: `site_${i}`, enterpriseId: 'enterprise_1', domain, name: domain, adapter: null })),
    fetchedAt: 0,
    expiresAt: Date.now() + 60_000,
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  ctx = new ContentScriptContext('shopper-test');
  observe = vi.fn<typeof observePage>();
  await consentItem.setValue({ state: 'given', at: '2025-01-01T10:00:00.000Z' });
  await siteList(location.host);
});
afterEach(() => ctx.abort());

describe('runShopperContent observes the page', () => {
  it('on a participating site, with consent and the switch on', async () => {
    await runShopperContent(ctx, { observe });
    expect(started()).toEqual([location.host]);
    expect(observing().stopped()).toBe(false);
  });
});

describe('runShopperContent observes nothing', () => {
  it('on another port of a participating host (the script is registered for the whole host)', async () => {
    await siteList(`${location.hostname}:9`);
    await runShopperContent(ctx, { observe });
    expect(started()).toEqual([]);
  });

  it('on a site missing from the list, or with no list at all', async () => {
    await siteList('shop.example');
    await runShopperContent(ctx, { observe });
    await sitesItem.removeValue();
    await runShopperContent(ctx, { observe });
    expect(started()).toEqual([]);
  });

  it.each([
    ['unanswered', null],
    ['declined', { state: 'declined', at: '2025-01-01T10:00:00.000Z' } as const],
  ])('without consent (%s)', async (_, consent) => {
    await consentItem.setValue(consent);
    await runShopperContent(ctx, { observe });
    expect(started()).toEqual([]);
  });

  it('with the switch off', async () => {
    await observingItem.setValue(false);
    await runShopperContent(ctx, { observe });
    expect(started()).toEqual([]);
  });

  it('in agent mode: an associate’s own browsing is not a shopper’s', async () => {
    await modeItem.setValue('agent');
    await runShopperContent(ctx, { observe });
    expect(started()).toEqual([]);
  });

  it('when the extension went away while it checked', async () => {
    const running = runShopperContent(ctx, { observe });
    ctx.abort();
    await running;
    expect(started()).toEqual([]);
  });
});

describe('once observing, runShopperContent stops reporting', () => {
  it('when the switch goes off', async () => {
    await runShopperContent(ctx, { observe });
    await observingItem.setValue(false);
    expect(observing().stopped()).toBe(true);
  });

  it('when consent is withdrawn', async () => {
    await runShopperContent(ctx, { observe });
    await consentItem.setValue({ state: 'declined', at: '2025-01-01T11:00:00.000Z' });
    expect(observing().stopped()).toBe(true);
  });

  it('when the extension is switched to agent mode', async () => {
    await runShopperContent(ctx, { observe });
    await modeItem.setValue('agent');
    expect(observing().stopped()).toBe(true);
  });

  it('when the extension goes away', async () => {
    await runShopperContent(ctx, { observe });
    ctx.abort();
    expect(observing().stopped()).toBe(true);
  });

  it('and stays stopped when the switch comes back on: the next page starts afresh', async () => {
    await runShopperContent(ctx, { observe });
    await observingItem.setValue(false);
    await observingItem.setValue(true);
    expect(observing().stopped()).toBe(true);
  });
});
