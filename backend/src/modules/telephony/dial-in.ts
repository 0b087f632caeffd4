import { randomInt } from 'node:crypto';
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { DialIn } from '../../../../shared/telephony';
import { associates, dialInCodes, engagements, phoneCalls } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps, Budget } from '../../deps';
import { BadSignature, PhoneRefused, InvalidInput, NotFound, ProviderUnavailable } from '../../errors';
import { CODE_DRAWS, CODE_TIMEOUT_SECONDS, type CodeResult, codeExpiry, codeStillValid, DIAL_IN_CODE_DIGITS, dialInCodeOf, isDialInCode, nextStep, PROMPTS } from './dial-in.core';
import { associateTarget } from './phone.core';
import { CALL_TIME_LIMIT_SECONDS, RING_SECONDS, type SignedRequest, type TelephonyService } from './service';
import { SID } from './status.core';
import { numberHash } from './texts';
import { bridgeTwiml, E164, gatherTwiml, sayHangupTwiml } from './twiml.core';

/** The app's token buckets (http/limiter.ts), as far as dial-in spends them. */
export interface GuessBudgets {
  wait(key: string, budget: Budget): Promise<number>;
  take(key: string, cost: number, budget: Budget): Promise<unknown>;
}

/** Where Twilio posts the code keyed in, for the given try. */
const CODE_PATH = '/api/v1/webhooks/twilio/calls/incoming/code';

/**
 * Dial-in: the engagement's shopper asks for the enterprise's number and a code (their dock shows
 * both), calls the number from any phone and keys the code in; the call then rings the
 * engagement's associate (their contact preferences: a number or a SIP address). The bridge is
 * a phone_calls pair like click-to-call's, the other way round: the shopper's own call is the
 * parent (its CallSid kept), the associate's leg the one its `<Dial>` rings; its status
 * callbacks, the views pushed to both parties and the `phone` channel are TelephonyService's.
 */
export class DialInService {
  constructor(
    private readonly deps: AppDeps,
    private readonly telephony: TelephonyService,
    private readonly limiter: GuessBudgets,
  ) {}

  /**
   * The number to call and the engagement's code: the one issued before while it has not
   * expired, else a new one, unique among the enterprise's codes not expired (a draw another
   * engagement holds is drawn again). While the engagement is live, with the enterprise's Twilio
   * account set and a phone in the associate's contact preferences.
   */
  async issue(shopperId: string, engagementId: string): Promise<DialIn> {
    const engagement = await this.telephony.liveFor({ shopperId }, engagementId);
    const account = await this.telephony.accountOf(engagement.enterpriseId);
    if (!account) throw new PhoneRefused('telephony_not_configured', 'The enterprise has not set its Twilio account: no call can be taken.');
    const [associate] = await this.deps.db.select({ contact: associates.contact }).from(associates).where(eq(associates.id, engagement.associateId));
    if (!associateTarget(associate?.contact)) throw new PhoneRefused('associate_has_no_phone', 'The associate has no phone number or SIP address in their contact preferences.');
    const number = account.numbers[0]!;
    for (let draw = 0; draw < CODE_DRAWS; draw++) {
      try {
        const code = await this.deps.db.transaction(async (tx) => {
          // One code per engagement, also against a request at the same moment.
          await tx.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, engagementId)).for('update');
          const now = this.deps.clock();
          const [held] = await tx.select().from(dialInCodes).where(eq(dialInCodes.engagementId, engagementId));
          if (held && codeStillValid(held, now)) return held;
          // Expired codes free their digits for others.
          await tx.delete(dialInCodes).where(and(eq(dialInCodes.enterpriseId, engagement.enterpriseId), lte(dialInCodes.expiresAt, now)));
          const values = { engagementId, enterpriseId: engagement.enterpriseId, code: dialInCodeOf(randomInt(0, 10 ** DIAL_IN_CODE_DIGITS)), createdAt: now, expiresAt: codeExpiry(now) };
          await tx.insert(dialInCodes).values(values).onConflictDoUpdate({ target: dialInCodes.engagementId, set: values });
          return values;
        });
        return { number, code: code.code, expiresAt: code.expiresAt.toISOString() };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    this.deps.log('telephony: no free dial-in code was drawn', { enterpriseId: engagement.enterpriseId, draws: CODE_DRAWS });
    throw new ProviderUnavailable('No dial-in code could be issued just now; try again.');
  }

  /** A call to one of the enterprise's numbers: Twilio asks for the code (`<Gather>`), its digits posted to the code's URL. */
  async incoming(request: SignedRequest): Promise<string> {
    const { enterpriseId, form } = await this.callTo(request);
    if (await this.guessedTooOften(enterpriseId, form)) return sayHangupTwiml(PROMPTS.tooMany);
    return this.askForCode(1, PROMPTS.ask);
  }

  /**
   * The code keyed in (`Digits`), at the given try: a live engagement's code, not expired, is
   * used up and its associate dialled (both parties told: realtime `call`); a wrong one is asked
   * again, up to the last try, then the call is ended; one that cannot be bridged now (the
   * associate has no phone, a call of the engagement is under way) ends the call, the code kept.
   */
  async code(request: SignedRequest, attempt: number): Promise<string> {
    const { enterpriseId, form } = await this.callTo(request);
    const callSid = form.get('CallSid') ?? '';
    const ourNumber = form.get('To') ?? '';
    if (!SID.test(callSid)) throw new InvalidInput([], 'The form is not a call’s (CallSid).');
    if (await this.guessedTooOften(enterpriseId, form)) return sayHangupTwiml(PROMPTS.tooMany);
    const joined = await this.join(enterpriseId, form.get('Digits'), callSid, ourNumber);
    if (joined.kind === 'wrong') await this.spendGuess(enterpriseId, form);
    const step = nextStep(joined, attempt);
    if (step.next === 'retry') return this.askForCode(step.attempt, step.prompt);
    if (step.next === 'hangup' || joined.kind !== 'joined') return sayHangupTwiml(step.next === 'hangup' ? step.say : PROMPTS.unavailable);
    await this.telephony.publishCall(joined.bridgeId);
    return bridgeTwiml({
      associate: joined.target.to,
      say: PROMPTS.connecting,
      action: this.telephony.webhookUrl(joined.bridgeId, 'twiml'),
      legStatusCallback: this.telephony.webhookUrl(joined.bridgeId, 'status'),
      // Our number, not the shopper's: the associate's phone never shows the shopper's.
      callerId: ourNumber,
      timeoutSeconds: RING_SECONDS,
      timeLimitSeconds: CALL_TIME_LIMIT_SECONDS,
    });
  }

  /** The enterprise whose number was called (`To`) and the form, once signed with its auth token: 401 unsigned or badly signed, 404 for a number no enterprise lists. */
  private async callTo(request: SignedRequest): Promise<{ enterpriseId: string; form: URLSearchParams }> {
    if (!request.signature) throw new BadSignature('The request carries no X-Twilio-Signature.');
    const to = new URLSearchParams(request.params as [string, string][]).get('To') ?? '';
    const enterpriseId = E164.test(to) ? await this.telephony.enterpriseOwning(to, request) : null;
    if (!enterpriseId) throw new NotFound('The number');
    return { enterpriseId, form: await this.telephony.signedBy(enterpriseId, request) };
  }

  /** The budgets of wrong codes this call spends, each with its key: its caller's (`From`, as texts hash a number) and the called number's. */
  private guessBudgets(enterpriseId: string, form: URLSearchParams): [string, Budget][] {
    const { perCaller, perNumber } = this.deps.limits.dialInCodes;
    return [
      [`dial-in:caller:${enterpriseId}:${numberHash(enterpriseId, form.get('From') ?? '')}`, perCaller],
      [`dial-in:number:${enterpriseId}:${form.get('To') ?? ''}`, perNumber],
    ];
  }

  private async guessedTooOften(enterpriseId: string, form: URLSearchParams): Promise<boolean> {
    const waits = await Promise.all(this.guessBudgets(enterpriseId, form).map(([key, budget]) => this.limiter.wait(key, budget)));
    if (waits.every((wait) => wait === 0)) return false;
    this.deps.log('telephony: dial-in refused after too many wrong codes', { enterpriseId, number: form.get('To') });
    return true;
  }

  private async spendGuess(enterpriseId: string, form: URLSearchParams): Promise<void> {
    await Promise.all(this.guessBudgets(enterpriseId, form).map(([key, budget]) => this.limiter.take(key, 1, budget)));
  }

  private askForCode(attempt: number, prompt: string): string {
    return gatherTwiml({ action: `${this.deps.publicUrl()}${CODE_PATH}?attempt=${attempt}`, prompt, numDigits: DIAL_IN_CODE_DIGITS, timeoutSeconds: CODE_TIMEOUT_SECONDS, noInput: PROMPTS.noInput });
  }

  /**
   * Uses the code up and opens the bridge (inside one transaction): the shopper's call as the
   * parent leg, answered, with its CallSid. Wrong: no code of the enterprise's live engagements,
   * not expired, is these digits.
   */
  private async join(enterpriseId: string, digits: string | null, callSid: string, ourNumber: string): Promise<CodeResult & ({ kind: 'joined'; bridgeId: string; target: { to: string; via: 'phone' | 'sip' } } | { kind: 'wrong' | 'unavailable' })> {
    if (!isDialInCode(digits)) return { kind: 'wrong' };
    return this.deps.db.transaction(async (tx) => {
      const now = this.deps.clock();
      const [found] = await tx
        .select({ engagementId: dialInCodes.engagementId, status: engagements.status, associateId: engagements.associateId })
        .from(dialInCodes)
        .innerJoin(engagements, eq(engagements.id, dialInCodes.engagementId))
        .where(and(eq(dialInCodes.enterpriseId, enterpriseId), eq(dialInCodes.code, digits), gt(dialInCodes.expiresAt, now)));
      if (!found || found.status !== 'accepted') return { kind: 'wrong' as const };
      // One call at a time, also against a call placed at the same moment (as TelephonyService places them).
      await tx.select({ id: engagements.id }).from(engagements).where(eq(engagements.id, found.engagementId)).for('update');
      const [associate] = await tx.select({ contact: associates.contact }).from(associates).where(eq(associates.id, found.associateId));
      const target = associateTarget(associate?.contact);
      const [open] = await tx.select({ id: phoneCalls.id }).from(phoneCalls).where(and(eq(phoneCalls.engagementId, found.engagementId), isNull(phoneCalls.endedAt))).limit(1);
      const [replayed] = await tx.select({ id: phoneCalls.id }).from(phoneCalls).where(eq(phoneCalls.sid, callSid));
      if (!target || open || replayed) return { kind: 'unavailable' as const };
      const used = await tx.delete(dialInCodes).where(and(eq(dialInCodes.engagementId, found.engagementId), eq(dialInCodes.code, digits))).returning({ id: dialInCodes.engagementId });
      if (used.length === 0) return { kind: 'wrong' as const };
      const bridgeId = this.deps.ids.id();
      await tx.insert(phoneCalls).values({
        id: bridgeId,
        bridgeId,
        enterpriseId,
        engagementId: found.engagementId,
        leg: 'shopper',
        sid: callSid,
        status: 'in-progress',
        sequence: -1,
        fromNumber: ourNumber,
        shopperNumber: null,
        startedAt: now,
        answeredAt: now,
        direction: 'dial-in',
        associateVia: target.via,
      });
      return { kind: 'joined' as const, bridgeId, target };
    });
  }
}
