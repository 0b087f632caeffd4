import { SendTextBody, TelephonySettingsBody, TelephonySettingsView, TextList, TextSent, TwilioCallbackAnswer } from '../../../../shared/telephony';
import { CallStarted, StartCallBody } from './routes';
import type { RouteDoc } from '../openapi/document.core';

const SIGNED =
  'Twilio posts a form (application/x-www-form-urlencoded) signed in `X-Twilio-Signature` with the auth token of the enterprise whose call it is, over the URL it requested (PUBLIC_URL and this path) and the form. A request without a signature answers 401 `bad_signature`; a signed one about a call id that names no call 404 (a malformed id alike); a wrong signature, or an enterprise without telephony settings, 401 `bad_signature`. Nothing changes on a refusal.';

/** Telephony's routes: the enterprise's Twilio account and Twilio's webhooks about click-to-call bridges (openapi/catalogue.ts). */
export const telephonyRouteDocs: RouteDoc[] = [
  {
    method: 'GET',
    path: '/api/v1/telephony/settings',
    tag: 'telephony',
    summary: 'The enterprise’s telephone company account (Twilio): its account SID, the numbers it calls from, whether an auth token is set.',
    description: 'The auth token is never shown. For the owner and admins of the console (the settings hold a secret).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The settings (`configured` false when none are set).', body: { id: 'TelephonySettingsView', schema: TelephonySettingsView } },
  },
  {
    method: 'PUT',
    path: '/api/v1/telephony/settings',
    tag: 'telephony',
    summary: 'Sets the enterprise’s Twilio account: account SID, auth token (write-only, stored sealed) and the numbers it owns.',
    description:
      'The auth token is needed the first time (400 `invalid_body` naming `authToken` otherwise); left out later, the stored one is kept. It is stored sealed under SECRETS_KEY and checks the signature of every Twilio webhook about the enterprise’s calls. Calls are placed from the first number.',
    auth: ['enterprise'],
    body: { id: 'TelephonySettingsBody', schema: TelephonySettingsBody },
    answer: { status: 200, description: 'The settings as stored (without the token).', body: { id: 'TelephonySettingsView', schema: TelephonySettingsView } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/telephony/settings',
    tag: 'telephony',
    summary: 'Removes the enterprise’s Twilio account: no call can be placed, and Twilio’s webhooks about its calls no longer verify.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Removed (or there was none).' },
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/calls',
    tag: 'telephony',
    summary: 'The engagement’s associate calls the shopper by phone: Twilio rings the associate’s phone, then bridges the shopper’s.',
    description:
      'Only the engagement’s own associate (404 for anyone else, as for an engagement that does not exist), while it is live (409 `engagement_not_live`, or `engagement_ended`), one call at a time (409 `conflict` while one is under way), and when the enterprise has set its Twilio account (409 `conflict` otherwise). The associate’s number is never stored; the shopper’s is kept sealed only while the call lasts. A number Twilio cannot call answers 400 `invalid_body`; Twilio failing otherwise 502, and nothing is left behind.',
    auth: ['associate'],
    body: { id: 'StartCallBody', schema: StartCallBody },
    answer: { status: 201, description: 'The call was placed: Twilio is ringing the associate.', body: { id: 'CallStarted', schema: CallStarted } },
    errors: ['not_found', 'engagement_not_live', 'engagement_ended', 'conflict', 'provider_unavailable'],
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks/twilio/calls/:callId/twiml',
    tag: 'telephony',
    summary: 'The TwiML Twilio fetches once the associate answers a bridge: a `<Dial>` that rings the shopper into the call.',
    description: `${SIGNED} The answer is TwiML (text/xml): \`<Dial answerOnBridge action=… callerId=…><Number statusCallback=…>\` with the shopper’s number while the call is on; \`<Hangup/>\` once the \`<Dial>\` is over (its action is this URL, with DialCallStatus), after the call ended, or for a request about another call.`,
    auth: ['twilioSignature'],
    answer: { status: 200, description: 'TwiML.', mediaType: 'text/xml' },
    errors: ['bad_signature', 'not_found', 'payload_too_large'],
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks/twilio/calls/:callId/status',
    tag: 'telephony',
    summary: 'Twilio’s status callbacks of both legs of a bridge (the shopper’s names the associate’s as ParentCallSid).',
    description: `${SIGNED} A callback only moves its leg forward (queued, initiated, ringing, in-progress, then one end), and within a step by SequenceNumber: a replay or an older callback answers \`unchanged\`; one about neither leg \`ignored\`. When the associate’s leg ends the call is over and the shopper’s number is dropped. A form that is no call status callback answers 400 \`invalid_body\`.`,
    auth: ['twilioSignature'],
    answer: { status: 200, description: 'Taken, unchanged or ignored.', body: { id: 'TwilioCallbackAnswer', schema: TwilioCallbackAnswer } },
    errors: ['bad_signature', 'not_found', 'invalid_body', 'payload_too_large'],
  },
  {
    method: 'POST',
    path: '/api/v1/engagements/:id/texts',
    tag: 'telephony',
    summary: 'The engagement’s associate texts the number the shopper gave for texts (a product link, a material’s words), from the enterprise’s first number.',
    description:
      'The body is the text only: it goes to the number the shopper gave in this engagement for texts (PUT /api/v1/engagements/:id/phone), which nobody but the backend reads; none given for texts (or taken back) answers 409 `no_shopper_phone`, as does a number Twilio cannot text. Only the engagement’s own associate (404 for anyone else, as for an engagement that does not exist), while it is live (409 `engagement_not_live`, or `engagement_ended`), and when the enterprise has set its Twilio account (409 `conflict` otherwise). A number that texted STOP to the enterprise answers 409 `recipient_opted_out`: nothing is written and Twilio is not asked; Twilio refusing with 21610 (the person opted out with Twilio) answers the same and records the opt-out. The text is kept (its body erased with the transcript, by the live settings’ retention) and pushed to the associate as realtime `text`, again at each status Twilio tells at `/api/v1/webhooks/twilio/texts/:textId/status`. Twilio failing otherwise answers 502, and nothing is left behind.',
    auth: ['associate'],
    body: { id: 'SendTextBody', schema: SendTextBody },
    answer: { status: 201, description: 'Twilio took the text.', body: { id: 'TextSent', schema: TextSent } },
    errors: ['not_found', 'engagement_not_live', 'engagement_ended', 'conflict', 'no_shopper_phone', 'recipient_opted_out', 'provider_unavailable'],
  },
  {
    method: 'GET',
    path: '/api/v1/engagements/:id/texts',
    tag: 'telephony',
    summary: 'The engagement’s texts, sent and replied, oldest first, with their delivery status; whether the shopper’s number opted out (STOP).',
    description:
      'Only the engagement’s own associate (404 for anyone else, as for an engagement that does not exist), live or ended. No number is shown. A body is null once the transcript retention (the live settings) erased it.',
    auth: ['associate'],
    answer: { status: 200, description: 'The texts.', body: { id: 'TextList', schema: TextList } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks/twilio/texts/:textId/status',
    tag: 'telephony',
    summary: 'Twilio’s status callbacks of a text the associate sent: queued, sending, sent, then delivered, undelivered or failed (with its ErrorCode).',
    description: `${SIGNED.replace('whose call it is', 'whose text it is').replace('a call id that names no call', 'a text id that names no text we sent')} A callback only moves the text forward: a replay or an older callback answers \`unchanged\`; one about another message \`ignored\`. A form that is no message status callback answers 400 \`invalid_body\`.`,
    auth: ['twilioSignature'],
    answer: { status: 200, description: 'Taken, unchanged or ignored.', body: { id: 'TwilioCallbackAnswer', schema: TwilioCallbackAnswer } },
    errors: ['bad_signature', 'not_found', 'invalid_body', 'payload_too_large'],
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks/twilio/texts/incoming',
    tag: 'telephony',
    summary: 'A person texted one of an enterprise’s numbers: their reply goes to the latest live engagement that knows their number (given in it, or texted from it); STOP and START change their opt-out.',
    description:
      'Twilio posts a form signed in `X-Twilio-Signature` with the auth token of the enterprise whose number is `To`. Without a signature: 401 `bad_signature`; a `To` no enterprise lists: 404; a signature that is not that enterprise’s: 401 `bad_signature`. STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT (the whole text, any case) records the opt-out of `From`; START, UNSTOP or YES removes it; HELP is left to Twilio. Any other text from a number a live engagement of the enterprise knows (the shopper gave it there, or the engagement texted it) goes, once (by MessageSid), to the latest such engagement: kept as a reply (GET …/texts), pushed to its associate as realtime `text`, and into its transcript as the shopper’s message (within the transcript’s size cap); from any other number it is kept nowhere. The answer is an empty TwiML `<Response/>`: Twilio texts nothing back.',
    auth: ['twilioSignature'],
    answer: { status: 200, description: 'An empty TwiML `<Response/>`.', mediaType: 'text/xml' },
    errors: ['bad_signature', 'not_found', 'invalid_body', 'payload_too_large'],
  },
];
