import { CustomerLookupAnswer } from '../../../../shared/customers';
import type { CustomerFacts } from '../../db/schema/customers';
import type { Outbound } from '../../outbound/client';
import { getJson, SourceFailure } from './fetch-json';
import { hmacSha256 } from '../../hmac';
import { factsOf } from './merge.core';
import { signatureHeaders } from './signature.core';

/** An enterprise's lookup as the call needs it (the secret opened). */
export interface LookupTarget {
  lookupUrl: string;
  secret: string;
}

/**
 * Calls the enterprise's lookup, `GET {lookupUrl}?customerId=…`, signed (signature.core.ts),
 * through the outbound guard. The customer's facts on 200 with a profile; null on 404 (the
 * enterprise does not know the customer); a SourceFailure otherwise (a refusal of the guard,
 * another status, a body that is not exactly a profile, no answer before `signal` aborts).
 */
export async function callLookup(outbound: Outbound, target: LookupTarget, externalId: string, nowSeconds: number, signal: AbortSignal): Promise<CustomerFacts | null> {
  const url = new URL(target.lookupUrl);
  url.searchParams.set('customerId', externalId);
  const headers = signatureHeaders(hmacSha256, target.secret, { method: 'GET', pathAndQuery: `${url.pathname}${url.search}`, timestamp: nowSeconds });
  const { status, body } = await getJson(outbound, url, headers, signal);
  if (status === 404) return null;
  if (status !== 200) throw new SourceFailure(`the lookup answered ${status}`);
  const profile = CustomerLookupAnswer.safeParse(body);
  if (!profile.success) {
    const issue = profile.error.issues[0];
    // Unknown fields are named, never their values (they may be anything an internal service holds).
    if (issue?.code === 'unrecognized_keys') throw new SourceFailure(`the lookup's answer has fields a profile does not (${fieldNames(issue.keys)})`);
    throw new SourceFailure(`the lookup's answer is not a profile (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`);
  }
  return factsOf(profile.data);
}

/** Field names for the log: the first five, each cut to 40 printable characters. */
function fieldNames(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => JSON.stringify(k.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)));
  return keys.length > 5 ? `${shown.join(', ')} and ${keys.length - 5} more` : shown.join(', ');
}
