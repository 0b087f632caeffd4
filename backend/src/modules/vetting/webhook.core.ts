/*
 * Checkr's webhook envelope:
 *
 *   {"id":"…","object":"event","type":"report.completed","created_at":"…","webhook_url":"…",
 *    "data":{"object":{"id":"…","object":"report","uri":"…", …}},"account_id":"…"}
 *
 * With `include_object` off, `data.object` carries only `id`, `object` and `uri`: nothing else of
 * it is relied on (the report is read again at Checkr, as Checkr advises, because events come out
 * of order and twice). The candidate id and an invitation's report id are read when present.
 */

export interface CheckrEvent {
  /** The event's id: a replayed delivery carries the same one. */
  id: string;
  type: string;
  /** The object the event is about. */
  objectId: string;
  /** `report`, `invitation`, `candidate`, … */
  objectKind: string;
  /** The candidate named in the object, when it names one. */
  candidateId: string | null;
  /** An invitation's report, when it has one. */
  reportId: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;
const TYPE = /^[a-z0-9_]{1,40}\.[a-z0-9_.]{1,60}$/;

/** The event in a webhook body, or why it is not one (a 400: Checkr will not send it so). */
export function parseCheckrEvent(text: string): { ok: true; event: CheckrEvent } | { ok: false; problem: string; json: boolean } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'The body is not valid JSON.', json: false };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problem: 'The body is not a Checkr event (an object).', json: true };
  const e = body as Record<string, unknown>;
  if (typeof e.id !== 'string' || !ID.test(e.id)) return { ok: false, problem: 'The event has no `id`.', json: true };
  if (typeof e.type !== 'string' || !TYPE.test(e.type)) return { ok: false, problem: 'The event has no `type`.', json: true };
  const data = e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : null;
  const object = data?.object && typeof data.object === 'object' ? (data.object as Record<string, unknown>) : null;
  if (!object || typeof object.id !== 'string' || !ID.test(object.id)) return { ok: false, problem: 'The event has no `data.object.id`.', json: true };
  const text2 = (v: unknown) => (typeof v === 'string' && ID.test(v) ? v : null);
  return {
    ok: true,
    event: {
      id: e.id,
      type: e.type,
      objectId: object.id,
      objectKind: typeof object.object === 'string' ? object.object.slice(0, 40) : e.type.split('.')[0]!,
      candidateId: text2(object.candidate_id),
      reportId: text2(object.report_id),
    },
  };
}
