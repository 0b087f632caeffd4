/*
 * The keywords a person texts to stop messages, start them again or ask for help. Carriers
 * require them and Twilio honours the standard ones itself (it stops delivering to a number that
 * sent STOP); we recognise the same words so we stop asking Twilio to send, and say so in the UI.
 * A keyword is the whole message, in any case, with the spaces around it ignored: "stop" is one,
 * "please stop texting me" is not.
 */

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP'] as const;

export type Keyword = 'opt-out' | 'opt-in' | 'help';

const KEYWORDS = new Map<string, Keyword>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, 'opt-out'] as const),
  ...OPT_IN_KEYWORDS.map((k) => [k, 'opt-in'] as const),
  ...HELP_KEYWORDS.map((k) => [k, 'help'] as const),
]);

/** What an incoming message's body asks for, when it is a keyword; null for any other message. */
export function keywordOf(body: string): Keyword | null {
  const word = body.trim();
  // ASCII letters only: toUpperCase would make other letters into these ("ſtop" into "STOP").
  if (!/^[A-Za-z]{1,11}$/.test(word)) return null;
  return KEYWORDS.get(word.toUpperCase()) ?? null;
}
