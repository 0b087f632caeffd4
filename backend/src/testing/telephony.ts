import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { EngagementDetail, OfferAccepted } from '../../../shared/offers';
import type { App } from '../app';
import { associates } from '../db/schema';
import { createOutbound } from '../outbound/client';
import { type ApiHarness, call } from './api';
import { serveOnLoopback } from './local-server';
import { type SeededAssociate, seedOffered } from './offers';
import { TwilioServer } from './twilio-server';

/** The local Twilio of a test file: started before its tests, closed after them. */
export function useTwilioServer(): () => TwilioServer {
  let twilio: TwilioServer | null = null;
  beforeAll(async () => {
    twilio = await TwilioServer.start();
  });
  afterAll(async () => {
    await twilio?.close();
  });
  return () => twilio!;
}

/** The harness's app calling the local Twilio, listening on 127.0.0.1 (its PUBLIC_URL) for Twilio's webhooks. */
export async function servedWithTwilio(h: ApiHarness, twilio: TwilioServer): Promise<{ app: App; base: string; close: () => Promise<void> }> {
  twilio.reset();
  let base = '';
  const app = h.appWith({ outbound: createOutbound({ allowHosts: [twilio.host] }), twilioApiUrl: twilio.url, publicUrl: () => base });
  const served = await serveOnLoopback(app);
  base = served.url;
  return { app, base, close: served.close };
}

/** Sets (or, with null, removes) the associate's phone in their contact preferences. */
export const setAssociatePhone = (h: ApiHarness, associateId: string, phone: string | null) =>
  h.db.db.update(associates).set({ contact: { notify: true, sound: false, channels: ['chat'], ...(phone ? { phone } : {}) } }).where(eq(associates.id, associateId));

/** A live engagement: an associate won the offer and the harness's shopper (h.token) accepted; the associate's phone set (unless null). */
export async function liveEngagement(h: ApiHarness, app: App, associatePhone: string | null): Promise<{ engagementId: string; associate: SeededAssociate; shopperId: string }> {
  const offered = await seedOffered(h);
  const won = OfferAccepted.parse(await (await call(app, 'POST', `/api/v1/offers/${offered.offerId}/accept`, offered.associate.token)).json());
  const answered = await call(app, 'POST', `/api/v1/engagements/${won.engagement.id}/answer`, h.token, { accept: true });
  expect(answered.status).toBe(200);
  await setAssociatePhone(h, offered.associate.id, associatePhone);
  return { engagementId: won.engagement.id, associate: offered.associate, shopperId: EngagementDetail.parse(await answered.json()).shopperId };
}
