import { z } from 'zod';

/** A phone number as Twilio takes one: E.164, a plus and up to 15 digits. */
export const PhoneNumber = z.string().regex(/^\+[1-9]\d{1,14}$/, 'a phone number in E.164 form: + and the country code, up to 15 digits');

/**
 * PUT /api/v1/telephony/settings: the enterprise's Twilio account and the numbers it owns to
 * call from. The auth token is write-only: needed the first time, kept when left out later.
 */
export const TelephonySettingsBody = z
  .object({
    provider: z.literal('twilio'),
    accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'a Twilio account SID: AC and 32 lowercase hex digits'),
    authToken: z.string().regex(/^[0-9a-f]{32}$/, 'a Twilio auth token: 32 lowercase hex digits').optional().describe('Write-only: stored sealed, never shown; left out, the one set before is kept.'),
    numbers: z
      .array(PhoneNumber)
      .min(1)
      .max(20)
      .refine((n) => new Set(n).size === n.length, 'each number once')
      .describe('The numbers the account owns, to call from; the first is used.'),
  })
  .strict();
export type TelephonySettingsBody = z.infer<typeof TelephonySettingsBody>;

/** The settings as GET and PUT answer them: never the auth token, only whether one is set. */
export const TelephonySettingsView = z.object({
  configured: z.boolean().describe('Whether calls can be placed: an account is set.'),
  provider: z.literal('twilio').nullable(),
  accountSid: z.string().nullable(),
  authTokenSet: z.boolean(),
  numbers: z.array(z.string()),
  updatedAt: z.string().nullable(),
});
export type TelephonySettingsView = z.infer<typeof TelephonySettingsView>;

/** What a Twilio status callback came to (Twilio reads no more than the status). */
export const TwilioCallbackAnswer = z.object({
  /** `taken`: it moved the call forward; `unchanged`: a replay, or older than what the call knows; `ignored`: about no leg of this call. */
  result: z.enum(['taken', 'unchanged', 'ignored']),
  status: z.string().nullable(),
});
export type TwilioCallbackAnswer = z.infer<typeof TwilioCallbackAnswer>;

/**
 * Where an associate takes the phone leg (their contact preferences): a phone number (E.164) or,
 * for a contact-centre phone, a SIP address (`sip:agent@pbx.example.com`, optionally `sips:`).
 */
export const SipAddress = z
  .string()
  .max(200)
  .regex(/^sips?:[A-Za-z0-9._~+\-]+@[A-Za-z0-9.-]+(:\d{1,5})?(;transport=(udp|tcp|tls))?$/i, 'a SIP address: sip:user@host, optionally :port and ;transport=udp|tcp|tls');
export const AssociatePhone = z.union([PhoneNumber, SipAddress]);
export type AssociatePhone = z.infer<typeof AssociatePhone>;

/** What the shopper lets the associate do with the number they give: call it (click-to-call) and/or text it. */
export const PhonePurpose = z.enum(['call', 'text']);
export type PhonePurpose = z.infer<typeof PhonePurpose>;

/** The statement the shopper agrees to when giving a number; the dock shows it and the backend records that it was agreed. */
export function phoneConsentText(shop: string, purposes: readonly PhonePurpose[]): string {
  const what = purposes.includes('call') && purposes.includes('text') ? 'call and text' : purposes.includes('text') ? 'text' : 'call';
  return `${shop} may ${what} this number about this conversation only. It is kept until the conversation ends, then erased; it is never used for marketing. Reply STOP to any text to stop texts.`;
}

/**
 * PUT /api/v1/engagements/:id/phone (the engagement's shopper): the number the associate may
 * call or text, for this engagement only, with the shopper's consent to the statement shown
 * (phoneConsentText). With `callNow`, the backend places the call at once: the associate's
 * phone rings, then the shopper's.
 */
export const ShopperPhoneBody = z
  .object({
    phone: PhoneNumber,
    purposes: z
      .array(PhonePurpose)
      .min(1)
      .max(2)
      .refine((p) => new Set(p).size === p.length, 'each purpose once'),
    consent: z.literal(true).describe('The shopper agreed to the statement shown (phoneConsentText).'),
    callNow: z.boolean().default(false).describe('Place the call now (needs `call` among the purposes).'),
  })
  .strict();
export type ShopperPhoneBody = z.input<typeof ShopperPhoneBody>;

/** The shopper's number as either party sees it: masked to its last two digits (the backend dials it; nobody else reads it). */
export const ShopperPhoneView = z.object({
  given: z.boolean(),
  masked: z.string().nullable().describe('E.g. `+44 ••• ••• ••56`.'),
  purposes: z.array(PhonePurpose),
  givenAt: z.string().nullable(),
});
export type ShopperPhoneView = z.infer<typeof ShopperPhoneView>;

/**
 * POST /api/v1/engagements/:id/calls (either party): Twilio rings the associate's phone (their
 * contact preferences), then, once they answer, the number the shopper gave for calls. No
 * body, or `{}`.
 */
export const StartCallBody = z.object({}).strict();
export type StartCallBody = z.infer<typeof StartCallBody>;

/** How far a bridge has come, as both parties' screens show it. */
export const CallState = z.enum(['calling-associate', 'calling-shopper', 'connected', 'ended']);
export type CallState = z.infer<typeof CallState>;

/** How a bridge ended: each leg's own end told apart (the associate busy, the shopper not answering...). */
export const CallOutcome = z.enum(['completed', 'associate-busy', 'associate-no-answer', 'shopper-busy', 'shopper-no-answer', 'failed', 'canceled']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const CallLegView = z.object({
  leg: z.enum(['associate', 'shopper']),
  status: z.string().describe('Twilio’s status of the leg: queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled.'),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
});
export type CallLegView = z.infer<typeof CallLegView>;

/** A bridge as both parties see it (never a number). */
export const CallView = z.object({
  callId: z.string(),
  engagementId: z.string(),
  /** `click-to-call`: we rang both; `dial-in`: the shopper called the enterprise's number with the engagement's code. */
  direction: z.enum(['click-to-call', 'dial-in']),
  /** `sip` when the associate's leg went to a SIP address. */
  associateVia: z.enum(['phone', 'sip']),
  state: CallState,
  outcome: CallOutcome.nullable(),
  startedAt: z.string(),
  /** When both were on the line. */
  connectedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Seconds both were on the line (the shopper leg's duration); null until it ends. */
  talkSeconds: z.number().int().nonnegative().nullable(),
  legs: z.array(CallLegView),
});
export type CallView = z.infer<typeof CallView>;

/** PUT /api/v1/engagements/:id/phone's answer: the number as either party sees it and, with `callNow`, the call placed. */
export const ShopperPhoneGiven = ShopperPhoneView.extend({
  call: CallView.optional().describe('With `callNow`: the call just placed (Twilio is ringing the associate).'),
});
export type ShopperPhoneGiven = z.infer<typeof ShopperPhoneGiven>;

/** GET /api/v1/engagements/:id/calls (either party), oldest first. */
export const CallList = z.object({ calls: z.array(CallView) });
export type CallList = z.infer<typeof CallList>;

/** POST /api/v1/engagements/:id/dial-in's body: none, or `{}`. */
export const DialInBody = z.object({}).strict();
export type DialInBody = z.infer<typeof DialInBody>;

/**
 * POST /api/v1/engagements/:id/dial-in (the engagement's shopper): the enterprise's number to
 * call and the code to key in; calling it from any phone joins the engagement's associate.
 */
export const DialIn = z.object({
  number: PhoneNumber,
  code: z.string().regex(/^\d{6}$/),
  expiresAt: z.string().describe('The code works until then, and only while the engagement is live.'),
});
export type DialIn = z.infer<typeof DialIn>;

/** A text's longest body (UTF-16 units), as Twilio takes one. */
export const TEXT_BODY_MAX_CHARS = 1600;

/**
 * POST /api/v1/engagements/:id/texts (the engagement's associate): a text to the number the
 * shopper gave for texts (a product card's or a material's name and link, as plain text).
 */
export const SendTextBody = z
  .object({
    body: z.string().min(1).max(TEXT_BODY_MAX_CHARS).describe('The text, as Twilio takes one: at most 1600 characters.'),
  })
  .strict();
export type SendTextBody = z.infer<typeof SendTextBody>;

export const TextSent = z.object({
  textId: z.string().describe('The text, as its status webhook names it.'),
  status: z.string().describe('Twilio’s status when it took the text: `queued`.'),
});
export type TextSent = z.infer<typeof TextSent>;

/** A text of the engagement as its associate sees it: sent by them (`out`) or the shopper's reply (`in`). */
export const TextView = z.object({
  textId: z.string(),
  direction: z.enum(['out', 'in']),
  body: z.string().nullable().describe('Null once the transcript retention erased it.'),
  status: z.string().describe('queued, sending, sent, delivered, undelivered, failed; `received` for a reply.'),
  errorCode: z.number().int().nullable(),
  sentAt: z.string(),
  updatedAt: z.string(),
});
export type TextView = z.infer<typeof TextView>;

/** GET /api/v1/engagements/:id/texts (the engagement's associate), oldest first. */
export const TextList = z.object({ texts: z.array(TextView), optedOut: z.boolean().describe('The shopper’s number opted out (STOP): texts to it are refused.') });
export type TextList = z.infer<typeof TextList>;
