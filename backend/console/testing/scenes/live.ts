import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AssociateList } from '../../../../shared/associates';
import type { EngagementTimeline, EnterpriseEngagementList } from '../../../../shared/engagement-history';
import type { EventBatchAccepted } from '../../../../shared/events';
import { associateConnections, associates, associateTokens, channelUsages, engagements, opportunities, sessions, shopperMessages, transcriptMessages } from '../../../src/db/schema';
import { hashSecret, newSecret } from '../../../src/secrets';
import { browse, eventId } from '../../../src/testing/fixtures';
import { ALWAYS } from '../../../src/testing/offers';
import type { Harness } from '../harness';
import type { Scene } from './scene';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Voltaire's floor this morning, on top of the harness's seed: the older engagements ended (chat,
 * voice, co-browsing, some transcripts, outcomes), two in progress, shoppers on the site now, two
 * opportunities open, associates in every presence, messages shoppers left. Returns Ben's token
 * (he is away, and goes available while the sales lead watches).
 */
async function seedFloor(h: Harness): Promise<{ benToken: string }> {
  const db = h.db;
  const now = h.clock.now();
  const people = Object.fromEntries(((await h.call('GET', '/api/v1/associates')) as AssociateList).associates.map((a) => [a.displayName.split(' ')[0]!, a.id]));
  const ana = people.Ana!;
  const ben = people.Ben!;
  const chloe = people.Chloé!;

  // Transcripts are kept 14 days after the end: the older engagements' are gone.
  await h.call('PUT', '/api/v1/live/settings', { transcriptRetentionDays: 14 });

  const list = ((await h.call('GET', '/api/v1/enterprise/engagements?limit=50')) as EnterpriseEngagementList).engagements;
  // Newest first: the first two stay in progress, the rest end.
  for (const [i, e] of list.entries()) {
    const start = Date.parse(e.answeredAt ?? e.invitedAt);
    const inProgress = i < 2;
    const live = inProgress ? new Date(now.getTime() - (i === 0 ? 4 : 17) * MINUTE) : new Date(start);
    if (inProgress) await db.update(engagements).set({ invitedAt: live, answeredAt: live }).where(eq(engagements.id, e.id));
    const s = live.getTime();
    const end = inProgress ? null : new Date(s + (9 + (i % 4) * 5) * MINUTE);
    const methods: ('chat' | 'voice' | 'view' | 'guide')[] = i % 3 === 0 ? ['chat', 'voice'] : i % 3 === 1 ? ['chat', 'view'] : ['chat'];
    for (const [n, method] of methods.entries()) {
      const started = new Date(s + (n * 2 + 0.5) * MINUTE);
      await db.insert(channelUsages).values({ id: randomUUID(), engagementId: e.id, method, startedAt: started, stoppedAt: end ? new Date(end.getTime() - MINUTE / 2) : null });
    }
    const lines: ['shopper' | 'associate', string][] = [
      ['shopper', 'Hi, are the XM5 much better than the QC Ultra for flights?'],
      ['associate', 'Both cancel engine noise well. The XM5 last longer (30 h) and fold flatter; the Bose are a touch more comfortable on long flights.'],
      ['shopper', 'Battery matters more to me. Do you have the case in stock?'],
      ['associate', 'Yes, the travel case is in stock: I can add it to your cart now if you like.'],
    ];
    for (const [n, [from, text]] of lines.entries()) {
      const at = new Date(s + (n + 1) * MINUTE);
      await db.insert(transcriptMessages).values({ engagementId: e.id, sender: from, messageId: `m${n}`, text, sentAt: at, receivedAt: at });
    }
    if (!end) continue;
    await db
      .update(engagements)
      .set({ status: 'ended', endedAt: end, endReason: i % 4 === 1 ? 'shopper_ended' : i % 7 === 3 ? 'peer_lost' : 'associate_ended' })
      .where(eq(engagements.id, e.id));
    // A sale where an order was credited to it, as the associate would have said.
    const { orders } = (await h.call('GET', `/api/v1/engagements/${e.id}/timeline`)) as EngagementTimeline;
    const credited = orders.reduce((sum, o) => sum + o.creditedMinor, 0);
    await h.call('POST', `/api/v1/engagements/${e.id}/outcome`, credited > 0 ? { sale: true, amount: (credited / 100).toFixed(2), currency: 'EUR' } : { sale: false });
  }
  // As the retention sweep leaves them.
  await h.app.live.sweepTranscripts(now);

  // Shoppers on the site now: four browsing, two with an opportunity open (one asked for help).
  const sessionIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const shopper = (await (await h.app.http.request('/api/v1/shoppers', { method: 'POST' })).json()) as { token: string };
    const events = browse().map((e, n) => ({ ...e, id: eventId(), at: new Date(now.getTime() - (4 - i) * MINUTE + n * 5_000).toISOString() }));
    const accepted = (await h.call('POST', '/api/v1/events', { events }, { key: shopper.token })) as EventBatchAccepted;
    sessionIds.push(accepted.sessionIds[0]!);
  }
  const rows = await db.select().from(sessions).where(inArray(sessions.id, sessionIds));
  for (const [n, session] of rows.slice(0, 2).entries()) {
    await db.insert(opportunities).values({
      id: randomUUID(),
      enterpriseId: session.enterpriseId,
      sessionId: session.id,
      shopperId: session.shopperId,
      status: 'offering',
      score: n === 0 ? 14 : 0,
      reasons: n === 0 ? [{ conditionId: 'long-dwell', points: 14 }] : [],
      rulesVersion: 1,
      segment: { category: n === 0 ? ['Audio', 'Headphones'] : ['TV', 'OLED'], minLevel: 1 },
      customerExternalId: null,
      openedAt: new Date(now.getTime() - (n === 0 ? 2 : 1) * MINUTE),
      dueAt: null,
      offerState: null,
      origin: n === 0 ? 'detected' : 'asked',
    });
  }

  // Presences: Ana available, Ben away (he declined an offer), Chloé outside her schedule, Dan not connected.
  await db.update(associates).set({ schedule: ALWAYS, capacity: 3 }).where(inArray(associates.id, [ana, ben]));
  await db.update(associates).set({ presence: 'away', presenceReason: 'declined_offer', presenceChangedAt: new Date(now.getTime() - 12 * MINUTE) }).where(eq(associates.id, ben));
  for (const id of [ana, ben, chloe]) await db.insert(associateConnections).values({ id: randomUUID(), associateId: id, instanceId: 'screens', connectedAt: now, lastSeenAt: now });
  const benToken = newSecret('fwa');
  await db.insert(associateTokens).values({ tokenHash: hashSecret(benToken), associateId: ben, createdAt: now, expiresAt: new Date(now.getTime() + 12 * 3_600_000) });

  // Messages left when nobody could take them, on this morning's earlier sessions.
  const earlier = await db.select().from(sessions).where(and(eq(sessions.enterpriseId, h.enterprises.volt)));
  const texts: [string, string | null, 'open' | 'taken' | 'done', string | null][] = [
    ['Do you price-match the LG C3? I saw it cheaper elsewhere.', 'maria.k@example.com', 'open', null],
    ['I need headphones for my son, under 200 €, that survive school.', '+33 6 12 34 56 78', 'taken', ben],
    ['Is the Samsung S90C back in stock before Christmas?', null, 'done', ana],
    ['Could someone call me about a Sonos setup for two rooms?', 'paul@example.com', 'open', null],
  ];
  for (const [n, [message, contact, status, by]] of texts.entries()) {
    const session = earlier[n]!;
    const opportunityId = randomUUID();
    const at = new Date(now.getTime() - (n * 47 + 20) * MINUTE);
    await db.insert(opportunities).values({
      id: opportunityId,
      enterpriseId: session.enterpriseId,
      sessionId: session.id,
      shopperId: session.shopperId,
      status: 'unserved',
      score: 9,
      reasons: [],
      rulesVersion: 1,
      segment: { category: ['Audio'], minLevel: 1 },
      customerExternalId: null,
      openedAt: at,
      dueAt: null,
      offerState: null,
      origin: 'asked',
    });
    await db.insert(shopperMessages).values({
      id: randomUUID(),
      opportunityId,
      enterpriseId: session.enterpriseId,
      message,
      contact,
      createdAt: at,
      status,
      takenBy: by,
      takenAt: by ? new Date(at.getTime() + 9 * MINUTE) : null,
      doneAt: status === 'done' ? new Date(at.getTime() + 40 * MINUTE) : null,
    });
  }
  return { benToken };
}

/** The associates stay connected as the scene's clock moves (each owner sign-in moves it half a minute). */
async function stillConnected(h: Harness): Promise<void> {
  await h.db.update(associateConnections).set({ lastSeenAt: h.clock.now() }).where(eq(associateConnections.instanceId, 'screens'));
}

/** Live (as the owner, and as the sales lead watching Ben go available, then the link lost and back), engagements (filtered), an engagement's timeline (transcript kept, and past retention), messages. */
export const live: Scene = {
  area: 'live',
  async run(s) {
    const h = s.harness;
    const { benToken } = await seedFloor(h);

    await s.signIn('owner');
    await stillConnected(h);
    await s.go('/live');
    await s.page.waitForSelector('.live-dot.live', { timeout: 10_000 });
    await s.shoot('live');

    await s.go('/engagements');
    await s.shoot('engagements');
    await s.page.select('form.filters label:nth-of-type(3) select', 'no_sale');
    await s.settle();
    await s.shoot('engagements-no-sale');

    // The newest ended engagement (its transcript kept), then the oldest (past retention).
    const list = ((await h.call('GET', '/api/v1/enterprise/engagements?limit=50&status=ended')) as EnterpriseEngagementList).engagements;
    await s.go(`/engagements/${list[0]!.id}`);
    await s.page.waitForSelector('.transcript');
    await s.shoot('engagement');
    await s.go(`/engagements/${list.at(-1)!.id}`);
    await s.shoot('engagement-past-retention');

    await s.go('/messages');
    await s.shoot('messages');

    await s.signIn('salesLead');
    await stillConnected(h);
    await s.go('/live');
    await s.page.waitForSelector('.live-dot.live', { timeout: 10_000 });
    await s.shoot('live-sales-lead');
    // Ben goes available in the extension: the page follows without a reload.
    await h.call('PATCH', '/api/v1/associates/me', { presence: 'available' }, { key: benToken });
    await s.page.waitForFunction(
      () => [...document.querySelectorAll('[data-associate]')].some((li) => li.textContent?.includes('Ben') && li.querySelector('.presence.available')),
      { timeout: 10_000 },
    );
    await s.shoot('live-sales-lead-ben-available');
    // The link is lost: the page says so and keeps the last figures, then is live again.
    await h.realtime.pause();
    await s.page.waitForSelector('.live-dot.reconnecting', { timeout: 10_000 });
    await s.shoot('live-reconnecting');
    await h.realtime.resume();
    await s.page.waitForSelector('.live-dot.live', { timeout: 40_000 });
    await s.go('/engagements');
    await s.shoot('engagements-sales-lead');
    await s.go('/messages');
    await s.shoot('messages-sales-lead');
  },
};
