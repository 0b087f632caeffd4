import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { TextSent, TwilioCallbackAnswer } from '../../../../shared/telephony';
import { engagements, phoneTexts, smsOptOuts, telephonySettings, transcriptMessages } from '../../db/schema';
import { rowsOf } from '../../db/records';
import type { AppDeps } from '../../deps';
import { BadSignature, Conflict, InvalidInput, NotFound, ProviderUnavailable, RecipientOptedOut } from '../../errors';
import { hashSecret } from '../../secrets';
import { keywordOf } from './keywords.core';
import type { SendTextBody } from './routes';
import type { SignedRequest, TelephonyService } from './service';
import { applyMessageCallback, messageCallbackOf, SID } from './status.core';
import { TelephonyFailure } from './telephony';
import { E164, emptyTwiml } from './twiml.core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A number as the enterprise's texts and opt-outs find it: a hash of the enterprise and the
 * number, so equal numbers meet without the number being kept in clear. Phone numbers are few
 * enough to be guessed back from it by whoever holds the database; it hides them from a reader,
 * not from an attacker. It is not keyed by SECRETS_KEY on purpose: an opt-out must outlive a key
 * rotation.
 */
export function numberHash(enterpriseId: string, number: string): string {
  return hashSecret(`sms-number ${enterpriseId} ${number}`);
}

/**
 * Texts between an engagement's associate and the shopper's phone: sending through the
 * enterprise's Twilio account, Twilio's status callbacks, the shopper's replies (into the
 * engagement's chat transcript) and their STOP and START.
 */
export class TextService {
  constructor(
    private readonly deps: AppDeps,
    private readonly telephony: TelephonyService,
  ) {}

  /**
   * The engagement's associate texts the shopper from the enterprise's first number: never to a
   * number that opted out (409 `recipient_opted_out`, nothing written, Twilio not asked). If
   * Twilio refuses, nothing is left behind; its 21610 (the person texted STOP to Twilio) is the
   * same 409 and records the opt-out.
   */
  async send(associateId: string, engagementId: string, body: SendTextBody): Promise<TextSent> {
    if (!E164.test(body.to)) throw new InvalidInput(['to'], 'The number is not in E.164 form (+ and the country code).');
    const { enterpriseId } = await this.telephony.liveEngagementOf(associateId, engagementId);
    const account = await this.telephony.accountOf(enterpriseId);
    if (!account) throw new Conflict('The enterprise has no telephony settings: set its Twilio account first.');
    const hash = numberHash(enterpriseId, body.to);
    if (await this.optedOut(enterpriseId, hash)) throw optedOutError();
    const textId = this.deps.ids.id();
    const from = account.numbers[0]!;
    const now = this.deps.clock();
    await this.deps.db.insert(phoneTexts).values({
      id: textId,
      enterpriseId,
      engagementId,
      direction: 'out',
      sid: null,
      status: 'queued',
      ourNumber: from,
      shopperNumber: this.deps.sealer.seal(body.to),
      numberHash: hash,
      sentAt: now,
      updatedAt: now,
    });
    let sent;
    try {
      sent = await this.telephony.clientFor(account).sendMessage({ to: body.to, from, body: body.body, statusCallback: this.statusUrl(textId) }, AbortSignal.any([]));
    } catch (err) {
      await this.deps.db.delete(phoneTexts).where(eq(phoneTexts.id, textId));
      throw await this.refusal(err, enterpriseId, hash, textId);
    }
    // Its first callback may have told the sid already: either way it is this one.
    await this.deps.db.update(phoneTexts).set({ sid: sent.sid }).where(and(eq(phoneTexts.id, textId), isNull(phoneTexts.sid)));
    return { textId, status: sent.status };
  }

  /** A status callback of a text we sent: it moves the text forward, never back; a replay or an older one changes nothing. */
  async status(textId: string, request: SignedRequest): Promise<TwilioCallbackAnswer> {
    if (!request.signature) throw new BadSignature('The request carries no X-Twilio-Signature.');
    const [text] = UUID.test(textId) ? await this.deps.db.select().from(phoneTexts).where(and(eq(phoneTexts.id, textId), eq(phoneTexts.direction, 'out'))) : [];
    if (!text) throw new NotFound('The text');
    const callback = messageCallbackOf(await this.telephony.signedBy(text.enterpriseId, request));
    if (!callback) throw new InvalidInput([], 'The form is not a message status callback (MessageSid, MessageStatus).');
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(phoneTexts).where(eq(phoneTexts.id, textId)).for('update');
      if (!row || (row.sid !== null && row.sid !== callback.messageSid)) return { result: 'ignored' as const, status: null };
      if (row.sid === null && (await tx.select({ id: phoneTexts.id }).from(phoneTexts).where(eq(phoneTexts.sid, callback.messageSid))).length > 0) return { result: 'ignored' as const, status: null };
      const { state, changed } = applyMessageCallback({ status: row.status, errorCode: row.errorCode }, callback);
      if (!changed) return { result: 'unchanged' as const, status: row.status };
      await tx.update(phoneTexts).set({ sid: callback.messageSid, status: state.status, errorCode: state.errorCode, updatedAt: this.deps.clock() }).where(eq(phoneTexts.id, textId));
      return { result: 'taken' as const, status: state.status };
    });
  }

  /**
   * A person texted one of an enterprise's numbers: STOP and the like record their opt-out, START
   * and the like remove it; any other text, from a number a live engagement texted (the latest),
   * goes into that engagement's transcript as the shopper's message. Twilio is answered an empty
   * `<Response/>`: it texts nothing back (Twilio itself answers the keywords).
   */
  async incoming(request: SignedRequest): Promise<string> {
    if (!request.signature) throw new BadSignature('The request carries no X-Twilio-Signature.');
    const fields = new URLSearchParams(request.params as [string, string][]);
    const to = fields.get('To') ?? '';
    const enterpriseId = E164.test(to) ? await this.telephony.enterpriseOwning(to, request) : null;
    if (!enterpriseId) throw new NotFound('The number');
    const form = await this.telephony.signedBy(enterpriseId, request);
    const from = form.get('From') ?? '';
    const sid = form.get('MessageSid') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(from) || !SID.test(sid)) throw new InvalidInput([], 'The form is not an incoming message (From, MessageSid).');
    const hash = numberHash(enterpriseId, from);
    const keyword = keywordOf(body);
    if (keyword === 'opt-out') await this.recordOptOut(enterpriseId, hash, 'keyword');
    else if (keyword === 'opt-in') await this.deps.db.delete(smsOptOuts).where(and(eq(smsOptOuts.enterpriseId, enterpriseId), eq(smsOptOuts.numberHash, hash)));
    else if (keyword === null && body.length > 0) await this.intoTranscript(enterpriseId, hash, { from, to, sid, body });
    return emptyTwiml();
  }

  /** The reply, once (by its sid), in the transcript of the latest live engagement that texted the number; none: kept nowhere. */
  private async intoTranscript(enterpriseId: string, hash: string, message: { from: string; to: string; sid: string; body: string }): Promise<void> {
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      const [latest] = await tx
        .select({ engagementId: phoneTexts.engagementId })
        .from(phoneTexts)
        .innerJoin(engagements, eq(engagements.id, phoneTexts.engagementId))
        .where(and(eq(phoneTexts.enterpriseId, enterpriseId), eq(phoneTexts.numberHash, hash), eq(phoneTexts.direction, 'out'), eq(engagements.status, 'accepted')))
        .orderBy(desc(phoneTexts.sentAt))
        .limit(1);
      if (!latest) return;
      const [kept] = await tx
        .insert(phoneTexts)
        .values({
          id: this.deps.ids.id(),
          enterpriseId,
          engagementId: latest.engagementId,
          direction: 'in',
          sid: message.sid,
          status: 'received',
          ourNumber: message.to,
          shopperNumber: this.deps.sealer.seal(message.from),
          numberHash: hash,
          sentAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: phoneTexts.id });
      // A replay of the same message (its sid known) is kept once.
      if (!kept) return;
      // The transcript's cap holds for replies too: past it the text is kept in phone_texts only (Twilio must not retry it).
      await tx.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, latest.engagementId)).for('update');
      const [total] = rowsOf<{ bytes: number }>(
        await tx.execute(sql`select coalesce(sum(octet_length(text)), 0)::int as bytes from transcript_messages where engagement_id = ${latest.engagementId}`),
      );
      if (total!.bytes + Buffer.byteLength(message.body) > this.deps.limits.transcriptMaxBytes) {
        this.deps.log('telephony: a reply is past the transcript’s cap, kept out of it', { engagementId: latest.engagementId, sid: message.sid });
        return;
      }
      await tx.insert(transcriptMessages).values({ engagementId: latest.engagementId, sender: 'shopper', messageId: `sms:${message.sid}`, text: message.body, sentAt: now, receivedAt: now }).onConflictDoNothing();
    });
  }

  private async optedOut(enterpriseId: string, hash: string): Promise<boolean> {
    const rows = await this.deps.db.select({ at: smsOptOuts.optedOutAt }).from(smsOptOuts).where(and(eq(smsOptOuts.enterpriseId, enterpriseId), eq(smsOptOuts.numberHash, hash)));
    return rows.length > 0;
  }

  private async recordOptOut(enterpriseId: string, hash: string, source: 'keyword' | 'carrier'): Promise<void> {
    await this.deps.db.insert(smsOptOuts).values({ enterpriseId, numberHash: hash, source, optedOutAt: this.deps.clock() }).onConflictDoNothing();
  }

  /** What Twilio's refusal of a send becomes: 409 for an opted-out number (recorded), 400 for a number it cannot text, else 502. */
  private async refusal(err: unknown, enterpriseId: string, hash: string, textId: string): Promise<unknown> {
    if (!(err instanceof TelephonyFailure)) return err;
    this.deps.log('telephony: Twilio refused the text', { textId, reason: err.reason, kind: err.kind });
    if (err.kind === 'opted-out') {
      await this.recordOptOut(enterpriseId, hash, 'carrier');
      return optedOutError();
    }
    if (err.kind === 'invalid-number') return new InvalidInput(['to'], 'Twilio cannot text this number.');
    return new ProviderUnavailable(`Twilio did not send the text: ${err.reason}.`);
  }

  private statusUrl(textId: string): string {
    return `${this.deps.publicUrl()}/api/v1/webhooks/twilio/texts/${textId}/status`;
  }
}

function optedOutError(): RecipientOptedOut {
  return new RecipientOptedOut('The number texted STOP to the enterprise: no text goes to it until it texts START.');
}
