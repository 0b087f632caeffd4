import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { SendTextBody, TextList, TextSent, TextView, TwilioCallbackAnswer } from '../../../../shared/telephony';
import { engagementPhones, engagements, phoneTexts, smsOptOuts, telephonySettings, transcriptMessages } from '../../db/schema';
import { rowsOf } from '../../db/records';
import type { AppDeps } from '../../deps';
import { BadSignature, Conflict, InvalidInput, PhoneRefused, NotFound, ProviderUnavailable, RecipientOptedOut } from '../../errors';
import { describeError } from '../../log';
import { hashSecret } from '../../secrets';
import { keywordOf } from './keywords.core';
import { type SignedRequest, type TelephonyService, TWILIO_TIMEOUT_MS, UUID } from './service';
import { applyMessageCallback, messageCallbackOf, SID } from './status.core';
import { TelephonyFailure } from './telephony';
import { E164, emptyTwiml } from './twiml.core';

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

type TextRow = typeof phoneTexts.$inferSelect;
type Tx = Parameters<Parameters<AppDeps['db']['transaction']>[0]>[0];

/** What texts tell the engagement's associate as they happen (the realtime `text` message). */
export interface TextPorts {
  publish(associateId: string, engagementId: string, text: TextView): Promise<void>;
}

/** A text as its engagement's associate sees it (never a number). */
export function textViewOf(row: TextRow): TextView {
  return {
    textId: row.id,
    direction: row.direction,
    body: row.body,
    status: row.status,
    errorCode: row.errorCode,
    sentAt: row.sentAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Texts between an engagement's associate and the number the shopper gave for texts: sending
 * through the enterprise's Twilio account, Twilio's status callbacks, the shopper's replies (into
 * the engagement's chat transcript) and their STOP and START; each told to the associate as it
 * happens.
 */
export class TextService {
  constructor(
    private readonly deps: AppDeps,
    private readonly telephony: TelephonyService,
    private readonly ports: TextPorts = { publish: async () => {} },
  ) {}

  /**
   * The engagement's associate texts the number the shopper gave for texts (409
   * `no_shopper_phone` when they gave none), from the enterprise's first number: never to a
   * number that opted out (409 `recipient_opted_out`, nothing written, Twilio not asked). If
   * Twilio refuses, nothing is left behind; its 21610 (the person texted STOP to Twilio) is the
   * same 409 and records the opt-out.
   */
  async send(associateId: string, engagementId: string, body: SendTextBody): Promise<TextSent> {
    const { enterpriseId } = await this.telephony.liveEngagementOf(associateId, engagementId);
    const shopper = await this.numberForTexts(engagementId);
    const account = await this.telephony.accountOf(enterpriseId);
    if (!account) throw new Conflict('The enterprise has no telephony settings: set its Twilio account first.');
    const hash = numberHash(enterpriseId, shopper);
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
      shopperNumber: this.deps.sealer.seal(shopper),
      body: body.body,
      numberHash: hash,
      sentAt: now,
      updatedAt: now,
    });
    let sent;
    try {
      sent = await this.telephony.clientFor(account).sendMessage({ to: shopper, from, body: body.body, statusCallback: this.statusUrl(textId) }, AbortSignal.timeout(TWILIO_TIMEOUT_MS));
    } catch (err) {
      await this.deps.db.delete(phoneTexts).where(eq(phoneTexts.id, textId));
      throw await this.refusal(err, enterpriseId, hash, textId);
    }
    // Its first callback may have told the sid already: either way it is this one.
    const [row] = await this.deps.db.update(phoneTexts).set({ sid: sent.sid }).where(and(eq(phoneTexts.id, textId), isNull(phoneTexts.sid))).returning();
    // As it is now (its callbacks may have moved it already and told the associate so).
    const [latest] = row ? [row] : await this.deps.db.select().from(phoneTexts).where(eq(phoneTexts.id, textId));
    if (latest) await this.ports.publish(associateId, engagementId, textViewOf(latest));
    return { textId, status: sent.status };
  }

  /** The engagement's texts, both ways and oldest first, for its associate (404 for anyone else), and whether the shopper's number opted out. */
  async list(associateId: string, engagementId: string): Promise<TextList> {
    const [engagement] = await this.deps.db.select({ associateId: engagements.associateId, enterpriseId: engagements.enterpriseId }).from(engagements).where(eq(engagements.id, engagementId));
    if (!engagement || engagement.associateId !== associateId) throw new NotFound('The engagement');
    const rows = await this.deps.db.select().from(phoneTexts).where(eq(phoneTexts.engagementId, engagementId)).orderBy(asc(phoneTexts.sentAt), asc(phoneTexts.id));
    // The number the shopper gave, while it is kept; after, the number the texts went to.
    const [given] = await this.deps.db.select({ numberHash: engagementPhones.numberHash }).from(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
    const hash = given?.numberHash ?? rows.at(-1)?.numberHash;
    return { texts: rows.map(textViewOf), optedOut: hash ? await this.optedOut(engagement.enterpriseId, hash) : false };
  }

  /** A status callback of a text we sent: it moves the text forward, never back; a replay or an older one changes nothing. What it took is told to the associate. */
  async status(textId: string, request: SignedRequest): Promise<TwilioCallbackAnswer> {
    if (!request.signature) throw new BadSignature('The request carries no X-Twilio-Signature.');
    const [text] = UUID.test(textId) ? await this.deps.db.select().from(phoneTexts).where(and(eq(phoneTexts.id, textId), eq(phoneTexts.direction, 'out'))) : [];
    if (!text) throw new NotFound('The text');
    const callback = messageCallbackOf(await this.telephony.signedBy(text.enterpriseId, request));
    if (!callback) throw new InvalidInput([], 'The form is not a message status callback (MessageSid, MessageStatus).');
    const { answer, taken } = await this.deps.db.transaction(async (tx) => {
      const ignored = { answer: { result: 'ignored' as const, status: null }, taken: null };
      const [row] = await tx.select().from(phoneTexts).where(eq(phoneTexts.id, textId)).for('update');
      if (!row || (row.sid !== null && row.sid !== callback.messageSid)) return ignored;
      if (row.sid === null && (await tx.select({ id: phoneTexts.id }).from(phoneTexts).where(eq(phoneTexts.sid, callback.messageSid))).length > 0) return ignored;
      const { state, changed } = applyMessageCallback({ status: row.status, errorCode: row.errorCode }, callback);
      if (!changed) return { answer: { result: 'unchanged' as const, status: row.status }, taken: null };
      const [updated] = await tx.update(phoneTexts).set({ sid: callback.messageSid, status: state.status, errorCode: state.errorCode, updatedAt: this.deps.clock() }).where(eq(phoneTexts.id, textId)).returning();
      return { answer: { result: 'taken' as const, status: state.status }, taken: updated! };
    });
    if (taken) await this.tellAssociate(taken);
    return answer;
  }

  /**
   * A person texted one of an enterprise's numbers: STOP and the like record their opt-out, START
   * and the like remove it; any other text, from a number a live engagement knows (given in it, or
   * texted from it; the latest), goes to that engagement: an `in` text told to its associate, and
   * the shopper's message in its transcript. Twilio is answered an empty
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

  /**
   * The reply, once (by its sid), in the latest live engagement the number is known to: the one
   * it was given in (engagement_phones) or the one that texted it, whichever is latest; as an `in`
   * text, told to the associate, and in the transcript. No live engagement knows it: kept nowhere.
   */
  private async intoTranscript(enterpriseId: string, hash: string, message: { from: string; to: string; sid: string; body: string }): Promise<void> {
    const now = this.deps.clock();
    const kept = await this.deps.db.transaction(async (tx) => {
      const engagementId = await this.engagementKnowing(tx, enterpriseId, hash);
      if (!engagementId) return null;
      const [row] = await tx
        .insert(phoneTexts)
        .values({
          id: this.deps.ids.id(),
          enterpriseId,
          engagementId,
          direction: 'in',
          sid: message.sid,
          status: 'received',
          ourNumber: message.to,
          shopperNumber: this.deps.sealer.seal(message.from),
          body: message.body,
          numberHash: hash,
          sentAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      // A replay of the same message (its sid known) is kept once.
      if (!row) return null;
      // The transcript's cap holds for replies too: past it the text is kept in phone_texts only (Twilio must not retry it).
      await tx.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, engagementId)).for('update');
      const [total] = rowsOf<{ bytes: number }>(await tx.execute(sql`select coalesce(sum(octet_length(text)), 0)::int as bytes from transcript_messages where engagement_id = ${engagementId}`));
      if (total!.bytes + Buffer.byteLength(message.body) > this.deps.limits.transcriptMaxBytes) {
        this.deps.log('telephony: a reply is past the transcript’s cap, kept out of it', { engagementId, sid: message.sid });
        return row;
      }
      await tx.insert(transcriptMessages).values({ engagementId, sender: 'shopper', messageId: `sms:${message.sid}`, text: message.body, sentAt: now, receivedAt: now }).onConflictDoNothing();
      return row;
    });
    if (kept) await this.tellAssociate(kept);
  }

  /** The latest live engagement of the enterprise the number (its hash) was given in or texted from; null when none. */
  private async engagementKnowing(tx: Tx, enterpriseId: string, hash: string): Promise<string | null> {
    const [given] = await tx
      .select({ engagementId: engagementPhones.engagementId, at: engagementPhones.givenAt })
      .from(engagementPhones)
      .innerJoin(engagements, eq(engagements.id, engagementPhones.engagementId))
      .where(and(eq(engagementPhones.enterpriseId, enterpriseId), eq(engagementPhones.numberHash, hash), eq(engagements.status, 'accepted')))
      .orderBy(desc(engagementPhones.givenAt))
      .limit(1);
    const [texted] = await tx
      .select({ engagementId: phoneTexts.engagementId, at: phoneTexts.sentAt })
      .from(phoneTexts)
      .innerJoin(engagements, eq(engagements.id, phoneTexts.engagementId))
      .where(and(eq(phoneTexts.enterpriseId, enterpriseId), eq(phoneTexts.numberHash, hash), eq(phoneTexts.direction, 'out'), eq(engagements.status, 'accepted')))
      .orderBy(desc(phoneTexts.sentAt))
      .limit(1);
    const latest = given && texted ? (texted.at > given.at ? texted : given) : (given ?? texted);
    return latest?.engagementId ?? null;
  }

  /** The number the shopper gave in the engagement for texts, opened; 409 `no_shopper_phone` when none was given for texts. */
  private async numberForTexts(engagementId: string): Promise<string> {
    const [given] = await this.deps.db.select({ number: engagementPhones.number, purposes: engagementPhones.purposes }).from(engagementPhones).where(eq(engagementPhones.engagementId, engagementId));
    if (!given?.purposes.includes('text')) throw new PhoneRefused('no_shopper_phone', 'The shopper has given no number for texts in this engagement: they give one in the dock, agreeing to be texted.');
    try {
      return this.deps.sealer.open(given.number);
    } catch (err) {
      this.deps.log('telephony: the shopper’s number cannot be opened', { engagementId, ...describeError(err) });
      throw new PhoneRefused('no_shopper_phone', 'The number the shopper gave can no longer be read: ask them to give it again.');
    }
  }

  /** Tells the engagement's associate a text as it is now (sent, moved, or the shopper's reply). */
  private async tellAssociate(row: TextRow): Promise<void> {
    const [engagement] = await this.deps.db.select({ associateId: engagements.associateId }).from(engagements).where(eq(engagements.id, row.engagementId));
    if (engagement) await this.ports.publish(engagement.associateId, row.engagementId, textViewOf(row));
  }

  private async optedOut(enterpriseId: string, hash: string): Promise<boolean> {
    const rows = await this.deps.db.select({ at: smsOptOuts.optedOutAt }).from(smsOptOuts).where(and(eq(smsOptOuts.enterpriseId, enterpriseId), eq(smsOptOuts.numberHash, hash)));
    return rows.length > 0;
  }

  private async recordOptOut(enterpriseId: string, hash: string, source: 'keyword' | 'carrier'): Promise<void> {
    await this.deps.db.insert(smsOptOuts).values({ enterpriseId, numberHash: hash, source, optedOutAt: this.deps.clock() }).onConflictDoNothing();
  }

  /** What Twilio's refusal of a send becomes: 409 `recipient_opted_out` for an opted-out number (recorded), 409 `no_shopper_phone` for a number it cannot text, else 502. */
  private async refusal(err: unknown, enterpriseId: string, hash: string, textId: string): Promise<unknown> {
    if (!(err instanceof TelephonyFailure)) return err;
    this.deps.log('telephony: Twilio refused the text', { textId, reason: err.reason, kind: err.kind });
    if (err.kind === 'opted-out') {
      await this.recordOptOut(enterpriseId, hash, 'carrier');
      return optedOutError();
    }
    if (err.kind === 'invalid-number') return new PhoneRefused('no_shopper_phone', 'Twilio cannot text the number the shopper gave: ask them for another.');
    return new ProviderUnavailable(`Twilio did not send the text: ${err.reason}.`);
  }

  private statusUrl(textId: string): string {
    return `${this.deps.publicUrl()}/api/v1/webhooks/twilio/texts/${textId}/status`;
  }
}

function optedOutError(): RecipientOptedOut {
  return new RecipientOptedOut('The shopper’s number texted STOP to the enterprise: no text goes to it until they text START to one of its numbers.');
}
