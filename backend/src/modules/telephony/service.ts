import { and, asc, eq, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { REALTIME_VERSION, type AssociateServerMessage, type ShopperServerMessage } from '../../../../shared/realtime';
import {
  type CallList,
  type CallView,
  phoneConsentText,
  type ShopperPhoneBody,
  type ShopperPhoneGiven,
  type ShopperPhoneView,
  type TelephonySettingsBody,
  type TelephonySettingsView,
  type TwilioCallbackAnswer,
} from '../../../../shared/telephony';
import type { z } from 'zod';
import type { Tx } from '../../db/open';
import { associates, channelUsages, dialInCodes, engagementPhones, engagements, enterprises, phoneCalls, phoneTexts, telephonySettings } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { BadSignature, PhoneRefused, EngagementNotLive, InvalidInput, NotFound, ProviderUnavailable } from '../../errors';
import { hmacSha1 } from '../../hmac';
import { describeError } from '../../log';
import { partyIs, type Side } from '../engagements/service';
import type { Publisher } from '../offers/ports';
import { callViewsOf } from './call-view.core';
import { associateTarget, maskedNumber } from './phone.core';
import { twilioSignatureMatches, type FormFields } from './signature.core';
import { applyCallCallback, type CallCallback, callCallbackOf, type CallStatus, FINAL_CALL_STATUSES } from './status.core';
import { type Telephony, TelephonyFailure } from './telephony';
import { numberHash } from './texts';
import { twilioTelephony } from './twilio';
import { bridgeTwiml, hangupTwiml } from './twiml.core';

/** The longest a bridged call may last (the `<Dial timeLimit>`): a sales call, with room to spare. */
export const CALL_TIME_LIMIT_SECONDS = 2 * 3600;
/** A call with no final callback this long after it was placed is closed by the sweep: the time limit, ringing, and Twilio's delays. */
export const STALE_CALL_AFTER_MS = (CALL_TIME_LIMIT_SECONDS + 15 * 60) * 1000;
/** Seconds each phone rings before Twilio gives up (no-answer). */
export const RING_SECONDS = 30;

/** How long a request to Twilio may take before it is given up. */
export const TWILIO_TIMEOUT_MS = 10_000;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type CallRow = typeof phoneCalls.$inferSelect;
type PhoneRow = Pick<typeof engagementPhones.$inferSelect, 'masked' | 'purposes' | 'givenAt'>;
/** PUT /engagements/:id/phone's body once parsed (callNow defaulted). */
export type ShopperPhoneInput = z.output<typeof ShopperPhoneBody>;

/** A live engagement as a call needs it. */
export interface LiveEngagement {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  associateId: string;
  shopperId: string;
}

/** What a call needs besides the shopper's number: the enterprise's account and where the associate's leg goes. */
interface PreparedCall {
  account: TwilioAccount;
  target: { to: string; via: 'phone' | 'sip' };
}

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

/**
 * The enterprise's telephone company (Twilio) and click-to-call: its settings (the auth token
 * sealed), the number the shopper gives in an engagement, the calls either party places (the
 * bridge), and Twilio's webhooks about them (the TwiML that dials the shopper, each leg's status
 * callbacks), each checked against the enterprise's auth token. Each change of a call is pushed
 * to both parties (realtime `call`), and the shopper's leg counts as the engagement's `phone`.
 */
export class TelephonyService {
  private readonly callListeners: ((enterpriseId: string, engagementId: string) => void)[] = [];

  constructor(
    private readonly deps: AppDeps,
    private readonly ports: { realtime: Publisher },
  ) {}

  /** Registers a listener for a call that moved (placed, a leg's status, hung up, swept): the live floor shows the phone channel. */
  onCallChanged(listener: (enterpriseId: string, engagementId: string) => void): void {
    this.callListeners.push(listener);
  }

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

  /** The associate's own engagement while it is live, with its enterprise: 404 for anyone else's, 409 when not live (texts). */
  async liveEngagementOf(associateId: string, engagementId: string): Promise<{ enterpriseId: string }> {
    return this.liveFor({ associateId }, engagementId);
  }

  /** The shopper's number as either party of the engagement sees it: masked. */
  async shopperPhone(side: Side, engagementId: string): Promise<ShopperPhoneView> {
    await this.engagementFor(side, engagementId);
    const [row] = await this.deps.db.select().from(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
    return phoneView(row);
  }

  /**
   * The engagement's shopper gives a number for calls and/or texts, agreeing to the statement
   * shown (kept with it), while the engagement is live; a second one replaces the first. With
   * `callNow` the call is placed at once: everything a call needs is checked before anything is
   * written, and if Twilio refuses it the number given before (or none) is put back.
   */
  async giveShopperPhone(shopperId: string, engagementId: string, body: ShopperPhoneInput): Promise<ShopperPhoneGiven> {
    if (body.callNow && !body.purposes.includes('call')) throw new InvalidInput(['callNow'], 'A call now needs `call` among the purposes.');
    const engagement = await this.liveFor({ shopperId }, engagementId);
    const prepared = body.callNow ? await this.prepareCall(engagement) : null;
    const [before] = await this.deps.db.select().from(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
    const values = {
      engagementId,
      enterpriseId: engagement.enterpriseId,
      number: this.deps.sealer.seal(body.phone),
      numberHash: numberHash(engagement.enterpriseId, body.phone),
      masked: maskedNumber(body.phone),
      purposes: [...body.purposes],
      consentText: phoneConsentText(engagement.enterpriseName, body.purposes),
      givenAt: this.deps.clock(),
    };
    await this.deps.db.insert(engagementPhones).values(values).onConflictDoUpdate({ target: engagementPhones.engagementId, set: values });
    let call: CallView | undefined;
    if (prepared) {
      try {
        call = await this.place(engagement, prepared, values.number);
      } catch (err) {
        if (before) await this.deps.db.insert(engagementPhones).values(before).onConflictDoUpdate({ target: engagementPhones.engagementId, set: before });
        else await this.deps.db.delete(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
        throw err;
      }
    }
    await this.publishSafely({ associateId: engagement.associateId }, { v: REALTIME_VERSION, type: 'shopper-phone', engagementId, given: true });
    return { ...phoneView(values), ...(call ? { call } : {}) };
  }

  /** The shopper takes their number back: erased at once, from the engagement and from any call still holding it. */
  async takeBackShopperPhone(shopperId: string, engagementId: string): Promise<void> {
    const engagement = await this.engagementFor({ shopperId }, engagementId);
    const erased = await this.deps.db.transaction(async (tx) => {
      const rows = await tx.delete(engagementPhones).where(eq(engagementPhones.engagementId, engagementId)).returning({ id: engagementPhones.engagementId });
      await tx.update(phoneCalls).set({ shopperNumber: null }).where(eq(phoneCalls.engagementId, engagementId));
      return rows.length > 0;
    });
    if (erased) await this.publishSafely({ associateId: engagement.associateId }, { v: REALTIME_VERSION, type: 'shopper-phone', engagementId, given: false });
  }

  /**
   * Either party calls: Twilio rings the associate's phone (their contact preferences: a number
   * or a SIP address) and, once they answer, the number the shopper gave for calls. While the
   * engagement is live, one call at a time.
   */
  async startCall(side: Side, engagementId: string): Promise<CallView> {
    const engagement = await this.liveFor(side, engagementId);
    const prepared = await this.prepareCall(engagement);
    const [phone] = await this.deps.db.select({ number: engagementPhones.number, purposes: engagementPhones.purposes }).from(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
    if (!phone || !phone.purposes.includes('call')) throw new PhoneRefused('no_shopper_phone', 'The shopper has not given a number for calls in this engagement.');
    return this.place(engagement, prepared, phone.number);
  }

  /** The engagement's calls, oldest first, for either party. */
  async calls(side: Side, engagementId: string): Promise<CallList> {
    await this.engagementFor(side, engagementId);
    return { calls: await this.callViews(engagementId) };
  }

  /**
   * Either party hangs up: Twilio is asked to end the call (a failure is logged: the call is
   * closed here all the same), its open legs are closed, both parties told. A call already over
   * is answered as it is.
   */
  async hangUp(side: Side, engagementId: string, callId: string): Promise<CallView> {
    const engagement = await this.engagementFor(side, engagementId);
    const [bridge] = UUID.test(callId)
      ? await this.deps.db.select().from(phoneCalls).where(and(eq(phoneCalls.id, callId), eq(phoneCalls.engagementId, engagementId), eq(phoneCalls.bridgeId, callId)))
      : [];
    if (!bridge) throw new NotFound('The call');
    await this.closeBridges(engagement.enterpriseId, [callId]);
    const [view] = (await this.callViews(engagementId)).filter((c) => c.callId === callId);
    return view!;
  }

  /**
   * The engagement ended (either side, a peer lost, a sweep): its open calls are hung up at
   * Twilio (failures logged) and closed, the number the shopper gave and the dial-in code are
   * deleted, and its texts' numbers erased. Best effort: it never fails the end, and the sweep
   * does it again for an engagement it missed.
   */
  async engagementEnded(engagementId: string): Promise<void> {
    try {
      const open = await this.deps.db
        .selectDistinct({ bridgeId: phoneCalls.bridgeId, enterpriseId: phoneCalls.enterpriseId })
        .from(phoneCalls)
        .where(and(eq(phoneCalls.engagementId, engagementId), isNull(phoneCalls.endedAt)));
      if (open.length > 0) await this.closeBridges(open[0]!.enterpriseId, open.map((o) => o.bridgeId));
      await this.deps.db.transaction(async (tx) => {
        await tx.delete(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
        await tx.delete(dialInCodes).where(eq(dialInCodes.engagementId, engagementId));
        await tx.update(phoneTexts).set({ shopperNumber: null }).where(and(eq(phoneTexts.engagementId, engagementId), isNotNull(phoneTexts.shopperNumber)));
        await tx.update(phoneCalls).set({ shopperNumber: null }).where(and(eq(phoneCalls.engagementId, engagementId), isNotNull(phoneCalls.shopperNumber)));
      });
    } catch (err) {
      this.deps.log('telephony: the end of an engagement could not close its calls or erase its numbers', { engagementId, ...describeError(err) });
    }
  }

  /** What a call needs besides the shopper's number, checked before anything is written: the account, the associate's phone, no call under way. */
  private async prepareCall(engagement: LiveEngagement): Promise<PreparedCall> {
    const account = await this.accountOf(engagement.enterpriseId);
    if (!account) throw new PhoneRefused('telephony_not_configured', 'The enterprise has not set its Twilio account: no call can be placed.');
    const [associate] = await this.deps.db.select({ contact: associates.contact }).from(associates).where(eq(associates.id, engagement.associateId));
    const target = associateTarget(associate?.contact);
    if (!target) throw new PhoneRefused('associate_has_no_phone', 'The associate has no phone number or SIP address in their contact preferences.');
    await this.noCallUnderWay(engagement.id);
    return { account, target };
  }

  private async noCallUnderWay(engagementId: string): Promise<void> {
    const [open] = await this.deps.db
      .select({ id: phoneCalls.id })
      .from(phoneCalls)
      .where(and(eq(phoneCalls.engagementId, engagementId), isNull(phoneCalls.endedAt)))
      .limit(1);
    if (open) throw new PhoneRefused('call_in_progress', 'A call of this engagement is under way; one at a time.');
  }

  /**
   * Places the bridge: Twilio calls the associate (a number or a SIP address) from the
   * enterprise's first number and, once they answer, fetches the TwiML that dials the shopper.
   * The shopper's number (sealed) is kept on the call until it ends; the associate's is not kept.
   * A refusal by Twilio leaves nothing behind.
   */
  private async place(engagement: LiveEngagement, prepared: PreparedCall, sealedShopperNumber: string): Promise<CallView> {
    const callId = this.deps.ids.id();
    const from = prepared.account.numbers[0]!;
    const inserted = await this.deps.db.transaction(async (tx) => {
      // One at a time, also against a call placed at the same moment.
      await tx.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, engagement.id)).for('update');
      const [open] = await tx.select({ id: phoneCalls.id }).from(phoneCalls).where(and(eq(phoneCalls.engagementId, engagement.id), isNull(phoneCalls.endedAt))).limit(1);
      if (open) return false;
      await tx.insert(phoneCalls).values({
        id: callId,
        bridgeId: callId,
        enterpriseId: engagement.enterpriseId,
        engagementId: engagement.id,
        leg: 'associate',
        sid: null,
        status: 'queued',
        sequence: -1,
        fromNumber: from,
        shopperNumber: sealedShopperNumber,
        startedAt: this.deps.clock(),
        direction: 'click-to-call',
        associateVia: prepared.target.via,
      });
      return true;
    });
    if (!inserted) throw new PhoneRefused('call_in_progress', 'A call of this engagement is under way; one at a time.');
    let placed;
    try {
      placed = await this.clientFor(prepared.account).placeCall(
        { to: prepared.target.to, from, instructions: { url: this.webhookUrl(callId, 'twiml') }, statusCallback: this.webhookUrl(callId, 'status'), timeoutSeconds: RING_SECONDS },
        AbortSignal.timeout(TWILIO_TIMEOUT_MS),
      );
    } catch (err) {
      await this.deps.db.delete(phoneCalls).where(eq(phoneCalls.bridgeId, callId));
      if (err instanceof TelephonyFailure) {
        this.deps.log('telephony: Twilio refused the call', { callId, reason: err.reason, kind: err.kind });
        if (err.kind === 'invalid-number') throw new PhoneRefused('associate_has_no_phone', 'Twilio cannot call the phone in the associate’s contact preferences.');
        throw new ProviderUnavailable(`Twilio did not place the call: ${err.reason}.`);
      }
      throw err;
    }
    // Its first callbacks may have told the sid already: either way it is this one.
    await this.deps.db.update(phoneCalls).set({ sid: placed.sid }).where(and(eq(phoneCalls.id, callId), isNull(phoneCalls.sid)));
    return this.publishCall(callId);
  }

  /**
   * Ends bridges from our side: Twilio is asked to hang each up (a failure is logged), then their
   * open legs are closed (`hangup`): answered ones completed with the time they lasted, others
   * canceled, the phone's channel use stopped; both parties are told.
   */
  private async closeBridges(enterpriseId: string, bridgeIds: readonly string[]): Promise<void> {
    const account = await this.accountOf(enterpriseId);
    for (const bridgeId of bridgeIds) {
      const open = await this.deps.db.select({ id: phoneCalls.id, sid: phoneCalls.sid }).from(phoneCalls).where(and(eq(phoneCalls.bridgeId, bridgeId), isNull(phoneCalls.endedAt)));
      if (open.length === 0) continue;
      // Hanging up the parent call (the associate's for click-to-call, the shopper's own for a dial-in) ends the leg it dialled; an orphaned leg is hung up itself.
      const sid = (open.find((l) => l.id === bridgeId) ?? open[0]!).sid;
      if (account && sid) {
        try {
          await this.clientFor(account).hangUp(sid, AbortSignal.timeout(TWILIO_TIMEOUT_MS));
        } catch (err) {
          this.deps.log('telephony: Twilio did not hang up a call; closed here all the same', { callId: bridgeId, ...(err instanceof TelephonyFailure ? { reason: err.reason, kind: err.kind } : describeError(err)) });
        }
      }
      const closed = await this.deps.db.transaction(async (tx) => this.closeLegs(tx, bridgeId, 'hangup'));
      if (closed) await this.publishCall(bridgeId);
    }
  }

  /** Closes a bridge's open legs (inside `tx`); false when none was open. */
  private async closeLegs(tx: Tx, bridgeId: string, by: 'hangup' | 'sweep'): Promise<boolean> {
    const now = this.deps.clock();
    const open = await tx.select().from(phoneCalls).where(and(eq(phoneCalls.bridgeId, bridgeId), isNull(phoneCalls.endedAt))).for('update');
    for (const leg of open) {
      const answered = leg.answeredAt !== null;
      const status: CallStatus = answered ? 'completed' : by === 'sweep' ? 'failed' : 'canceled';
      const durationSeconds = answered ? Math.max(0, Math.round((now.getTime() - leg.answeredAt!.getTime()) / 1000)) : 0;
      await tx.update(phoneCalls).set({ status, endedAt: now, endedBy: by, durationSeconds, shopperNumber: null }).where(eq(phoneCalls.id, leg.id));
      if (leg.id !== leg.bridgeId && answered) await this.phoneUseStopped(tx, leg.engagementId, now);
    }
    return open.length > 0;
  }

  /** The phone's use in the engagement's channels: started when the shopper's leg is answered. */
  private async phoneUseStarted(tx: Tx, engagementId: string, at: Date, stoppedAt: Date | null): Promise<void> {
    await tx.insert(channelUsages).values({ id: this.deps.ids.id(), engagementId, method: 'phone', startedAt: at, stoppedAt }).onConflictDoNothing();
  }

  /** …and stopped when it ends. */
  private async phoneUseStopped(tx: Tx, engagementId: string, at: Date): Promise<void> {
    await tx.update(channelUsages).set({ stoppedAt: at }).where(and(eq(channelUsages.engagementId, engagementId), eq(channelUsages.method, 'phone'), isNull(channelUsages.stoppedAt)));
  }

  /** The engagement of one of its two parties (404 for anyone else, as for one that does not exist). */
  private async engagementFor(side: Side, engagementId: string): Promise<LiveEngagement & { status: string }> {
    const [row] = UUID.test(engagementId)
      ? await this.deps.db
          .select({ id: engagements.id, status: engagements.status, enterpriseId: engagements.enterpriseId, associateId: engagements.associateId, shopperId: engagements.shopperId, enterpriseName: enterprises.name })
          .from(engagements)
          .innerJoin(enterprises, eq(enterprises.id, engagements.enterpriseId))
          .where(and(eq(engagements.id, engagementId), partyIs(side)))
      : [];
    if (!row) throw new NotFound('The engagement');
    return row;
  }

  /** …while it is live: 409 `engagement_ended` or `engagement_not_live` otherwise. */
  async liveFor(side: Side, engagementId: string): Promise<LiveEngagement> {
    const engagement = await this.engagementFor(side, engagementId);
    if (engagement.status === 'ended') throw new EngagementNotLive('ended', 'The engagement has ended.');
    if (engagement.status !== 'accepted') throw new EngagementNotLive('not_live', 'The engagement is not live: the shopper has not accepted it, or it was declined or expired.');
    return engagement;
  }

  /** The engagement's calls as both parties see them, oldest first. */
  private async callViews(engagementId: string): Promise<CallView[]> {
    const legs = await this.deps.db.select().from(phoneCalls).where(eq(phoneCalls.engagementId, engagementId)).orderBy(asc(phoneCalls.startedAt), asc(phoneCalls.id));
    return callViewsOf(legs);
  }

  /** Tells both parties how a call is now (the whole view), and answers it. */
  async publishCall(bridgeId: string): Promise<CallView> {
    const legs = await this.deps.db.select().from(phoneCalls).where(eq(phoneCalls.bridgeId, bridgeId));
    const [view] = callViewsOf(legs);
    const [engagement] = await this.deps.db.select({ associateId: engagements.associateId, shopperId: engagements.shopperId }).from(engagements).where(eq(engagements.id, view!.engagementId));
    if (engagement) {
      const message = { v: REALTIME_VERSION, type: 'call', engagementId: view!.engagementId, call: view! } as const;
      await this.publishSafely({ associateId: engagement.associateId }, message);
      await this.publishSafely({ shopperId: engagement.shopperId }, message);
    }
    for (const listener of this.callListeners) listener(legs[0]!.enterpriseId, view!.engagementId);
    return view!;
  }

  private async publishSafely(recipient: { associateId: string }, message: AssociateServerMessage): Promise<void>;
  private async publishSafely(recipient: { shopperId: string }, message: ShopperServerMessage): Promise<void>;
  private async publishSafely(recipient: { associateId: string } | { shopperId: string }, message: AssociateServerMessage | ShopperServerMessage): Promise<void> {
    try {
      await (this.ports.realtime.publish as (r: typeof recipient, m: typeof message) => unknown)(recipient, message);
    } catch (err) {
      this.deps.log('telephony: a realtime push failed', { type: message.type, ...describeError(err) });
    }
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
   * A status callback of either leg (the dialled leg names the parent as ParentCallSid: the
   * associate's call for click-to-call, the shopper's own call for a dial-in): it moves that leg
   * forward, never back; a replay or an older callback changes nothing. The end of the parent
   * ends the call: the shopper's number is dropped from it. The dialled leg answered starts the
   * engagement's `phone` channel, its end stops it (after the duration Twilio tells), and for a
   * dial-in closes the shopper's call too (no callback of ours tells its end). A callback taken
   * is pushed to both parties.
   */
  async callStatus(callId: string, request: SignedRequest): Promise<TwilioCallbackAnswer> {
    const { form } = await this.verified(callId, request);
    const callback = callCallbackOf(form);
    if (!callback) throw new InvalidInput([], 'The form is not a call status callback (CallSid, CallStatus).');
    const now = this.deps.clock();
    const answer = await this.deps.db.transaction(async (tx) => {
      const [bridge] = await tx.select().from(phoneCalls).where(eq(phoneCalls.id, callId)).for('update');
      if (!bridge) return { result: 'ignored' as const, status: null };
      const leg = await this.legOf(tx, bridge, callback);
      if (!leg) return { result: 'ignored' as const, status: null };
      // A leg our side closed (a hang-up, the sweep) stays as it was closed.
      if (leg.endedAt !== null) return { result: 'unchanged' as const, status: leg.status };
      const { state, changed } = applyCallCallback({ status: leg.status, sequence: leg.sequence, durationSeconds: leg.durationSeconds }, callback);
      if (!changed) return { result: 'unchanged' as const, status: leg.status };
      const ended = FINAL_CALL_STATUSES.has(state.status);
      const answeredAt = leg.answeredAt ?? (state.status === 'in-progress' || state.status === 'completed' ? now : null);
      await tx
        .update(phoneCalls)
        .set({
          sid: callback.callSid,
          status: state.status,
          sequence: state.sequence,
          durationSeconds: state.durationSeconds,
          answeredAt,
          ...(ended ? { endedAt: now, endedBy: 'callback' as const } : {}),
          ...(ended && leg.id === bridge.id ? { shopperNumber: null } : {}),
        })
        .where(eq(phoneCalls.id, leg.id));
      // A dial-in's parent is the shopper's own call, which reports to no callback of ours: it ends with the associate's leg (our <Dial> action hangs it up).
      if (ended && leg.id !== bridge.id && bridge.direction === 'dial-in' && bridge.endedAt === null) await this.closeParent(tx, bridge, now);
      if (leg.id !== bridge.id && answeredAt) {
        // Both on the line from the answer, for as long as Twilio says they talked.
        const stoppedAt = ended ? (state.durationSeconds !== null ? new Date(answeredAt.getTime() + state.durationSeconds * 1000) : now) : null;
        if (!leg.answeredAt) await this.phoneUseStarted(tx, leg.engagementId, answeredAt, stoppedAt);
        else if (stoppedAt) await this.phoneUseStopped(tx, leg.engagementId, stoppedAt);
      }
      return { result: 'taken' as const, status: state.status };
    });
    if (answer.result === 'taken') await this.publishCall(callId);
    return answer;
  }

  /** Ends a dial-in's parent leg (the shopper's own call) with the leg it dialled: completed, for as long as it lasted. */
  private async closeParent(tx: Tx, parent: CallRow, now: Date): Promise<void> {
    const durationSeconds = parent.answeredAt ? Math.max(0, Math.round((now.getTime() - parent.answeredAt.getTime()) / 1000)) : 0;
    await tx
      .update(phoneCalls)
      .set({ status: parent.answeredAt ? 'completed' : 'canceled', endedAt: now, endedBy: 'callback', durationSeconds })
      .where(and(eq(phoneCalls.id, parent.id), isNull(phoneCalls.endedAt)));
  }

  /**
   * Calls whose final callback never came (Twilio could not reach us, or we were down) are closed
   * once past the longest a call can last: `completed` if answered, else `failed`, and the
   * shopper's number dropped; both parties are told. Engagements that are over but still hold a
   * number or a call (their end's clean-up was missed: a crash, Twilio down) are cleaned up.
   * Returns how many bridges were closed.
   */
  async sweepStale(): Promise<number> {
    const cutoff = new Date(this.deps.clock().getTime() - STALE_CALL_AFTER_MS);
    const stale = await this.deps.db
      .selectDistinct({ bridgeId: phoneCalls.bridgeId })
      .from(phoneCalls)
      .where(and(isNull(phoneCalls.endedAt), lte(phoneCalls.startedAt, cutoff)))
      .limit(100);
    let closed = 0;
    for (const { bridgeId } of stale) {
      try {
        if (await this.deps.db.transaction(async (tx) => this.closeLegs(tx, bridgeId, 'sweep'))) {
          closed += 1;
          await this.publishCall(bridgeId);
        }
      } catch (err) {
        this.deps.log('telephony: a stale call could not be closed', { bridgeId, ...describeError(err) });
      }
    }
    for (const engagementId of await this.overButHolding()) await this.engagementEnded(engagementId);
    return closed;
  }

  /** Engagements no longer live that still hold a number given, a dial-in code, a text's number or an open call. */
  private async overButHolding(): Promise<string[]> {
    const over = (table: typeof engagementPhones | typeof dialInCodes | typeof phoneTexts | typeof phoneCalls, held = isNotNull(engagements.id)) =>
      this.deps.db
        .selectDistinct({ id: engagements.id })
        .from(table)
        .innerJoin(engagements, eq(engagements.id, table.engagementId))
        .where(and(ne(engagements.status, 'accepted'), held))
        .limit(100);
    const found = await Promise.all([over(engagementPhones), over(dialInCodes), over(phoneTexts, isNotNull(phoneTexts.shopperNumber)), over(phoneCalls, isNull(phoneCalls.endedAt))]);
    return [...new Set(found.flat().map((r) => r.id))];
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
  webhookUrl(callId: string, what: 'twiml' | 'status'): string {
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
    const bridge = UUID.test(callId)
      ? (await this.deps.db.select().from(phoneCalls).where(and(eq(phoneCalls.id, callId), eq(phoneCalls.bridgeId, callId))))[0]
      : undefined;
    if (!bridge) throw new NotFound('The call');
    return { bridge, form: await this.signedBy(bridge.enterpriseId, request) };
  }

  /**
   * The enterprise that owns `to` and signed the request: several may list the same number (one
   * mistyped it), so the signature decides. None listing it: null (404); some, none signing: 401.
   */
  async enterpriseOwning(to: string, request: SignedRequest): Promise<string | null> {
    const owners = await this.deps.db
      .select({ enterpriseId: telephonySettings.enterpriseId })
      .from(telephonySettings)
      .where(sql`${telephonySettings.numbers} @> ${JSON.stringify([to])}::jsonb`);
    if (owners.length === 0) return null;
    for (const { enterpriseId } of owners) {
      try {
        await this.signedBy(enterpriseId, request);
        return enterpriseId;
      } catch (err) {
        if (!(err instanceof BadSignature)) throw err;
      }
    }
    throw new BadSignature('The request is not signed with the Twilio auth token of the enterprise owning the number.');
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
   * The leg a callback is about: the parent (its sid, or the first callback's before the
   * create's answer told it), or the leg it dialled (the shopper's for click-to-call, the
   * associate's for a dial-in), created on its first callback; null when it is about neither, or
   * names a sid another call holds.
   */
  private async legOf(tx: Tx, bridge: CallRow, callback: CallCallback): Promise<CallRow | null> {
    if (callback.callSid === bridge.sid) return bridge;
    const taken = async () => (await tx.select({ id: phoneCalls.id }).from(phoneCalls).where(eq(phoneCalls.sid, callback.callSid))).length > 0;
    if (!callback.parentCallSid) return bridge.sid === null && !(await taken()) ? bridge : null;
    if (callback.parentCallSid !== bridge.sid) return null;
    // The leg the parent dialled: the shopper's for click-to-call, the associate's for a dial-in.
    const dialled = bridge.leg === 'associate' ? 'shopper' : 'associate';
    const [leg] = await tx.select().from(phoneCalls).where(and(eq(phoneCalls.bridgeId, bridge.id), eq(phoneCalls.leg, dialled))).for('update');
    if (leg) return leg.sid === callback.callSid ? leg : null;
    // A bridge our side closed (a hang-up, the sweep) takes no new leg: it would stay open for ever.
    if (bridge.endedAt !== null && bridge.endedBy !== 'callback') return null;
    if (await taken()) return null;
    const [created] = await tx
      .insert(phoneCalls)
      .values({ ...bridge, id: this.deps.ids.id(), leg: dialled, sid: callback.callSid, status: 'queued', sequence: -1, shopperNumber: null, startedAt: this.deps.clock(), answeredAt: null, endedAt: null, durationSeconds: null, endedBy: null })
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

/** The number as either party sees it: masked, with its purposes; not given without a row. */
function phoneView(row: PhoneRow | undefined): ShopperPhoneView {
  if (!row) return { given: false, masked: null, purposes: [], givenAt: null };
  return { given: true, masked: row.masked, purposes: row.purposes, givenAt: row.givenAt.toISOString() };
}
