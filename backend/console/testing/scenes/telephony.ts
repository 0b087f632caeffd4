import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { HTTPRequest, Page } from 'puppeteer-core';
import type { EngagementTimeline, EnterpriseEngagementList } from '../../../../shared/engagement-history';
import type { CallLegView, CallView } from '../../../../shared/telephony';
import { channelUsages, engagements, phoneCalls, phoneTexts } from '../../../src/db/schema';
import type { Harness } from '../harness';
import type { Scene } from './scene';

const MINUTE = 60_000;
const OUR_NUMBER = '+442079460958';

/** One leg as the scene seeds it: seconds after the call started. */
interface LegPlan {
  leg: CallLegView['leg'];
  status: CallLegView['status'];
  start: number;
  answered: number | null;
  ended: number | null;
}

/** One call as the scene seeds it, and as its view says it. */
interface CallPlan {
  at: Date;
  direction: CallView['direction'];
  via: CallView['associateVia'];
  state: CallView['state'];
  outcome: CallView['outcome'];
  legs: LegPlan[];
}

const iso = (at: Date, seconds: number | null) => (seconds === null ? null : new Date(at.getTime() + seconds * 1000).toISOString());

/** The view of a planned call (what GET …/timeline answers once the telephony module fills `calls`). */
function viewOf(engagementId: string, callId: string, c: CallPlan): CallView {
  const legs = c.legs.map((l) => ({
    leg: l.leg,
    status: l.status,
    startedAt: iso(c.at, l.start)!,
    answeredAt: iso(c.at, l.answered),
    endedAt: iso(c.at, l.ended),
    durationSeconds: l.ended !== null ? (l.answered !== null ? l.ended - l.answered : 0) : null,
  }));
  const shopper = c.legs.find((l) => l.leg === 'shopper');
  const ends = c.legs.map((l) => l.ended);
  return {
    callId,
    engagementId,
    direction: c.direction,
    associateVia: c.via,
    state: c.state,
    outcome: c.outcome,
    startedAt: c.at.toISOString(),
    connectedAt: shopper?.answered != null ? iso(c.at, shopper.answered) : null,
    endedAt: c.state === 'ended' ? iso(c.at, Math.max(...ends.map((e) => e ?? 0))) : null,
    talkSeconds: c.state === 'ended' && shopper?.answered != null && shopper.ended !== null ? shopper.ended - shopper.answered : null,
    legs,
  };
}

/** Writes a planned call as its phone_calls rows (one per leg; the associate leg's id is the call's), and answers its view. */
async function seedCall(h: Harness, engagementId: string, c: CallPlan): Promise<CallView> {
  const bridgeId = randomUUID();
  for (const l of c.legs) {
    await h.db.insert(phoneCalls).values({
      id: l.leg === 'associate' ? bridgeId : randomUUID(),
      bridgeId,
      enterpriseId: h.enterprises.volt,
      engagementId,
      leg: l.leg,
      sid: `CA${randomBytes(16).toString('hex')}`,
      status: l.status as typeof phoneCalls.$inferInsert.status,
      sequence: 3,
      fromNumber: OUR_NUMBER,
      shopperNumber: null,
      startedAt: new Date(iso(c.at, l.start)!),
      answeredAt: l.answered === null ? null : new Date(iso(c.at, l.answered)!),
      endedAt: l.ended === null ? null : new Date(iso(c.at, l.ended)!),
      durationSeconds: l.ended === null ? null : l.answered === null ? 0 : l.ended - l.answered,
      endedBy: l.ended === null ? null : 'callback',
      direction: c.direction,
      associateVia: c.via,
    });
  }
  return viewOf(engagementId, bridgeId, c);
}

async function seedTexts(h: Harness, engagementId: string, at: Date, texts: ['out' | 'in', string, number][]): Promise<void> {
  for (const [direction, body, minutes] of texts) {
    const sentAt = new Date(at.getTime() + minutes * MINUTE);
    await h.db.insert(phoneTexts).values({
      id: randomUUID(),
      enterpriseId: h.enterprises.volt,
      engagementId,
      direction,
      sid: `SM${randomBytes(16).toString('hex')}`,
      status: direction === 'out' ? 'delivered' : 'received',
      errorCode: null,
      ourNumber: OUR_NUMBER,
      shopperNumber: null,
      body,
      numberHash: 'screens',
      sentAt,
      updatedAt: sentAt,
    });
  }
}

/**
 * Two engagements with phone calls: one ended (a call the shopper's line was busy for, then a
 * completed one, three texts, phone in its channels), one in progress (a dial-in call on the
 * line now, the associate on a SIP phone). Answers each engagement's calls as their views.
 */
async function seedCalls(h: Harness): Promise<{ ended: string; live: string; views: Map<string, { calls: CallView[]; textCount: number }> }> {
  const now = h.clock.now();
  const list = ((await h.call('GET', '/api/v1/enterprise/engagements?limit=50')) as EnterpriseEngagementList).engagements;
  // Past the live scene's own picks (the newest two in progress, the newest ended one shown).
  const ended = list[3]!;
  const live = list[2]!;
  const views = new Map<string, { calls: CallView[]; textCount: number }>();
  // The rest of the harness's engagements end (the live scene's two in progress stay): the floor shows the call on the line.
  const stale = new Date(now.getTime() - 86_400_000);
  for (const e of list.filter((e) => e.status === 'accepted' && Date.parse(e.answeredAt ?? e.invitedAt) < stale.getTime()))
    await h.db
      .update(engagements)
      .set({ status: 'ended', endedAt: new Date(Date.parse(e.answeredAt ?? e.invitedAt) + 18 * MINUTE), endReason: 'associate_ended' })
      .where(and(eq(engagements.id, e.id), lt(engagements.answeredAt, stale)));

  const start = new Date(Date.parse(ended.answeredAt ?? ended.invitedAt));
  const end = new Date(start.getTime() + 24 * MINUTE);
  await h.db.update(engagements).set({ status: 'ended', endedAt: end, endReason: 'associate_ended' }).where(eq(engagements.id, ended.id));
  const busy = await seedCall(h, ended.id, {
    at: new Date(start.getTime() + 4 * MINUTE),
    direction: 'click-to-call',
    via: 'phone',
    state: 'ended',
    outcome: 'shopper-busy',
    legs: [
      { leg: 'associate', status: 'completed', start: 0, answered: 7, ended: 16 },
      { leg: 'shopper', status: 'busy', start: 8, answered: null, ended: 14 },
    ],
  });
  const completedAt = new Date(start.getTime() + 9 * MINUTE);
  const completed = await seedCall(h, ended.id, {
    at: completedAt,
    direction: 'click-to-call',
    via: 'phone',
    state: 'ended',
    outcome: 'completed',
    legs: [
      { leg: 'associate', status: 'completed', start: 0, answered: 6, ended: 452 },
      { leg: 'shopper', status: 'completed', start: 7, answered: 19, ended: 444 },
    ],
  });
  await h.db.insert(channelUsages).values({ id: randomUUID(), engagementId: ended.id, method: 'phone', startedAt: new Date(completedAt.getTime() + 19_000), stoppedAt: new Date(completedAt.getTime() + 444_000) });
  await seedTexts(h, ended.id, start, [
    ['out', 'Sony WH-1000XM5 wireless headphones, 299.00 EUR: https://volt.example/p/wh-1000xm5', 2],
    ['in', 'Thanks! Can you call me in 5 min?', 3],
    ['out', 'Travel case for WH-1000XM5: https://volt.example/p/case-xm5', 18],
  ]);
  views.set(ended.id, { calls: [busy, completed], textCount: 3 });

  const liveStart = new Date(now.getTime() - 14 * MINUTE);
  await h.db.update(engagements).set({ status: 'accepted', invitedAt: liveStart, answeredAt: liveStart, endedAt: null, endReason: null }).where(eq(engagements.id, live.id));
  const callAt = new Date(now.getTime() - 3 * MINUTE - 40_000);
  const dialIn = await seedCall(h, live.id, {
    at: callAt,
    direction: 'dial-in',
    via: 'sip',
    state: 'connected',
    outcome: null,
    legs: [
      { leg: 'shopper', status: 'in-progress', start: 0, answered: 0, ended: null },
      { leg: 'associate', status: 'in-progress', start: 12, answered: 17, ended: null },
    ],
  });
  // The shopper is on the line from the start (they called); both are once the associate answers.
  dialIn.connectedAt = iso(callAt, 17);
  const open = await h.db.select().from(channelUsages).where(eq(channelUsages.engagementId, live.id));
  if (!open.some((u) => u.method === 'phone' && u.stoppedAt === null)) await h.db.insert(channelUsages).values({ id: randomUUID(), engagementId: live.id, method: 'phone', startedAt: new Date(callAt.getTime() + 17_000), stoppedAt: null });
  if (!open.some((u) => u.method === 'chat' && u.stoppedAt === null)) await h.db.insert(channelUsages).values({ id: randomUUID(), engagementId: live.id, method: 'chat', startedAt: new Date(liveStart.getTime() + 30_000), stoppedAt: null });
  await seedTexts(h, live.id, liveStart, [['out', 'Our number, to call with the code on your screen: +44 20 7946 0958', 9]]);
  views.set(live.id, { calls: [dialIn], textCount: 1 });
  return { ended: ended.id, live: live.id, views };
}

/**
 * Answers the timeline of the seeded engagements as the backend does, with their calls and
 * texts: while GET …/timeline gives `calls: []` (the telephony module does not fill it yet), the
 * seeded calls' views stand in; once it fills them, its own answer is shown as it is.
 */
async function withCalls(page: Page, h: Harness, views: Map<string, { calls: CallView[]; textCount: number }>): Promise<void> {
  // The page's clock is the harness's (a call's time "so far" is now less its start, both on the backend's clock).
  await page.evaluateOnNewDocument((offset: number) => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + offset;
  }, h.clock.now().getTime() - Date.now());
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    const m = /\/api\/v1\/engagements\/([0-9a-f-]{36})\/timeline$/.exec(new URL(req.url()).pathname);
    const planned = m ? views.get(m[1]!) : undefined;
    if (!m || !planned || req.method() !== 'GET') {
      void req.continue();
      return;
    }
    void (async () => {
      const real = (await h.call('GET', `/api/v1/engagements/${m[1]}/timeline`)) as EngagementTimeline;
      const answer = real.calls.length > 0 ? real : { ...real, calls: planned.calls, textCount: planned.textCount };
      await req.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    })();
  });
}

/** Back to the top of the page: a full-page shot taken scrolled shows the sticky header halfway down. */
async function top(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Telephony: the settings unset, at fault, set (the numbers in order, the webhook addresses),
 * the removal asked; an analyst refused; an engagement's phone calls (ended: a busy call and a
 * completed one, texts; in progress: a dial-in on a SIP phone, on the line now); phone on the
 * live floor and in the report by channel.
 */
export const telephony: Scene = {
  area: 'telephony',
  async run(s) {
    const h = s.harness;
    const seeded = await seedCalls(h);

    await s.signIn('owner');
    await s.go('/settings/telephony', 'input[name=accountSid]');
    await s.shoot('telephony-unset');

    await s.type('input[name=accountSid]', 'AC12345');
    await s.type('input[name=numbers]', '020 7946 0958');
    await s.page.click('.number-list .code-input button');
    await s.page.waitForSelector('#numbers-error');
    await s.page.click('form button[type=submit]');
    await s.page.waitForSelector('input[name=authToken][aria-invalid=true]');
    await top(s.page);
    await s.shoot('telephony-at-fault');

    await s.type('input[name=accountSid]', `AC${'5f1c9e0d7b2a4c68'.repeat(2)}`);
    await s.type('input[name=authToken]', '9d3b7e1f2a4c6d8e0f1a3b5c7d9e1f2a');
    await s.type('input[name=numbers]', '+44 20 7946 0958');
    await s.page.keyboard.press('Enter');
    await s.type('input[name=numbers]', '+1 (415) 555-0100');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => document.querySelectorAll('.numbers li').length === 2);
    await s.page.click('form button[type=submit]');
    await s.page.waitForSelector('.saved');
    await top(s.page);
    await s.shoot('telephony-set');

    await s.page.click('form .actions button.danger');
    await s.page.waitForSelector('[role=alertdialog] button.danger');
    await top(s.page);
    await s.shoot('telephony-remove-confirm');
    await s.page.keyboard.press('Escape');

    await withCalls(s.page, h, seeded.views);
    await s.go(`/engagements/${seeded.ended}`, '#phone-title');
    await s.shoot('engagement-phone-calls');
    await s.go(`/engagements/${seeded.live}`, '#phone-title');
    await s.shoot('engagement-phone-live');

    await s.go('/live', '#live-engagements');
    await s.shoot('live-phone');

    await s.go('/sales/reports');
    await s.page.select('form.filters label:nth-of-type(2) select', 'channel');
    await s.settle();
    await s.shoot('reports-by-channel');

    await s.signIn('analyst');
    await s.go('/settings/telephony', '.state.empty');
    await s.shoot('telephony-analyst');
  },
};
