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

/** POST /api/v1/engagements/:id/calls: the engagement's associate has Twilio call their phone, then the shopper's. */
export const StartCallBody = z
  .object({
    shopperPhone: PhoneNumber.describe('The number the shopper gave for this call; kept sealed only while the call lasts.'),
    associatePhone: PhoneNumber.describe('The phone the associate takes the call on; never stored.'),
  })
  .strict();
export type StartCallBody = z.infer<typeof StartCallBody>;

export const CallStarted = z.object({
  callId: z.string().describe('The call, as the webhooks and the engagement’s history name it.'),
  status: z.string().describe('Twilio’s status when it took the call: `queued`.'),
});
export type CallStarted = z.infer<typeof CallStarted>;

/** POST /api/v1/engagements/:id/texts: the engagement's associate texts the shopper (a product link or a material's as plain text). */
export const SendTextBody = z
  .object({
    to: PhoneNumber.describe('The shopper’s number; kept sealed with the text.'),
    body: z.string().min(1).max(1600).describe('The text, as Twilio takes one: at most 1600 characters.'),
  })
  .strict();
export type SendTextBody = z.infer<typeof SendTextBody>;

export const TextSent = z.object({
  textId: z.string().describe('The text, as its status webhook names it.'),
  status: z.string().describe('Twilio’s status when it took the text: `queued`.'),
});
export type TextSent = z.infer<typeof TextSent>;
