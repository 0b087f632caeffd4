import {
  ApplicationDecision,
  ApplicationDetail,
  ApplicationPage,
  ApplicationQuery,
  ApplicationReply,
  CHECKS_DISCLOSURE,
  DocumentUpload,
  JoinRules,
  JoinSettings,
  MAX_DOCUMENT_BYTES,
  MyApplication,
  Registered,
  Registration,
  VerifyEmail,
} from '../../../../shared/registration';
import type { RouteDoc } from '../openapi/document.core';

const Mine = { id: 'MyApplication', schema: MyApplication };
const Detail = { id: 'ApplicationDetail', schema: ApplicationDetail };
const Settings = { id: 'JoinSettings', schema: JoinSettings };
const applicant = (doc: Omit<RouteDoc, 'tag' | 'auth'>): RouteDoc => ({ tag: 'registration', auth: ['associate'], ...doc, errors: ['not_found', ...(doc.errors ?? [])] });
const operator = (doc: Omit<RouteDoc, 'tag' | 'auth'>): RouteDoc => ({ tag: 'registration', auth: ['operator'], ...doc, errors: ['operator_only', ...(doc.errors ?? [])] });

/** Applying to the marketplace, the applicant's own application, and the operator's vetting queue (openapi/catalogue.ts). */
export const registrationRouteDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/applications',
    tag: 'registration',
    summary: 'Applies to work as an independent associate of the marketplace: makes the account (with the password chosen) and the application, and mails a link to confirm the address. With the address of an account whose application ended: a new application once the person may apply again (its name, languages and time zone applied when the address is confirmed; the password never changes this way); otherwise the owner is mailed why not. The same 202 either way.',
    description:
      `Answers 202 with the same message whether or not the address already has an account (its owner is mailed instead: a new link when their application ended and they may apply again, else why not: one open or approved, or the date from which they may). ` +
      `The consent is to the checks' disclosure, shown standalone: \`{ "authorized": true, "version": "${CHECKS_DISCLOSURE.version}" }\` (shared/registration.ts CHECKS_DISCLOSURE); an older version is refused. ` +
      'Limited per network address like sign-in (429).',
    auth: [],
    body: { id: 'Registration', schema: Registration },
    answer: { status: 202, description: 'Received; a mail is on its way.', body: { id: 'Registered', schema: Registered } },
    errors: ['rate_limited'],
  },
  {
    method: 'POST',
    path: '/api/v1/applications/verify',
    tag: 'registration',
    summary: 'Confirms the applicant’s address with the mailed link’s token (once), then applies the operator’s rules at once: declined (the rule named), waiting for documents, or on to the background check.',
    auth: [],
    body: { id: 'VerifyEmail', schema: VerifyEmail },
    answer: { status: 200, description: 'The application as it now stands.', body: Mine },
    errors: ['link_invalid', 'link_expired', 'link_used', 'rate_limited', 'conflict'],
  },
  applicant({
    method: 'GET',
    path: '/api/v1/applications/me',
    summary: 'The applicant’s current application: its status and step, what to do next, the rules’ outcomes, the documents required and uploaded, the check’s progress in plain words, what they were told, and once it ended, from when they may apply again.',
    answer: { status: 200, description: 'The application.', body: Mine },
  }),
  applicant({
    method: 'POST',
    path: '/api/v1/applications/me/verification',
    summary: 'Mails a new link to confirm the address (the previous one stops working).',
    answer: { status: 200, description: 'The application; the mail is sent.', body: Mine },
    errors: ['conflict'],
  }),
  applicant({
    method: 'POST',
    path: '/api/v1/applications/me/documents',
    summary: `Uploads one document of a kind the rules require (base64 of a PDF, PNG or JPEG of at most ${MAX_DOCUMENT_BYTES} bytes); another of the same kind replaces it. Once the last required one is in, the rules are applied again.`,
    description: 'The bytes must be the type the body names (413 `payload_too_large` when larger, 415 `unsupported_media_type` otherwise). Taken while the application waits for documents or for the applicant’s answer.',
    body: { id: 'DocumentUpload', schema: DocumentUpload },
    answer: { status: 200, description: 'The application.', body: Mine },
    errors: ['conflict'],
  }),
  applicant({
    method: 'POST',
    path: '/api/v1/applications/me/reply',
    summary: 'Answers the operator’s question (status `more_info`): the application goes back to review.',
    body: { id: 'ApplicationReply', schema: ApplicationReply },
    answer: { status: 200, description: 'The application.', body: Mine },
    errors: ['conflict'],
  }),
  applicant({
    method: 'POST',
    path: '/api/v1/applications/me/withdraw',
    summary: 'Withdraws the application; its documents and the birth date are deleted.',
    answer: { status: 200, description: 'The application, withdrawn.', body: Mine },
    errors: ['conflict'],
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/applications',
    summary: 'The vetting queue: applications by the time of their last change, oldest first, filtered by status and a part of a name or the e-mail, a page at a time.',
    query: ApplicationQuery,
    answer: { status: 200, description: 'A page; `next` is the `after` of the next one.', body: { id: 'ApplicationPage', schema: ApplicationPage } },
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/applications/:id',
    summary: 'An application for review: the answers, the rules’ outcomes, the check’s state (states and dates, never the report’s contents), the documents, every event, and the person’s other applications.',
    answer: { status: 200, description: 'The application.', body: Detail },
    errors: ['not_found'],
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/applications/:id/documents/:documentId',
    summary: 'A document’s bytes, as an attachment with its type (`X-Content-Type-Options: nosniff`). Deleted once the application is decided.',
    answer: { status: 200, description: 'The document.' },
    errors: ['not_found'],
  }),
  operator({
    method: 'POST',
    path: '/api/v1/marketplace/applications/:id/decision',
    summary: 'Approves, rejects or asks the applicant for more, with the reason they are told (by mail and on their page); recorded in the audit log.',
    description:
      'Approve: only from `review` with a complete check (409 `check_incomplete`); the operator engages the applicant with the check provider and the associate is approved. ' +
      'Reject: an application whose report is `consider` goes through the adverse-action path instead (409 `adverse_action_required`). ' +
      'More info: only from `review`; the applicant’s answer takes it back. A final decision deletes the documents and the birth date. Another status: 409 `conflict`.',
    body: { id: 'ApplicationDecision', schema: ApplicationDecision },
    answer: { status: 200, description: 'The application after the decision.', body: Detail },
    errors: ['not_found', 'conflict', 'check_incomplete', 'adverse_action_required'],
  }),
  operator({
    method: 'GET',
    path: '/api/v1/marketplace/join-settings',
    summary: 'The rules of acceptability: countries served, minimum age, documents required, languages, the check package, the days before a rejected person may apply again (the defaults until set).',
    answer: { status: 200, description: 'The settings.', body: Settings },
  }),
  operator({
    method: 'PUT',
    path: '/api/v1/marketplace/join-settings',
    summary: 'Replaces the rules of acceptability; they apply to applications evaluated from now on.',
    body: { id: 'JoinRules', schema: JoinRules },
    answer: { status: 200, description: 'The settings.', body: Settings },
  }),
];
