import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createComponent, render } from 'solid-js/web';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { expect, it, vi } from 'vitest';
import { modeItem } from '../../../lib/storage';
import { admissionsItem, agentItem, boardItem } from '../../agent-sign-in/agent-state';
import { OFFER } from '../../live-console/testing/sales';
import { OffersPanel } from '../OffersPanel';
import { admission, associate, busyWeek, COMMISSION, NO_COMMISSION, NOW, quietPeriod, SUMMIT, VOLTAIRE } from './results';

/** Where the HTML goes (live-console/testing/screens.shoot.ts takes it from there). */
const OUT = process.env.SCREENS_HTML ?? '/tmp/results-screens';
const ROOT = process.cwd();
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const cases: { name: string; answer: (url: URL) => Response | 'network-error'; offers?: true }[] = [
  {
    name: 'data',
    answer: (url) =>
      url.pathname.endsWith('/me/commission') ? json(200, COMMISSION) : json(200, url.searchParams.get('enterpriseId') === VOLTAIRE ? busyWeek() : quietPeriod()),
  },
  // The first tab, as the panel opens, with an offer waiting: the count on the tab.
  { name: 'offers-tab', answer: () => json(200, NO_COMMISSION), offers: true },
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
      return answer;
    }) as typeof fetch);
    await modeItem.setValue('agent');
    await agentItem.setValue({ backendUrl: 'http://localhost:8787', token: 'fwa_ana', expiresAt: new Date(NOW + 3600_000).toISOString(), associate: associate() });
    await admissionsItem.setValue([admission(SUMMIT, 'Summit Gear')]);
    if (c.offers) await boardItem.setValue({ offers: [{ offer: { ...OFFER, expiresAt: new Date(NOW + 60_000).toISOString(), offeredAt: new Date(NOW - 30_000).toISOString() }, phase: 'open', deadline: NOW + 60_000, endedAt: null, note: null, engagementId: null }], engagements: [] } as never);
    const app = document.createElement('div');
    document.body.append(app);
    const dispose = render(() => createComponent(OffersPanel, {}), app);
    await vi.waitFor(() => expect(app.querySelector('[data-testid=panel-tab-results]')).not.toBeNull());
    if (!c.offers) {
      app.querySelector<HTMLElement>('[data-testid=panel-tab-results]')!.click();
      await vi.waitFor(() => expect(app.querySelector('[data-testid=results]')?.getAttribute('aria-busy')).toBe('false'));
    } else await vi.waitFor(() => expect(app.querySelector('[data-testid=offer]')).not.toBeNull());

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
