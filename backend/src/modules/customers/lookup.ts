import { CustomerLookupAnswer } from '../../../../shared/customers';
import type { CustomerFacts } from '../../db/schema/customers';
import { getJson, SourceFailure } from './fetch-json';
import { hmacSha256 } from './hmac';
import { factsOf } from './merge.core';
import { signatureHeaders } from './signature.core';

/** An enterprise's lookup as the call needs it. */
export interface LookupTarget {
  lookupUrl: string;
  secret: string;
}

/**
 * Calls the enterprise's lookup, `GET {lookupUrl}?customerId=…`, signed (signature.core.ts).
 * The customer's facts on 200 with a profile; null on 404 (the enterprise does not know the
 * customer); a SourceFailure otherwise (another status, a body that is not a profile, no
 * answer before `signal` aborts).
 */
export async function callLookup(target: LookupTarget, externalId: string, nowSeconds: number, signal: AbortSignal): Promise<CustomerFacts | null> {
  const url = new URL(target.lookupUrl);
  url.searchParams.set('customerId', externalId);
  const headers = signatureHeaders(hmacSha256, target.secret, { method: 'GET', pathAndQuery: `${url.pathname}${url.search}`, timestamp: nowSeconds });
  const { status, body } = await getJson(url, headers, signal);
  if (status === 404) return null;
  if (status !== 200) throw new SourceFailure(`the lookup answered ${status}`);
  const profile = CustomerLookupAnswer.safeParse(body);
  if (!profile.success) {
    const issue = profile.error.issues[0];
    throw new SourceFailure(`the lookup's answer is not a profile (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`);
  }
  return factsOf(profile.data);
}
