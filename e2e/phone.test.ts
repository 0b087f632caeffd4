import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngagementTimeline } from '../shared/engagement-history';
import { TwilioServer } from '../backend/src/testing/twilio-server';
import type { AgentAccount } from './support/agent';
import { eventually } from './support/browser';
import { clickInClosedShadow, inClosedShadow, textInClosedShadow } from './support/closed-shadow';
import { DOCK, type LiveEngagement, startLiveEngagement } from './support/live';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * Bridging out, as the "Done when" says: in a live engagement the shopper asks for a call
 * in the dock; the local Twilio (a server speaking Twilio's REST API, calling back with signed
 * webhooks) rings the associate's phone, then the shopper's, both answer, the shopper hangs up;
 * the dock and the associate's console show each state; the engagement shows the phone leg's
 * duration. Then a text with the product's link is delivered, the shopper's reply appears in the
 * associate's chat, and after a STOP the next text is refused with a clear error.
 */

const ANA: AgentAccount = { email: 'ana@voltaire.example', password: 'ana-demo-password', displayName: 'Ana' };
const OUR_NUMBER = '+14155550100';
const ANA_PHONE = '+14155550123';
const SHOPPER_PHONE = '+447700900456';
/** Each phone rings this long before it is picked up: long enough to see (and photograph) the ringing. */
const RING_MS = 6_000;

/** The dock's call state on the shop's page (`none`, `calling-associate`, `calling-shopper`, `connected`, `ended`). */
const dockCall = (shop: Page) => shop.evaluate((tag) => document.querySelector(tag)?.getAttribute('data-fw-call') ?? null, DOCK);
const waitForDockCall = (shop: Page, state: string) => eventually(`the dock's call ${state}`, async () => ((await dockCall(shop)) === state ? true : undefined), 30_000);
const waitForConsoleCall = (console: Page, state: string) => console.waitForSelector(`[data-testid=phone][data-state=${state}]`, { timeout: 30_000 });

describe('bridging out: the shopper asks for a call, both phones ring and talk; a text with the product link, its reply in the chat, and STOP', () => {
  let twilio: TwilioServer;
  let stack: Stack;
  let live: LiveEngagement;

  beforeAll(async () => {
    twilio = await TwilioServer.start();
    stack = await startStack(
      async (app, seeded) => {
        await app.telephony.putSettings(seeded[0]!.id, { provider: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, numbers: [OUR_NUMBER] });
      },
      { env: { TWILIO_API_URL: twilio.url, OUTBOUND_ALLOW_HOSTS: twilio.host } },
    );
    twilio.incomingMessageUrl = `${stack.backend.url}/api/v1/webhooks/twilio/texts/incoming`;
    twilio.incomingCallUrl = `${stack.backend.url}/api/v1/webhooks/twilio/calls/incoming`;
    live = await startLiveEngagement(stack, ANA);
  }, 240_000);
  afterAll(async () => {
    await live?.close();
    await stack?.close();
    await twilio?.close();
  });

  it('the associate gives the phone they take calls on, in agent mode’s settings', async () => {
    const settings = await live.agent.ext.openExtensionPage('options.html');
    await settings.bringToFront();
    await settings.waitForSelector('[data-testid=agent-phone-input]', { visible: true, timeout: 15_000 });
    await settings.type('[data-testid=agent-phone-input]', '+1 415 555 0123');
    await settings.click('[data-testid=agent-phone-save]');
    await settings.waitForSelector('[data-testid=agent-phone-saved]', { visible: true, timeout: 15_000 });
    await screenshot(settings, 'agent-settings-phone', ['light', 'dark'], false);
    await settings.close();
  });

  it('the shopper asks to be called: the associate’s phone rings, then the shopper’s; they talk; the shopper hangs up; both screens follow; the engagement counts the phone', async () => {
    const { shop, console } = live;
    twilio.scriptCall(ANA_PHONE, { outcome: 'answer', ringMs: RING_MS });
    twilio.scriptCall(SHOPPER_PHONE, { outcome: 'hold', ringMs: RING_MS });

    await shop.bringToFront();
    await eventually('the Call me button', async () => ((await inClosedShadow(shop, DOCK, 'live-call-me')) ? true : undefined), 15_000);
    await clickInClosedShadow(shop, DOCK, 'live-call-me');
    await eventually('the phone form', async () => ((await inClosedShadow(shop, DOCK, 'live-phone-form')) ? true : undefined));
    await clickInClosedShadow(shop, DOCK, 'live-phone-input');
    await shop.keyboard.type('+44 7700 900456');
    // Texts too: the associate may send the product's link.
    await clickInClosedShadow(shop, DOCK, 'live-phone-text');
    const consent = await textInClosedShadow(shop, DOCK, 'live-phone-consent');
    expect(consent).toContain('call and text this number about this conversation only');
    await screenshot(shop, 'phone-dock-form', ['light', 'dark'], false);
    await clickInClosedShadow(shop, DOCK, 'live-phone-submit');

    // Twilio rings the associate's phone first.
    await waitForDockCall(shop, 'calling-associate');
    expect(await textInClosedShadow(shop, DOCK, 'live-call-state')).toContain('Calling the associate');
    await screenshot(shop, 'phone-dock-calling-associate', ['light', 'dark'], false);
    await console.bringToFront();
    await waitForConsoleCall(console, 'calling-associate');
    await screenshot(console, 'phone-console-calling-associate', ['light', 'dark'], false);
    // The number the shopper gave shows masked to the associate, never whole.
    expect(await console.$eval('[data-testid=phone-shopper]', (el) => el.textContent ?? '')).not.toContain('900456');
    expect(await console.$eval('[data-testid=phone-shopper]', (el) => el.getAttribute('data-purposes'))).toBe('call text');

    // The associate answers: the shopper's phone rings.
    await waitForConsoleCall(console, 'calling-shopper');
    await screenshot(console, 'phone-console-calling-shopper', ['light', 'dark'], false);
    await shop.bringToFront();
    await waitForDockCall(shop, 'calling-shopper');
    expect(await textInClosedShadow(shop, DOCK, 'live-call-state')).toContain('Calling your phone');
    await screenshot(shop, 'phone-dock-calling-shopper', ['light', 'dark'], false);

    // The shopper answers: both on the line.
    await waitForDockCall(shop, 'connected');
    expect(await textInClosedShadow(shop, DOCK, 'live-call-state')).toMatch(/Connected \d+:\d\d/);
    await screenshot(shop, 'phone-dock-connected', ['light', 'dark'], false);
    await console.bringToFront();
    await waitForConsoleCall(console, 'connected');
    await screenshot(console, 'phone-console-connected', ['light', 'dark'], false);
    await new Promise((r) => setTimeout(r, 2_500));

    // The shopper hangs up from the dock: Twilio is told, the call ends for both.
    await shop.bringToFront();
    await clickInClosedShadow(shop, DOCK, 'live-call-hangup');
    await waitForDockCall(shop, 'ended');
    expect(await textInClosedShadow(shop, DOCK, 'live-call-state')).toMatch(/Call ended: \d+:\d\d/);
    await screenshot(shop, 'phone-dock-ended', ['light', 'dark'], false);
    await console.bringToFront();
    await waitForConsoleCall(console, 'ended');
    expect(await console.$eval('[data-testid=phone-call]', (el) => el.getAttribute('data-outcome'))).toBe('completed');
    await screenshot(console, 'phone-console-ended', ['light', 'dark'], false);
    await twilio.idle();
    expect(twilio.problems).toEqual([]);
    // Twilio was asked to end the call (the shopper's hang-up), and every callback was taken as signed.
    expect(twilio.requests.some((r) => /\/Calls\/CA[0-9a-f]+\.json$/.test(r.path) && r.form.get('Status') === 'completed')).toBe(true);
    expect(twilio.deliveries.filter((d) => d.kind === 'call-status').every((d) => d.status === 200)).toBe(true);

    // The engagement shows the call, its legs and the phone in its channels, with the time on the line.
    const timeline = await eventually('the phone in the engagement', async () => {
      const res = await fetch(`${stack.backend.url}/api/v1/engagements/${live.engagementId}/timeline`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
      const body = EngagementTimeline.parse(await res.json());
      return body.channels.some((c) => c.method === 'phone' && c.durationMs !== null) ? body : undefined;
    });
    const [placed] = timeline.calls;
    expect(placed).toMatchObject({ direction: 'click-to-call', associateVia: 'phone', state: 'ended', outcome: 'completed' });
    expect(placed!.legs.map((l) => [l.leg, l.status])).toEqual([
      ['associate', 'completed'],
      ['shopper', 'completed'],
    ]);
    expect(placed!.talkSeconds).toBeGreaterThanOrEqual(2);
    const phone = timeline.channels.find((c) => c.method === 'phone')!;
    expect(phone.durationMs).toBeGreaterThanOrEqual(2_000);
    // No number anywhere in what the enterprise reads.
    expect(JSON.stringify(timeline)).not.toContain('7700900456');
  });

  it('the associate texts the product’s link: delivered; the shopper’s reply appears in the chat; after STOP the next text is refused, said plainly', async () => {
    const { console } = live;
    await console.bringToFront();
    await console.waitForSelector('[data-testid=text-in-view]:not([disabled])', { timeout: 30_000 });
    await console.click('[data-testid=text-in-view]');
    await console.waitForSelector('[data-testid=phone-text][data-direction=out][data-status=delivered]', { timeout: 30_000 });
    const [text] = [...twilio.messages.values()];
    expect(text).toMatchObject({ to: SHOPPER_PHONE, from: OUR_NUMBER, status: 'delivered' });
    expect(text!.body).toContain(live.product.url);

    const reply = await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'Does it come in blue?' });
    expect(reply.status).toBe(200);
    await console.waitForFunction(() => [...document.querySelectorAll('[data-testid=chat-line][data-via=text]')].some((el) => el.textContent?.includes('Does it come in blue?')), { timeout: 30_000 });

    // The associate answers in their own words; the count says how the phone gets it.
    await console.type('[data-testid=phone-text-body]', 'Yes, in blue and green: 349 €.');
    expect(await console.$eval('[data-testid=phone-text-count]', (el) => el.textContent)).toBe('30 characters · 1 text');
    await screenshot(console, 'phone-console-text-compose', ['light', 'dark'], false);
    await console.click('[data-testid=phone-text-send]');
    await console.waitForFunction(() => (document.querySelector('[data-testid=phone-text-body]') as HTMLTextAreaElement | null)?.value === '', { timeout: 30_000 });
    await console.waitForFunction(() => document.querySelectorAll('[data-testid=phone-text][data-direction=out][data-status=delivered]').length === 2, { timeout: 30_000 });
    expect([...twilio.messages.values()].map((m) => m.body).at(-1)).toBe('Yes, in blue and green: 349 €.');
    await screenshot(console, 'phone-console-texts', ['light', 'dark'], false);

    // The shopper opts out; the next text is refused before Twilio is asked, and the console says why.
    expect((await twilio.receiveMessage({ from: SHOPPER_PHONE, to: OUR_NUMBER, body: 'STOP' })).status).toBe(200);
    const sentBefore = twilio.messages.size;
    await console.click('[data-testid=text-in-view]');
    const blocked = await console.waitForSelector('[data-testid=phone-opted-out]', { timeout: 30_000 });
    expect(await blocked!.evaluate((el) => el.textContent ?? '')).toContain('STOP');
    expect(twilio.messages.size).toBe(sentBefore);
    await screenshot(console, 'phone-console-opted-out', ['light', 'dark'], false);
  });

  it('the shopper calls in instead: the dock shows the shop’s number and the engagement’s code; keyed in, it joins the associate', async () => {
    const { shop, console } = live;
    twilio.scriptCall(ANA_PHONE, { outcome: 'hold', ringMs: RING_MS });
    await shop.bringToFront();
    await eventually('the Call in instead link', async () => ((await inClosedShadow(shop, DOCK, 'live-dial-in-ask')) ? true : undefined), 15_000);
    await clickInClosedShadow(shop, DOCK, 'live-dial-in-ask');
    const code = await eventually('the code in the dock', async () => (await textInClosedShadow(shop, DOCK, 'live-dial-in-code'))?.replace(/\D/g, '') || undefined, 15_000);
    expect(code).toMatch(/^\d{6}$/);
    expect((await textInClosedShadow(shop, DOCK, 'live-dial-in-number'))?.replace(/\D/g, '')).toBe(OUR_NUMBER.slice(1));
    await screenshot(shop, 'phone-dock-dial-in', ['light', 'dark'], false);

    // The shopper calls our number from their phone and keys in the code: the associate's phone rings.
    const inbound = twilio.receiveCall({ from: SHOPPER_PHONE, to: OUR_NUMBER, digits: code });
    await waitForDockCall(shop, 'calling-associate');
    expect(await textInClosedShadow(shop, DOCK, 'live-call-state')).toContain('Connecting you');
    await waitForDockCall(shop, 'connected');
    await screenshot(shop, 'phone-dock-dial-in-connected', ['light', 'dark'], false);
    await console.bringToFront();
    await waitForConsoleCall(console, 'connected');
    await inbound;
    await new Promise((r) => setTimeout(r, 1_500));
    // This time the associate hangs up, from the console.
    await console.click('[data-testid=phone-hang-up]');
    await waitForConsoleCall(console, 'ended');
    await shop.bringToFront();
    await waitForDockCall(shop, 'ended');
    await twilio.idle();
    expect(twilio.problems).toEqual([]);
    const res = await fetch(`${stack.backend.url}/api/v1/engagements/${live.engagementId}/timeline`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    const dialled = EngagementTimeline.parse(await res.json()).calls.find((c) => c.direction === 'dial-in');
    expect(dialled).toMatchObject({ state: 'ended', associateVia: 'phone' });
    expect(dialled!.legs.map((l) => l.leg).sort()).toEqual(['associate', 'shopper']);
  });
});
