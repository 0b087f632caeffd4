import type { Config } from '../../config';
import { type Outbound, type OutboundAnswer, whyCallFailed } from '../../outbound/client';
import { readCapped } from '../../streams';
import { hmacSha256 } from '../../hmac';
import { type BackgroundCheckProvider, type ProviderAdverseAction, ProviderFailure, type ProviderReport } from './provider';
import { checkrSignatureMatches } from './signature.core';

/**
 * Checkr's API (https://docs.checkr.com), the calls vetting makes:
 *
 *   POST {base}/candidates            {email, first_name, last_name}        → {id, object:"candidate", …}
 *   POST {base}/invitations           {candidate_id, package, work_locations:[{country}]} → {id, status:"pending", report_id:null, …}
 *   GET  {base}/reports/{id}                                                → {id, status, result, candidate_id, …}
 *   POST {base}/reports/{id}/adverse_actions {post_notice_scheduled_at}     → {id, status:"pending", …}
 *   GET  {base}/reports/{id}/adverse_actions                                → {data:[{id, status}], …}
 *
 * Authentication is HTTP Basic with the secret API key as the user and an empty password.
 * Errors come as `{"error": "…"}` with a 4xx. Only the fields the decision needs are read from
 * an answer; the rest (the report's screenings, the candidate's details) is never kept.
 * Webhooks are signed with the same key (signature.core.ts).
 */
export interface CheckrConfig {
  /** `https://api.checkr.com/v1` (staging: `https://api.checkr-staging.com/v1`). */
  baseUrl: string;
  apiKey: string;
}

/** A call's longest wait for Checkr. */
const CALL_TIMEOUT_MS = 10_000;
/** Largest answer read: a report with its screening ids is a few kilobytes. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** The Checkr settings of the environment, or null when no key is set (checks cannot start). */
export function checkrConfigFrom(config: Config): CheckrConfig | null {
  if (!config.CHECKR_API_KEY) return null;
  return { baseUrl: (config.CHECKR_API_URL ?? 'https://api.checkr.com/v1').replace(/\/+$/, ''), apiKey: config.CHECKR_API_KEY };
}

/** Checkr, called through `outbound` (the guard every outbound call goes through). */
export function checkrProvider(config: CheckrConfig, outbound: Outbound): BackgroundCheckProvider {
  const base = config.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${config.apiKey}:`).toString('base64')}`;
  const headers = { authorization, accept: 'application/json' };

  const call = async (method: 'GET' | 'POST', path: string, signal: AbortSignal, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const url = new URL(`${base}${path}`);
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(CALL_TIMEOUT_MS)]);
    let res: OutboundAnswer;
    try {
      res =
        method === 'GET'
          ? await outbound.get(url, { headers, signal: timeout })
          : await outbound.send(url, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}), signal: timeout });
    } catch (err) {
      throw failureOf(err, timeout);
    }
    let text: string;
    try {
      text = (await readCapped(res.body, MAX_ANSWER_BYTES, () => new ProviderFailure(`checkr's answer is larger than ${MAX_ANSWER_BYTES} bytes`))).toString('utf8');
    } catch (err) {
      throw failureOf(err, timeout);
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      if (res.status < 300) throw new ProviderFailure(`checkr answered ${res.status} with a body that is not JSON`, res.status);
    }
    return { status: res.status, json };
  };

  /** The answer's object when the status is a success, else a failure naming Checkr's error (its message is about our request, never a secret). */
  const expect = (what: string, answer: { status: number; json: unknown }, ok: number[]): Record<string, unknown> => {
    if (!ok.includes(answer.status)) {
      const error = (answer.json as { error?: unknown } | null)?.error;
      const said = typeof error === 'string' ? `: ${error.slice(0, 200)}` : '';
      throw new ProviderFailure(`checkr answered ${answer.status} to ${what}${said}`, answer.status);
    }
    if (!answer.json || typeof answer.json !== 'object') throw new ProviderFailure(`checkr answered ${what} without an object`, answer.status);
    return answer.json as Record<string, unknown>;
  };

  return {
    name: 'checkr',
    async createCandidate(candidate, signal) {
      const created = expect('a new candidate', await call('POST', '/candidates', signal, { email: candidate.email, first_name: candidate.firstName, last_name: candidate.lastName }), [200, 201]);
      return { id: idOf(created, 'candidate') };
    },
    async createInvitation(invitation, signal) {
      const body = { candidate_id: invitation.candidateId, package: invitation.package, work_locations: [{ country: invitation.country }] };
      const created = expect('a new invitation', await call('POST', '/invitations', signal, body), [200, 201]);
      return { id: idOf(created, 'invitation'), status: typeof created.status === 'string' ? created.status : 'pending' };
    },
    async report(reportId, signal) {
      const answer = await call('GET', `/reports/${encodeURIComponent(reportId)}`, signal);
      if (answer.status === 404) return null;
      return reportOf(expect('the report', answer, [200]));
    },
    async startAdverseAction(reportId, postNoticeAt, signal) {
      const body = { post_notice_scheduled_at: postNoticeAt.toISOString() };
      const created = expect('a new adverse action', await call('POST', `/reports/${encodeURIComponent(reportId)}/adverse_actions`, signal, body), [200, 201]);
      return adverseActionOf(created);
    },
    async adverseActions(reportId, signal) {
      const listed = expect('the adverse actions', await call('GET', `/reports/${encodeURIComponent(reportId)}/adverse_actions`, signal), [200]);
      const data = Array.isArray(listed.data) ? listed.data : [];
      return data.filter((a): a is Record<string, unknown> => Boolean(a) && typeof a === 'object').map(adverseActionOf);
    },
    signatureMatches: (raw, header) => checkrSignatureMatches(hmacSha256, config.apiKey, raw, header),
  };
}

/** A Checkr id: letters and digits, as Checkr makes them; anything else is refused rather than stored. */
export const CHECKR_ID = /^[A-Za-z0-9_-]{1,100}$/;

function idOf(o: Record<string, unknown>, what: string): string {
  if (typeof o.id !== 'string' || !CHECKR_ID.test(o.id)) throw new ProviderFailure(`checkr answered a ${what} without an id`);
  return o.id;
}

/** Only the fields the decision needs: never the screenings, never the candidate's details. */
export function reportOf(o: Record<string, unknown>): ProviderReport {
  const candidateId = typeof o.candidate_id === 'string' && CHECKR_ID.test(o.candidate_id) ? o.candidate_id : '';
  const status = typeof o.status === 'string' ? o.status : '';
  if (!REPORT_STATUSES.has(status)) throw new ProviderFailure('checkr answered a report without a known status');
  const result = o.result === 'clear' || o.result === 'consider' ? o.result : null;
  return { id: idOf(o, 'report'), candidateId, status, result };
}

const REPORT_STATUSES = new Set(['pending', 'suspended', 'paused', 'complete', 'canceled', 'dispute']);

function adverseActionOf(o: Record<string, unknown>): ProviderAdverseAction {
  return { id: idOf(o, 'adverse action'), status: typeof o.status === 'string' ? o.status.slice(0, 40) : 'pending' };
}

function failureOf(err: unknown, signal: AbortSignal): ProviderFailure {
  return err instanceof ProviderFailure ? err : new ProviderFailure(whyCallFailed('checkr', err, signal));
}
