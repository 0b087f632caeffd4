import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { answerJson as answer, closeServer, listenOnLoopback, bodyText as readBody } from './local-server';

/*
 * A local stand-in for Checkr's API (https://docs.checkr.com), for tests, the end-to-end test and
 * demos: the calls vetting makes, as Checkr answers them, and Checkr's webhooks, signed as Checkr
 * signs them (hex HMAC-SHA256 of the compact JSON body under the API key, in X-Checkr-Signature).
 *
 *   POST /v1/candidates                      GET /v1/candidates/:id
 *   POST /v1/invitations                     GET /v1/invitations/:id
 *   GET  /v1/reports/:id
 *   POST /v1/reports/:id/adverse_actions     GET /v1/reports/:id/adverse_actions
 *
 * Every /v1 call needs HTTP Basic with the API key as the user and an empty password (401
 * otherwise); refusals carry Checkr's `{"error": "…"}`. Nothing happens by itself, except the
 * `report.pre_adverse_action` webhook right after an adverse action is created: the test (or the
 * demo's control routes, /_control/…) completes invitations, completes reports clear or consider,
 * suspends, resumes, disputes and cancels them, expires invitations and completes adverse
 * actions, and each step posts its webhook to `webhookUrl`.
 *
 * Standalone: `npx tsx backend/src/testing/checkr-server.ts [webhook-url]` prints its URL and key.
 */

export type ReportResult = 'clear' | 'consider';

interface Candidate {
  id: string;
  object: 'candidate';
  uri: string;
  created_at: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  adjudication: string | null;
  report_ids: string[];
}

interface Invitation {
  id: string;
  object: 'invitation';
  uri: string;
  invitation_url: string;
  status: 'pending' | 'completed' | 'expired';
  created_at: string;
  expires_at: string;
  completed_at: string | null;
  deleted_at: null;
  package: string;
  candidate_id: string;
  report_id: string | null;
  work_locations: { country: string; state?: string; city?: string }[];
  tags: string[];
}

interface Report {
  id: string;
  object: 'report';
  uri: string;
  status: 'pending' | 'suspended' | 'paused' | 'complete' | 'canceled' | 'dispute';
  result: ReportResult | null;
  assessment: null;
  adjudication: string | null;
  package: string;
  candidate_id: string;
  created_at: string;
  completed_at: string | null;
  turnaround_time: number | null;
  /** Screenings a real report links to: what vetting must never keep. */
  ssn_trace_id: string;
  county_criminal_search_ids: string[];
}

interface AdverseAction {
  id: string;
  object: 'adverse_action';
  uri: string;
  created_at: string;
  status: 'pending' | 'complete' | 'dispute' | 'canceled';
  report_id: string;
  post_notice_scheduled_at: string | null;
  post_notice_ready_at: string;
  canceled_at: string | null;
  individualized_assessment_engaged: boolean;
  adverse_items: unknown[];
}

/** A webhook as Checkr sends it. */
export interface CheckrWebhookEvent {
  id: string;
  object: 'event';
  type: string;
  created_at: string;
  webhook_url: string;
  data: { object: Record<string, unknown> };
  account_id: string;
}

/** A delivery made: the event, and the status the receiver answered (0: no answer). */
export interface Delivery {
  event: CheckrWebhookEvent;
  body: string;
  status: number;
}

/** Packages of a new Checkr account. */
export const CHECKR_PACKAGES = ['tasker_standard', 'tasker_pro', 'driver_standard', 'driver_pro'];

/** Checkr's ids: 24 hex digits. */
const newId = () => randomBytes(12).toString('hex');

/** The signature Checkr puts in X-Checkr-Signature. */
export function checkrSignature(apiKey: string, body: string): string {
  return createHmac('sha256', apiKey).update(body).digest('hex');
}

export interface CheckrServerOptions {
  /** The secret key calls must present and webhooks are signed with; a new one by default. */
  apiKey?: string;
  /** Where webhooks go; none: events are kept (`deliveries`) but not posted. */
  webhookUrl?: string | null;
  port?: number;
  /** Time as the server tells it (created_at, completed_at); the system's by default. */
  clock?: () => Date;
}

export class CheckrServer {
  readonly apiKey: string;
  webhookUrl: string | null;
  /** The base URL vetting is configured with (CHECKR_API_URL), `http://127.0.0.1:<port>/v1`. */
  url = '';
  readonly accountId = newId();
  readonly candidates = new Map<string, Candidate>();
  readonly invitations = new Map<string, Invitation>();
  readonly reports = new Map<string, Report>();
  readonly adverseActions = new Map<string, AdverseAction>();
  /** Every /v1 request: its method, path, whether its credential was right, and its parsed body. */
  readonly requests: { method: string; path: string; authorized: boolean; body: unknown }[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly server: Server;
  private readonly clock: () => Date;
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(options: CheckrServerOptions) {
    this.apiKey = options.apiKey ?? `test_${randomBytes(16).toString('hex')}`;
    this.webhookUrl = options.webhookUrl ?? null;
    this.clock = options.clock ?? (() => new Date());
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => answer(res, 500, { error: String(err) }));
    });
  }

  static async start(options: CheckrServerOptions = {}): Promise<CheckrServer> {
    const checkr = new CheckrServer(options);
    checkr.url = `${await listenOnLoopback(checkr.server, options.port)}/v1`;
    return checkr;
  }

  /** `127.0.0.1:<port>`, for OUTBOUND_ALLOW_HOSTS. */
  get host(): string {
    return new URL(this.url).host;
  }

  async close(): Promise<void> {
    await this.idle();
    await closeServer(this.server);
  }

  /** Waits for the webhooks the server sent by itself (after an adverse action is created). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  candidateByEmail(email: string): Candidate | undefined {
    return [...this.candidates.values()].find((c) => c.email.toLowerCase() === email.toLowerCase());
  }

  /** The candidate completes the hosted flow: the invitation completes and its report is created (pending). */
  async completeInvitation(candidateEmail: string): Promise<{ invitationId: string; reportId: string }> {
    const invitation = this.pendingInvitationOf(candidateEmail);
    const now = this.now();
    const report: Report = {
      id: newId(),
      object: 'report',
      uri: '',
      status: 'pending',
      result: null,
      assessment: null,
      adjudication: null,
      package: invitation.package,
      candidate_id: invitation.candidate_id,
      created_at: now,
      completed_at: null,
      turnaround_time: null,
      ssn_trace_id: newId(),
      county_criminal_search_ids: [newId()],
    };
    report.uri = `/v1/reports/${report.id}`;
    this.reports.set(report.id, report);
    this.candidates.get(invitation.candidate_id)?.report_ids.push(report.id);
    Object.assign(invitation, { status: 'completed', completed_at: now, report_id: report.id });
    await this.send('invitation.completed', invitation);
    await this.send('report.created', report);
    return { invitationId: invitation.id, reportId: report.id };
  }

  /** The invitation lapses unanswered (7 days at Checkr). */
  async expireInvitation(candidateEmail: string): Promise<string> {
    const invitation = this.pendingInvitationOf(candidateEmail);
    invitation.status = 'expired';
    await this.send('invitation.expired', invitation);
    return invitation.id;
  }

  /** The report comes back: complete, clear or consider. */
  async completeReport(reportId: string, result: ReportResult): Promise<Delivery> {
    const report = this.report(reportId);
    const now = this.clock();
    Object.assign(report, { status: 'complete', result, completed_at: now.toISOString(), turnaround_time: Math.max(0, Math.round((now.getTime() - Date.parse(report.created_at)) / 1000)) });
    return this.send('report.completed', report);
  }

  /** The candidate must supply more information. */
  async suspendReport(reportId: string): Promise<Delivery> {
    return this.send('report.suspended', Object.assign(this.report(reportId), { status: 'suspended' }));
  }

  async resumeReport(reportId: string): Promise<Delivery> {
    return this.send('report.resumed', Object.assign(this.report(reportId), { status: 'pending' }));
  }

  /** The candidate disputes the report: a pending adverse action is held. */
  async disputeReport(reportId: string): Promise<Delivery> {
    const report = Object.assign(this.report(reportId), { status: 'dispute' as const });
    for (const action of this.actionsOf(reportId)) if (action.status === 'pending') action.status = 'dispute';
    return this.send('report.disputed', report);
  }

  async cancelReport(reportId: string): Promise<Delivery> {
    return this.send('report.canceled', Object.assign(this.report(reportId), { status: 'canceled' }));
  }

  /** The waiting period ended: the post-adverse notice goes out and the adverse action completes. */
  async completeAdverseAction(reportId: string): Promise<Delivery> {
    const action = this.actionsOf(reportId).find((a) => a.status === 'pending');
    if (!action) throw new Error(`report ${reportId} has no pending adverse action`);
    action.status = 'complete';
    const report = Object.assign(this.report(reportId), { adjudication: 'post_adverse_action' });
    return this.send('report.post_adverse_action', report);
  }

  /** Builds an event as Checkr would about `object` (a copy of it now), without sending it. */
  event(type: string, object: object): CheckrWebhookEvent {
    return {
      id: newId(),
      object: 'event',
      type,
      created_at: this.now(),
      webhook_url: this.webhookUrl ?? '',
      data: { object: structuredClone(object) as Record<string, unknown> },
      account_id: this.accountId,
    };
  }

  /** Posts an event (again: a replay) signed with the key, or with `signature` when given. */
  async deliver(event: CheckrWebhookEvent, options: { signature?: string | null } = {}): Promise<Delivery> {
    const body = JSON.stringify(event);
    const delivery: Delivery = { event, body, status: 0 };
    this.deliveries.push(delivery);
    if (!this.webhookUrl) return delivery;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Checkr-Webhook/1.0 (local stand-in)' };
    const signature = options.signature === undefined ? checkrSignature(this.apiKey, body) : options.signature;
    if (signature !== null) headers['x-checkr-signature'] = signature;
    try {
      const res = await fetch(this.webhookUrl, { method: 'POST', headers, body });
      await res.arrayBuffer();
      delivery.status = res.status;
    } catch {
      delivery.status = 0;
    }
    return delivery;
  }

  private send(type: string, object: object): Promise<Delivery> {
    return this.deliver(this.event(type, object));
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private report(id: string): Report {
    const report = this.reports.get(id);
    if (!report) throw new Error(`no report ${id}`);
    return report;
  }

  private actionsOf(reportId: string): AdverseAction[] {
    return [...this.adverseActions.values()].filter((a) => a.report_id === reportId);
  }

  /** The newest pending invitation of a candidate with this address: a person who applied again is a new candidate with the same one. */
  private pendingInvitationOf(candidateEmail: string): Invitation {
    const ids = new Set([...this.candidates.values()].filter((c) => c.email.toLowerCase() === candidateEmail.toLowerCase()).map((c) => c.id));
    const invitation = [...this.invitations.values()].reverse().find((i) => ids.has(i.candidate_id) && i.status === 'pending');
    if (!invitation) throw new Error(`no pending invitation for ${candidateEmail}`);
    return invitation;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/_control/')) return this.control(req.method ?? 'GET', url.pathname, raw, res);
    const body = parseBody(raw, req.headers['content-type']);
    const authorized = req.headers.authorization === `Basic ${Buffer.from(`${this.apiKey}:`).toString('base64')}`;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized, body });
    if (!authorized) return answer(res, 401, { error: 'Bad authentication error' });
    if (body === undefined) return answer(res, 400, { error: 'Malformed request body' });
    const route = `${req.method} ${url.pathname.replace(/\/[0-9a-f]{24}(?=\/|$)/g, '/:id')}`;
    const id = /\/([0-9a-f]{24})(?:\/|$)/.exec(url.pathname)?.[1] ?? '';
    const fields = (body ?? {}) as Record<string, unknown>;
    switch (route) {
      case 'POST /v1/candidates': {
        const email = typeof fields.email === 'string' ? fields.email.trim() : '';
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) return answer(res, 400, { error: 'Email is invalid' });
        const candidate: Candidate = {
          id: newId(),
          object: 'candidate',
          uri: '',
          created_at: this.now(),
          email,
          first_name: typeof fields.first_name === 'string' ? fields.first_name : null,
          last_name: typeof fields.last_name === 'string' ? fields.last_name : null,
          adjudication: null,
          report_ids: [],
        };
        candidate.uri = `/v1/candidates/${candidate.id}`;
        this.candidates.set(candidate.id, candidate);
        return answer(res, 201, candidate);
      }
      case 'GET /v1/candidates/:id':
        return this.candidates.has(id) ? answer(res, 200, this.candidates.get(id)) : answer(res, 404, { error: 'Not found' });
      case 'POST /v1/invitations': {
        const candidate = typeof fields.candidate_id === 'string' ? this.candidates.get(fields.candidate_id) : undefined;
        if (!candidate) return answer(res, 400, { error: 'Candidate not found' });
        if (typeof fields.package !== 'string' || !CHECKR_PACKAGES.includes(fields.package)) return answer(res, 400, { error: 'Package not found' });
        const locations = workLocations(fields);
        if (!locations) return answer(res, 400, { error: 'Work locations is invalid: each needs a country (ISO 3166-1 alpha-2)' });
        const created = this.clock();
        const invitation: Invitation = {
          id: newId(),
          object: 'invitation',
          uri: '',
          invitation_url: '',
          status: 'pending',
          created_at: created.toISOString(),
          expires_at: new Date(created.getTime() + 7 * 86_400_000).toISOString(),
          completed_at: null,
          deleted_at: null,
          package: fields.package,
          candidate_id: candidate.id,
          report_id: null,
          work_locations: locations,
          tags: [],
        };
        invitation.uri = `/v1/invitations/${invitation.id}`;
        invitation.invitation_url = `${this.url.replace(/\/v1$/, '')}/apply/${invitation.id}`;
        this.invitations.set(invitation.id, invitation);
        return answer(res, 201, invitation);
      }
      case 'GET /v1/invitations/:id':
        return this.invitations.has(id) ? answer(res, 200, this.invitations.get(id)) : answer(res, 404, { error: 'Not found' });
      case 'GET /v1/reports/:id':
        return this.reports.has(id) ? answer(res, 200, this.reports.get(id)) : answer(res, 404, { error: 'Not found' });
      case 'POST /v1/reports/:id/adverse_actions': {
        const report = this.reports.get(id);
        if (!report) return answer(res, 404, { error: 'Not found' });
        if (report.status !== 'complete') return answer(res, 400, { error: 'Report must be complete to start an adverse action' });
        if (this.actionsOf(id).some((a) => a.status === 'pending')) return answer(res, 409, { error: 'Report already has a pending adverse action' });
        const scheduled = typeof fields.post_notice_scheduled_at === 'string' && !Number.isNaN(Date.parse(fields.post_notice_scheduled_at)) ? fields.post_notice_scheduled_at : null;
        const created = this.clock();
        const action: AdverseAction = {
          id: newId(),
          object: 'adverse_action',
          uri: '',
          created_at: created.toISOString(),
          status: 'pending',
          report_id: id,
          post_notice_scheduled_at: scheduled,
          post_notice_ready_at: new Date(created.getTime() + 7 * 86_400_000).toISOString(),
          canceled_at: null,
          individualized_assessment_engaged: false,
          adverse_items: [],
        };
        action.uri = `/v1/adverse_actions/${action.id}`;
        this.adverseActions.set(action.id, action);
        report.adjudication = 'pre_adverse_action';
        answer(res, 201, action);
        // Checkr tells of the pre-adverse notice by webhook, after answering.
        const sent = this.send('report.pre_adverse_action', report);
        this.inFlight.add(sent);
        void sent.finally(() => this.inFlight.delete(sent));
        return;
      }
      case 'GET /v1/reports/:id/adverse_actions': {
        if (!this.reports.has(id)) return answer(res, 404, { error: 'Not found' });
        const data = this.actionsOf(id);
        return answer(res, 200, { data, object: 'list', count: data.length });
      }
      default:
        return answer(res, 404, { error: 'Not found' });
    }
  }

  /** The demo's levers, as HTTP: the same steps a test calls as methods. */
  private async control(method: string, path: string, raw: string, res: ServerResponse): Promise<void> {
    const body = (parseBody(raw, 'application/json') ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    try {
      if (method === 'POST' && path === '/_control/invitations/complete') return answer(res, 200, await this.completeInvitation(text('email')));
      if (method === 'POST' && path === '/_control/invitations/expire') return answer(res, 200, { invitationId: await this.expireInvitation(text('email')) });
      const m = /^\/_control\/reports\/([0-9a-f]{24})\/(complete|suspend|resume|dispute|cancel|adverse-action\/complete)$/.exec(path);
      if (method === 'POST' && m) {
        const [, id, step] = m as unknown as [string, string, string];
        const result = text('result') === 'consider' ? 'consider' : 'clear';
        const delivery =
          step === 'complete' ? await this.completeReport(id, result)
          : step === 'suspend' ? await this.suspendReport(id)
          : step === 'resume' ? await this.resumeReport(id)
          : step === 'dispute' ? await this.disputeReport(id)
          : step === 'cancel' ? await this.cancelReport(id)
          : await this.completeAdverseAction(id);
        return answer(res, 200, { event: delivery.event.type, delivered: delivery.status });
      }
      if (method === 'GET' && path === '/_control/state') return answer(res, 200, { candidates: [...this.candidates.values()], invitations: [...this.invitations.values()], reports: [...this.reports.values()], adverseActions: [...this.adverseActions.values()] });
      return answer(res, 404, { error: 'Not found' });
    } catch (err) {
      return answer(res, 400, { error: (err as Error).message });
    }
  }
}

/** JSON or a form (Checkr takes both); null for none, undefined for a body that is neither. */
function parseBody(raw: string, type: string | undefined): unknown {
  if (!raw) return null;
  if (type?.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    const out: Record<string, unknown> = {};
    const locations: Record<string, string>[] = [];
    for (const [key, value] of form) {
      const loc = /^work_locations\[\]\[(country|state|city)\]$/.exec(key);
      if (loc) {
        if (!locations.length || loc[1]! in locations.at(-1)!) locations.push({});
        locations.at(-1)![loc[1]!] = value;
      } else out[key] = value;
    }
    if (locations.length) out.work_locations = locations;
    return out;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function workLocations(fields: Record<string, unknown>): Invitation['work_locations'] | null {
  const list = fields.work_locations;
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: Invitation['work_locations'] = [];
  for (const item of list) {
    const loc = (item ?? {}) as Record<string, unknown>;
    if (typeof loc.country !== 'string' || !/^[A-Z]{2}$/.test(loc.country)) return null;
    out.push({ country: loc.country, ...(typeof loc.state === 'string' ? { state: loc.state } : {}), ...(typeof loc.city === 'string' ? { city: loc.city } : {}) });
  }
  return out;
}

// Standalone, for a demo: prints where it listens and its key, and posts webhooks to the URL given.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const webhookUrl = process.argv[2] ?? process.env.CHECKR_WEBHOOK_URL ?? null;
  const checkr = await CheckrServer.start({ webhookUrl, port: Number(process.env.CHECKR_PORT ?? 0), apiKey: process.env.CHECKR_API_KEY });
  console.log(`Local Checkr stand-in at ${checkr.url}`);
  console.log(`  CHECKR_API_URL=${checkr.url} CHECKR_API_KEY=${checkr.apiKey} OUTBOUND_ALLOW_HOSTS=${checkr.host}`);
  console.log(`  webhooks go to ${webhookUrl ?? '(none: pass the backend’s …/api/v1/webhooks/checkr URL)'}`);
  console.log(`  levers: POST ${checkr.url.replace(/\/v1$/, '')}/_control/invitations/complete {"email"}, …/_control/reports/<id>/complete {"result":"clear"|"consider"}, …/suspend, …/dispute, …/cancel, …/adverse-action/complete`);
}
