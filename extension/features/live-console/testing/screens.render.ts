import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createComponent, render } from 'solid-js/web';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { expect, it, vi } from 'vitest';
import type { ApiResult } from '../../../lib/api';
import { mountLiveDock } from '../../live-engagement/dock/dock';
import { liveView, productCardLine } from '../../live-engagement/testing/live-view';
import { createConsoleEngagement } from '../engagement';
import { LiveConsole } from '../LiveConsole';
import { createSalesDesk } from '../sales';
import { createPhoneDesk } from '../phone';
import { call, GIVEN, text } from './phone';
import { CREDENTIALS, createFakeLink } from './fake-link';
import { NOW, OFFER, PRACTICES, SALES_INFO } from './sales';

/** Where the HTML goes (screens.shoot.ts takes it from there). */
const OUT = process.env.SCREENS_HTML ?? '/tmp/console-screens';
const ROOT = process.cwd();
// ui.css imports the design tokens: they go inline (the HTML is opened from another directory).
const css = (path: string) => readFileSync(join(ROOT, path), 'utf8').replace("@import './tokens.css';", () => readFileSync(join(ROOT, 'extension/assets/tokens.css'), 'utf8'));
const ok = <T,>(body: T): ApiResult<T> => ({ ok: true, status: 200, body });

it('renders the console with the sales panel filled, a product card sent and the materials', async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(NOW);
  const fake = createFakeLink();
  const engagement = createConsoleEngagement({
    engagementId: 'eng-1',
    api: {
      peerCredentials: async () => ok({ ...CREDENTIALS, remoteName: 'Shopper' }),
      end: async () => ok({}),
      postTranscript: async () => ok({}),
      channel: async () => ok({}),
      transcript: async () => ok({ messages: [] }),
    },
    openLink: () => fake.link,
    getMicrophone: async () => ({}) as MediaStream,
    newId: (() => {
      let n = 0;
      return () => `id-${++n}`;
    })(),
  });
  const desk = createSalesDesk({ engagementId: 'eng-1', api: { salesInfo: async () => ok(SALES_INFO), practices: async () => ok(PRACTICES), usage: async () => ok({}) } });
  const phone = createPhoneDesk({
    engagementId: 'eng-1',
    api: {
      phone: async () => ok(GIVEN),
      calls: async () => ok({ calls: [call({ state: 'connected', connectedAt: new Date(NOW - 83_000).toISOString() })] }),
      startCall: async () => ok({}),
      hangUp: async () => ok({}),
      texts: async () =>
        ok({
          texts: [
            text({ status: 'delivered' }),
            text({ textId: 't2', status: 'undelivered', errorCode: 30003, body: 'Dome 3, 289.00 EUR: https://shop.example/p/dome-3' }),
            text({ textId: 'in1', direction: 'in', status: 'received', body: 'Thanks, is it in green?', sentAt: new Date(NOW - 20_000).toISOString() }),
          ],
          optedOut: false,
        }),
      sendText: async () => ok({ textId: 't3', status: 'queued' }),
    },
  });
  const app = document.createElement('div');
  document.body.append(app);
  render(
    () => createComponent(LiveConsole, { engagement, createReplay: () => ({ add: () => {}, nodeIdAt: () => null, toShopperViewport: (x, y) => ({ x, y }), title: () => '', lastAppliedAt: 0, destroy: () => {} }), sales: desk, phone, associatePhone: () => '+442079460958', context: { offer: OFFER, engagement: null, savedAt: NOW }, now: () => NOW }),
    app,
  );
  await desk.start();
  await phone.start();
  await engagement.start();
  fake.setState('open');
  await vi.advanceTimersByTimeAsync(0);
  fake.receive({ v: 1, type: 'chat', id: 's1', text: 'Is the 2-person tent really enough for two?', sentAt: NOW - 60_000 });
  engagement.sendChat('It is: and it is on sale today. Here it is:');
  app.querySelector<HTMLElement>('[data-testid=send-in-view]')!.click();
  const sent = fake.sentOf('chat').concat();
  fake.receive({ v: 1, type: 'chat-ack', id: sent[0]!.id });
  fake.receive({ v: 1, type: 'chat-ack', id: fake.sentOf('product-card')[0]!.id });
  app.querySelectorAll<HTMLElement>('[data-testid=material-send]')[0]!.click();
  app.querySelectorAll<HTMLElement>('[data-testid=technique-mark]')[0]!.click();
  app.querySelector<HTMLDetailsElement>('[data-testid=technique] details')!.open = true;
  await vi.advanceTimersByTimeAsync(0);
  expect(app.querySelectorAll('[data-testid=chat-card]')).toHaveLength(2);

  const mark = readFileSync(join(ROOT, 'extension/assets/mark.svg'), 'base64');
  const html = app.innerHTML.replace(/<img src="[^"]*mark\.svg"/g, `<img src="data:image/svg+xml;base64,${mark}"`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    join(OUT, 'console.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live console</title><style>${css('extension/assets/ui.css')}\n${css('extension/features/live-console/live-console.css')}</style></head><body>${html}</body></html>`,
  );
  desk.dispose();
  engagement.dispose();
  vi.useRealTimers();
});

it('renders the dock with a product card on a shop page', () => {
  let root: ShadowRoot | null = null;
  const attach = Element.prototype.attachShadow;
  const spy = vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    root = attach.call(this, init);
    return root;
  });
  const done = async () => ({ ok: true }) as const;
  const actions = { send: () => {}, typing: () => {}, answer: () => {}, revoke: () => {}, voice: () => {}, end: () => {}, dismiss: () => {}, openCard: () => {}, givePhone: done, removePhone: done, hangUp: done, callAgain: done, dialIn: async () => ({ ok: false, message: 'Not here.' }) as const };
  const dock = mountLiveDock(document, actions, { now: Date.now, timers: { setTimeout: () => 0, clearTimeout: () => {} } });
  const dockRoot = root as ShadowRoot | null;
  spy.mockRestore();
  dock.render(
    liveView({
      chat: [
        { id: 's1', from: 'shopper', text: 'Is the 2-person tent really enough for two?', sentAt: NOW - 60_000, delivered: true },
        { id: 'a1', from: 'associate', text: 'It is: and it is on sale today. Here it is:', sentAt: NOW - 30_000, delivered: true },
        productCardLine('k1'),
        productCardLine('k2', { name: 'Dome 3 at another shop', price: '279.00', url: 'https://other.example/p/dome-3' }),
      ],
    }),
  );
  const host = document.querySelector<HTMLElement>('floorwalker-live')!;
  const shadow = dockRoot!.innerHTML;
  writeFileSync(
    join(OUT, 'dock.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop page</title><style>
body { margin: 0; font: 16px system-ui, sans-serif; background: #f3efe8; color: #222; } header { padding: 18px 32px; background: #2b2b2b; color: #fff; font-weight: 700; }
main { padding: 32px; max-width: 640px; } .ph { height: 220px; border-radius: 12px; background: #ddd4c6; margin-bottom: 16px; }
@media (prefers-color-scheme: dark) { body { background: #1b1a18; color: #ddd; } .ph { background: #34302a; } }
</style></head><body><header>Voltaire Outdoor</header><main><div class="ph"></div><h1>Trail Tent 2P</h1><p>€349.00 <s>€399.00</s></p><p>A light two-person tent for three seasons.</p></main>
<floorwalker-live style="${host.getAttribute('style') ?? ''}"><template shadowrootmode="open">${shadow}</template></floorwalker-live></body></html>`,
  );
  dock.remove();
});
