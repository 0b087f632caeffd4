import { CheckView, CheckWebhookAnswer, StartAdverseAction } from '../../../../shared/vetting';
import type { RouteDoc } from '../openapi/document.core';

/** The check's routes: Checkr's webhooks and the operator's adverse action, for the OpenAPI document (openapi/catalogue.ts). */
export const vettingRouteDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/webhooks/checkr',
    tag: 'vetting',
    summary: 'Checkr’s webhooks about applicants’ background checks (invitations, reports, adverse actions), as Checkr sends them.',
    description:
      'Configure this URL in Checkr’s dashboard. The raw body is checked against `X-Checkr-Signature` (hex HMAC-SHA256 of the body under the Checkr API key, compared in constant time) before anything of it is read: a missing or wrong signature, or no Checkr key configured, answer 401 `bad_signature` and change nothing. An event id seen before answers 200 `duplicate`; an event about no check of ours, or of a type not acted on, answers 200 `ignored` (logged). The report an event names is read again at Checkr, since events come out of order: a check never moves backwards. When Checkr cannot be reached the answer is 502 and nothing is recorded, so Checkr’s retry is applied.',
    auth: ['checkrSignature'],
    answer: { status: 200, description: 'Taken, a duplicate, or ignored.', body: { id: 'CheckWebhookAnswer', schema: CheckWebhookAnswer } },
    errors: ['bad_signature', 'invalid_body', 'payload_too_large', 'provider_unavailable'],
  },
  {
    method: 'POST',
    path: '/api/v1/marketplace/applications/:id/check/adverse-action',
    tag: 'vetting',
    summary: 'The operator starts the adverse-action path on an application whose report came back `consider`.',
    description:
      'Only for a complete `consider` report that was not engaged (else 409). Checkr is asked to send the pre-adverse notice now and the post-adverse notice when the waiting period (CHECKR_ADVERSE_WAITING_DAYS, 7 by default) ends; the check records when it started and when it is due. A dispute during the wait stops the clock. The adverse action becomes final when Checkr’s `report.post_adverse_action` webhook arrives, or when the sweep finds the wait passed and the adverse action complete at Checkr. 502 when Checkr is not configured or fails: nothing changes.',
    auth: ['operator'],
    body: { id: 'StartAdverseAction', schema: StartAdverseAction, optional: true },
    answer: { status: 200, description: 'The check as it stands now.', body: { id: 'CheckView', schema: CheckView } },
    errors: ['operator_only', 'not_found', 'conflict', 'provider_unavailable'],
  },
];
