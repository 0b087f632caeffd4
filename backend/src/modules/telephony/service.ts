import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { TelephonySettingsBody, TelephonySettingsView, TwilioCallbackAnswer } from '../../../../shared/telephony';
import type { Db } from '../../db/open';
import { engagements, phoneCalls, telephonySettings } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { BadSignature, Conflict, EngagementNotLive, InvalidInput, NotFound, ProviderUnavailable } from '../../errors';
import { hmacSha1 } from '../../hmac';
import { describeError } from '../../log';
import { twilioSignatureMatches, type FormFields } from './signature.core';
import { applyCallCallback, type CallCallback, callCallbackOf, FINAL_CALL_STATUSES } from './status.core';
import { type Telephony, TelephonyFailure } from './telephony';
import type { StartCallBody } from './routes';
import { twilioTelephony } from './twilio';
import { associateVia, bridgeTwiml, E164, hangupTwiml, isSipAddress } from './twiml.core';

/** The longest a bridged call may last (the `<Dial timeLimit>`): a sales call, with room to spare. */
export const CALL_TIME_LIMIT_SECONDS = 2 * 3600;
/** A call with no final callback this long after it was placed is closed by the sweep: the time limit, ringing, and Twilio's delays. */
export const STALE_CALL_AFTER_MS = (CALL_TIME_LIMIT_SECONDS + 15 * 60) * 1000;
/** Seconds each phone rings before Twilio gives up (no-answer). */
const RING_SECONDS = 30;

type CallRow = typeof phoneCalls.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A Twilio webhook as it came: the URL Twilio requested (ours, from PUBLIC_URL), its form, its signature header. */
export interface SignedRequest {
  /** The path and query Twilio requested; the public base URL is put before it. */
  pathAndQuery: string;
  params: FormFields;
  signature: string | undefined;
}

/** An enterprise's Twilio account, its auth token opened. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  numbers: string[];
}

/** A bridge just placed: its id (in the webhook URLs), Twilio's sid and status. */
export interface PlacedCall {
  callId: string;
  sid: string;
  status: string;
}

/**
 * The enterprise's telephone company (Twilio) and click-to-call: its settings (the auth token
 * sealed), placing the bridge, and Twilio's webhooks about it (the TwiML that dials the shopper,
 * each leg's status callbacks), each checked against the enterprise's auth token.
 */
export class TelephonyService {
  constructor(private readonly deps: AppDeps) {}

  async settings(enterpriseId: string): Promise<TelephonySettingsView> {
    const [row] = await this.deps.db.select().from(telephonySettings).where(eq(telephonySettings.enterpriseId, enterpriseId));
    if (!row) return { configured: false, provider: null, accountSid: null, authTokenSet: false, numbers: [], updatedAt: null };
    return { configured: true, provider: row.provider, accountSid: row.accountSid, authTokenSet: true, numbers: row.numbers, updatedAt: row.updatedAt.toISOString() };
  }

  /** Replaces the settings; an auth token left out keeps the one stored, and the first settings need one. */
  async putSettings(enterpriseId: string, body: TelephonySettingsBody): Promise<TelephonySettingsView> {
    const now = this.deps.clock();
    const values = { provider: body.provider, accountSid: body.accountSid, numbers: body.numbers, updatedAt: now };
    if (body.authToken) {
      const authToken = this.deps.sealer.seal(body.authToken);
      await this.deps.db.insert(telephonySettings).values({ enterpriseId, ...values, authToken }).onConflictDoUpdate({ target: telephonySettings.enterpriseId, set: { ...values, authToken } });
    } else {
      const [updated] = await this.deps.db.update(telephonySettings).set(values).where(eq(telephonySettings.enterpriseId, enterpriseId)).returning({ id: telephonySettings.enterpriseId });
      if (!updated) throw new InvalidInput(['authToken'], 'The auth token is needed the first time the settings are set.');
    }
    return this.settings(enterpriseId);
  }

  /** Removes the settings: no call can be placed, and Twilio's webhooks for the enterprise's calls no longer verify. */
  async deleteSettings(enterpriseId: string): Promise<void> {
    await this.deps.db.delete(telephonySettings).where(eq(telephonySettings.enterpriseId, enterpriseId));
  }

  /**
   * Click-to-call: Twilio calls the associate's phone and, once they answer, fetches the TwiML
   * that dials the shopper into the same call. The shopper's number is kept sealed until the call
   * ends; the associate's is not kept. A refusal by Twilio leaves nothing behind.
   */
  async startBridge(request: { engagementId: string; associatePhone: string; shopperPhone: string }): Promise<PlacedCall> {
    // The associate's phone may be a contact-centre phone's SIP address (Twilio calls it over SIP).
    if (!E164.test(request.associatePhone) && !isSipAddress(request.associatePhone)) throw new InvalidInput(['associatePhone'], 'The phone is neither a number in E.164 form (+ and the country code) nor a SIP address.');
    if (!E164.test(request.shopperPhone)) throw new InvalidInput(['shopperPhone'], 'The number is not in E.164 form (+ and the country code).');
    const [engagement] = await this.deps.db.select({ enterpriseId: engagements.enterpriseId }).from(engagements).where(eq(engagements.id, request.engagementId));
    if (!engagement) throw new NotFound('The engagement');
    const account = await this.accountOf(engagement.enterpriseId);
    if (!account) throw new Conflict('The enterprise has no telephony settings: set its Twilio account first.');
    const callId = this.deps.ids.id();
    const from = account.numbers[0]!;
    await this.deps.db.insert(phoneCalls).values({
      id: callId,
      bridgeId: callId,
      enterpriseId: engagement.enterpriseId,
      engagementId: request.engagementId,
      leg: 'associate',
      sid: null,
      status: 'queued',
      sequence: -1,
      fromNumber: from,
      associateVia: associateVia(request.associatePhone),
      shopperNumber: this.deps.sealer.seal(request.shopperPhone),
      startedAt: this.deps.clock(),
    });
    const telephony = this.clientFor(account);
    let placed;
    try {
      placed = await telephony.placeCall(
        { to: request.associatePhone, from, instructions: { url: this.webhookUrl(callId, 'twiml') }, statusCallback: this.webhookUrl(callId, 'status'), timeoutSeconds: RING_SECONDS },
        AbortSignal.any([]),
      );
    } catch (err) {
      await this.deps.db.delete(phoneCalls).where(eq(phoneCalls.id, callId));
      if (err instanceof TelephonyFailure) {
        this.deps.log('telephony: Twilio refused the call', { callId, reason: err.reason, kind: err.kind });
        if (err.kind === 'invalid-number') throw new InvalidInput(['associatePhone'], 'Twilio cannot call this number.');
        throw new ProviderUnavailable(`Twilio did not place the call: ${err.reason}.`);
      }
      throw err;
    }
    // Its first callbacks may have told the sid already: either way it is this one.
    await this.deps.db.update(phoneCalls).set({ sid: placed.sid }).where(and(eq(phoneCalls.id, callId), isNull(phoneCalls.sid)));
    return { callId, sid: placed.sid, status: placed.status };
  }

  /**
   * The engagement's associate starts a bridge: only on their own engagement (404 otherwise, as
   * for one that does not exist), while it is live, and one call at a time.
   */
  async startForAssociate(associateId: string, engagementId: string, body: StartCallBody): Promise<PlacedCall> {
    await this.liveEngagementOf(associateId, engagementId);
    const [open] = await this.deps.db
      .select({ id: phoneCalls.id })
      .from(phoneCalls)
      .where(and(eq(phoneCalls.engagementId, engagementId), eq(phoneCalls.leg, 'associate'), isNull(phoneCalls.endedAt)))
      .limit(1);
    if (open) throw new Conflict('A call of this engagement is under way; one at a time.');
    return this.startBridge({ engagementId, associatePhone: body.associatePhone, shopperPhone: body.shopperPhone });
  }

  /** The associate's own engagement while it is live, with its enterprise: 404 for anyone else's, 409 when not live. */
  async liveEngagementOf(associateId: string, engagementId: string): Promise<{ enterpriseId: string }> {
    const [engagement] = await this.deps.db
      .select({ associateId: engagements.associateId, status: engagements.status, enterpriseId: engagements.enterpriseId })
      .from(engagements)
      .where(eq(engagements.id, engagementId));
    if (!engagement || engagement.associateId !== associateId) throw new NotFound('The engagement');
    if (engagement.status === 'ended') throw new EngagementNotLive('ended', 'The engagement has ended.');
    if (engagement.status !== 'accepted') throw new EngagementNotLive('not_live', 'The engagement is not live: the shopper has not accepted it, or it was declined or expired.');
    return { enterpriseId: engagement.enterpriseId };
  }

  /**
   * The TwiML a bridge's answered call runs: the `<Dial>` to the shopper while the call is on and
   * their number known; `<Hangup/>` once the `<Dial>` is over (its action comes here too, with
   * DialCallStatus) or for a request about another call.
   */
  async twiml(callId: string, request: SignedRequest): Promise<string> {
    const { bridge, form } = await this.verified(callId, request);
    const callSid = form.get('CallSid');
    const ours = bridge.sid === null || bridge.sid === callSid;
    if (form.get('DialCallStatus') !== null || !ours || FINAL_CALL_STATUSES.has(bridge.status) || !bridge.shopperNumber) return hangupTwiml();
    const shopper = this.opened(bridge.shopperNumber, callId);
    if (!shopper) return hangupTwiml();
    return bridgeTwiml({
      shopper,
      action: this.webhookUrl(callId, 'twiml'),
      legStatusCallback: this.webhookUrl(callId, 'status'),
      callerId: bridge.fromNumber,
      timeoutSeconds: RING_SECONDS,
      timeLimitSeconds: CALL_TIME_LIMIT_SECONDS,
    });
  }

  /**
   * A status callback of either leg (the shopper's names the associate's as ParentCallSid): it
   * moves that leg forward, never back; a replay or an older callback changes nothing. The end of
   * the associate's leg ends the call: the shopper's number is dropped.
   */
  async callStatus(callId: string, request: SignedRequest): Promise<TwilioCallbackAnswer> {
    const { form } = await this.verified(callId, request);
    const callback = callCallbackOf(form);
    if (!callback) throw new InvalidInput([], 'The form is not a call status callback (CallSid, CallStatus).');
    const now = this.deps.clock();
    return this.deps.db.transaction(async (tx) => {
      const [bridge] = await tx.select().from(phoneCalls).where(eq(phoneCalls.id, callId)).for('update');
      if (!bridge) return { result: 'ignored' as const, status: null };
      const leg = await this.legOf(tx, bridge, callback);
      if (!leg) return { result: 'ignored' as const, status: null };
      const { state, changed } = applyCallCallback({ status: leg.status, sequence: leg.sequence, durationSeconds: leg.durationSeconds }, callback);
      if (!changed) return { result: 'unchanged' as const, status: leg.status };
      const ended = FINAL_CALL_STATUSES.has(state.status);
      await tx
        .update(phoneCalls)
        .set({
          sid: callback.callSid,
          status: state.status,
          sequence: state.sequence,
          durationSeconds: state.durationSeconds,
          ...(state.status === 'in-progress' || (state.status === 'completed' && !leg.answeredAt) ? { answeredAt: leg.answeredAt ?? now } : {}),
          ...(ended ? { endedAt: now, endedBy: 'callback' as const } : {}),
          ...(ended && leg.leg === 'associate' ? { shopperNumber: null } : {}),
        })
        .where(eq(phoneCalls.id, leg.id));
      return { result: 'taken' as const, status: state.status };
    });
  }

  /**
   * Calls whose final callback never came (Twilio could not reach us, or we were down) are closed
   * once past the longest a call can last: `completed` if answered, else `failed`, and the
   * shopper's number dropped. Returns how many bridges were closed.
   */
  async sweepStale(): Promise<number> {
    const cutoff = new Date(this.deps.clock().getTime() - STALE_CALL_AFTER_MS);
    const stale = await this.deps.db
      .select({ bridgeId: phoneCalls.bridgeId })
      .from(phoneCalls)
      .where(and(eq(phoneCalls.leg, 'associate'), isNull(phoneCalls.endedAt), lte(phoneCalls.startedAt, cutoff)))
      .limit(100);
    let closed = 0;
    for (const { bridgeId } of stale) {
      try {
        await this.deps.db.transaction(async (tx) => {
          const now = this.deps.clock();
          const [bridge] = await tx.select({ id: phoneCalls.id }).from(phoneCalls).where(and(eq(phoneCalls.id, bridgeId), isNull(phoneCalls.endedAt))).for('update');
          if (!bridge) return;
          await tx
            .update(phoneCalls)
            .set({ status: sql`case when ${phoneCalls.answeredAt} is null then 'failed' else 'completed' end`, endedAt: now, endedBy: 'sweep', shopperNumber: null })
            .where(and(eq(phoneCalls.bridgeId, bridgeId), isNull(phoneCalls.endedAt)));
          closed += 1;
        });
      } catch (err) {
        this.deps.log('telephony: a stale call could not be closed', { bridgeId, ...describeError(err) });
      }
    }
    return closed;
  }

  /** A sealed number in clear; null when no configured key opens it (logged: the call cannot be bridged). */
  private opened(sealed: string, callId: string): string | null {
    try {
      return this.deps.sealer.open(sealed);
    } catch (err) {
      this.deps.log('telephony: the shopper’s number cannot be opened', { callId, ...describeError(err) });
      return null;
    }
  }

  /** Where Twilio reaches a bridge's webhooks: the public base URL (PUBLIC_URL) and the route. */
  private webhookUrl(callId: string, what: 'twiml' | 'status'): string {
    return `${this.deps.publicUrl()}/api/v1/webhooks/twilio/calls/${callId}/${what}`;
  }

  /**
   * The bridge a webhook is about and its form, once its signature is the enterprise's: 401
   * `bad_signature` without a signature; then 404 for an id that names no bridge (malformed or
   * unknown alike); then 401 `bad_signature` for a signature that is not the enterprise's.
   */
  private async verified(callId: string, request: SignedRequest): Promise<{ bridge: CallRow; form: URLSearchParams }> {
    // Unsigned, it is not Twilio's whatever it names: refused before anything is looked up.
    if (!request.signature) throw new BadSignature('The request carries no X-Twilio-Signature.');
    const bridge = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(callId)
      ? (await this.deps.db.select().from(phoneCalls).where(and(eq(phoneCalls.id, callId), eq(phoneCalls.leg, 'associate'))))[0]
      : undefined;
    if (!bridge) throw new NotFound('The call');
    return { bridge, form: await this.signedBy(bridge.enterpriseId, request) };
  }

  /** The webhook's form once its signature is the enterprise's (over PUBLIC_URL and the path); 401 `bad_signature` otherwise. */
  async signedBy(enterpriseId: string, request: SignedRequest): Promise<URLSearchParams> {
    const account = await this.accountOf(enterpriseId);
    const url = `${this.deps.publicUrl()}${request.pathAndQuery}`;
    if (!account || !twilioSignatureMatches(hmacSha1, account.authToken, url, request.params, request.signature)) {
      throw new BadSignature('The request is not signed with the enterprise’s Twilio auth token.');
    }
    return new URLSearchParams(request.params as [string, string][]);
  }

  /** The telephone company as the enterprise's account reaches it (a test's stand-in when the deps give one). */
  clientFor(account: TwilioAccount): Telephony {
    return this.deps.telephonyFor?.(account) ?? twilioTelephony({ baseUrl: this.deps.twilioApiUrl, accountSid: account.accountSid, authToken: account.authToken }, this.deps.outbound);
  }

  /**
   * The leg a callback is about: the associate's (its sid, or the first callback's before the
   * create's answer told it), or the shopper's, created on its first callback; null when it is
   * about neither, or names a sid another call holds.
   */
  private async legOf(tx: Tx, bridge: CallRow, callback: CallCallback): Promise<CallRow | null> {
    if (callback.callSid === bridge.sid) return bridge;
    const taken = async () => (await tx.select({ id: phoneCalls.id }).from(phoneCalls).where(eq(phoneCalls.sid, callback.callSid))).length > 0;
    if (!callback.parentCallSid) return bridge.sid === null && !(await taken()) ? bridge : null;
    if (callback.parentCallSid !== bridge.sid) return null;
    const [leg] = await tx.select().from(phoneCalls).where(and(eq(phoneCalls.bridgeId, bridge.id), eq(phoneCalls.leg, 'shopper'))).for('update');
    if (leg) return leg.sid === callback.callSid ? leg : null;
    if (await taken()) return null;
    const [created] = await tx
      .insert(phoneCalls)
      .values({ ...bridge, id: this.deps.ids.id(), leg: 'shopper', sid: callback.callSid, status: 'queued', sequence: -1, shopperNumber: null, startedAt: this.deps.clock(), answeredAt: null, endedAt: null, durationSeconds: null, endedBy: null })
      .returning();
    return created!;
  }

  /** The enterprise's Twilio account, its token opened; null when none is set or no key opens it (logged). */
  async accountOf(enterpriseId: string): Promise<TwilioAccount | null> {
    const [row] = await this.deps.db.select().from(telephonySettings).where(eq(telephonySettings.enterpriseId, enterpriseId));
    if (!row) return null;
    try {
      const authToken = this.deps.sealer.open(row.authToken);
      if (!this.deps.sealer.isCurrent(row.authToken)) {
        await this.deps.db.update(telephonySettings).set({ authToken: this.deps.sealer.seal(authToken) }).where(eq(telephonySettings.enterpriseId, enterpriseId));
      }
      return { accountSid: row.accountSid, authToken, numbers: row.numbers };
    } catch (err) {
      this.deps.log('telephony: the auth token cannot be opened', { enterpriseId, ...describeError(err) });
      return null;
    }
  }
}
