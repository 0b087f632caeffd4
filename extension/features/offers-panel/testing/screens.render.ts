import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createComponent, render } from 'solid-js/web';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { expect, it, vi } from 'vitest';
import { modeItem } from '../../../lib/storage';
import { admissionsItem, agentItem, boardItem } from '../../agent-sign-in/agent-state';
import { consoleContextsItem } from '../../live-console/console-context';
import { OFFER } from '../../live-console/testing/sales';
import { OffersPanel } from '../OffersPanel';
import { context, emptySalesInfo, engagement, ENGAGEMENT_ID, practices, salesInfo } from './glance';
import { admission, associate, busyWeek, COMMISSION, NO_COMMISSION, NOW, quietPeriod, SUMMIT, VOLTAIRE } from './results';

/** Where the HTML goes (live-console/testing/screens.shoot.ts takes it from there). */
const OUT = process.env.SCREENS_HTML ?? '/tmp/results-screens';
const ROOT = process.cwd();
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** An engagement in progress: its sales information and practices answered by `sales` and `ranked`. */
const engaged = (sales: () => Response | 'network-error' | 'never', ranked: () => Response | 'network-error' | 'never' = () => json(200, practices())) => (url: URL) =>
  url.pathname.endsWith('/sales-info') ? sales() : url.pathname.endsWith('/practices') ? ranked() : json(200, NO_COMMISSION);

const cases: { name: string; answer: (url: URL) => Response | 'network-error' | 'never'; offers?: true; engaged?: 'ready' | 'loading' | 'error' }[] = [
  {
    name: 'data',
    answer: (url) =>
      url.pathname.endsWith('/me/commission') ? json(200, COMMISSION) : json(200, url.searchParams.get('enterpriseId') === VOLTAIRE ? busyWeek() : quietPeriod()),
  },
  // The first tab, as the panel opens, with an offer waiting: the count on the tab.
  { name: 'offers-tab', answer: () => json(200, NO_COMMISSION), offers: true },
  // "In this engagement" over the offers: the shopper known, the tent on sale, then loading, failed, nothing in view yet.
  { name: 'engagement', answer: engaged(() => json(200, salesInfo())), offers: true, engaged: 'ready' },
  { name: 'engagement-loading', answer: engaged(() => 'never'), engaged: 'loading' },
  { name: 'engagement-error', answer: engaged(() => json(200, salesInfo()), () => 'network-error'), engaged: 'error' },
  { name: 'engagement-empty', answer: engaged(() => json(200, emptySalesInfo()), () => json(200, practices({ techniques: [] }))), engaged: 'ready' },
  { name: 'empty', answer: (url) => (url.pathname.endsWith('/me/commission') ? json(200, NO_COMMISSION) : json(200, quietPeriod())) },
  {
    name: 'error',
    answer: (url) =>
      url.pathname.endsWith('/me/commission')
        ? 'network-error'
        : url.searchParams.get('enterpriseId') === VOLTAIRE
          ? json(500, { error: { code: 'internal', message: 'Something went wrong on our side.' } })
          : json(200, quietPeriod()),
  },
];

for (const c of cases)
  it(`renders My results: ${c.name}`, async () => {
    fakeBrowser.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, value: { messages: [] } } as never);
    vi.spyOn(globalThis, 'fetch').mockImplementation((async (input: string) => {
      const answer = c.answer(new URL(input));
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      if (answer === 'never') return new Promise<Response>(() => {});
      return answer;
    }) as typeof fetch);
    await modeItem.setValue('agent');
    await agentItem.setValue({ backendUrl: 'http://localhost:8787', token: 'fwa_ana', expiresAt: new Date(NOW + 3600_000).toISOString(), associate: associate() });
    await admissionsItem.setValue([admission(SUMMIT, 'Summit Gear')]);
    if (c.engaged) {
      await boardItem.setValue({ offers: [], engagements: [engagement('accepted')] } as never);
      await consoleContextsItem.setValue({ [ENGAGEMENT_ID]: context });
    }
    if (c.offers) await boardItem.setValue({ offers: [{ offer: { ...OFFER, expiresAt: new Date(NOW + 60_000).toISOString(), offeredAt: new Date(NOW - 30_000).toISOString() }, phase: 'open', deadline: NOW + 60_000, endedAt: null, note: null, engagementId: null }], engagements: c.engaged ? [engagement('accepted')] : [] } as never);
    const app = document.createElement('div');
    document.body.append(app);
    const dispose = render(() => createComponent(OffersPanel, {}), app);
    await vi.waitFor(() => expect(app.querySelector('[data-testid=panel-tab-results]')).not.toBeNull());
    if (c.engaged) await vi.waitFor(() => expect(app.querySelector('[data-testid=glance]')?.getAttribute('data-state')).toBe(c.engaged));
    if (c.offers) await vi.waitFor(() => expect(app.querySelector('[data-testid=offer]')).not.toBeNull());
    else if (!c.engaged) {
      app.querySelector<HTMLElement>('[data-testid=panel-tab-results]')!.click();
      await vi.waitFor(() => expect(app.querySelector('[data-testid=results]')?.getAttribute('aria-busy')).toBe('false'));
    }

    const mark = readFileSync(join(ROOT, 'extension/assets/mark.svg'), 'base64');
    const html = app.innerHTML.replace(/<img src="[^"]*mark\.svg"/g, `<img src="data:image/svg+xml;base64,${mark}"`);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(
      join(OUT, `${c.name}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My results</title><style>${readFileSync(join(ROOT, 'extension/assets/ui.css'), 'utf8')}</style></head><body>${html}</body></html>`,
    );
    dispose();
    app.remove();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
