import { ChangePassword } from '../../../shared/associates';
import type { ApiIssue, ApiResult } from '../../lib/api';

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** Why a password change cannot be sent as typed (the shared contract), in the associate's words; null when it can. */
export function passwordChangeProblem(currentPassword: string, newPassword: string): string | null {
  const parsed = ChangePassword.safeParse({ currentPassword, newPassword });
  return parsed.success ? null : issueText(parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })));
}

/**
 * One issue of a password change, as the associate reads it. The backend's own sentences
 * ("The password must not contain the e-mail address.") say "the password" for the new one;
 * the contract's fragments ("at least 10 characters") are made sentences.
 */
function issueText(issues: ApiIssue[]): string | null {
  const current = issues.find((i) => i.path[0] === 'currentPassword');
  if (current) return /wrong/i.test(current.message) ? 'Your current password is not right. Check it and try again.' : 'Enter your current password.';
  const fresh = issues.find((i) => i.path[0] === 'newPassword');
  if (!fresh) return null;
  if (/^The password /.test(fresh.message)) return fresh.message.replace(/^The password /, 'The new password ');
  return `The new password must have ${fresh.message.replace(/\.$/, '')}.`;
}

/** Seconds to wait, for a sentence, from a 429's `Retry-After`. */
function waitText(answer: Failure): string {
  return answer.retryAfterMs === null ? 'in a moment' : `in ${Math.max(1, Math.ceil(answer.retryAfterMs / 1000))} s`;
}

/** Why a call about the associate's credentials failed (a 401 is handled before: the associate is signed out). */
export function credentialFailure(what: string, answer: Failure): string {
  if (answer.status === 0) return `${what}: the Floorwalker server could not be reached. Try again in a moment.`;
  if (answer.status === 429) return `Too many attempts. Try again ${waitText(answer)}.`;
  if (answer.status === 400) {
    const text = issueText(answer.issues);
    if (text) return text;
  }
  return `${what} (${answer.status}): ${answer.message}`;
}

/**
 * How this browser is named in the associate's list of devices, from its user agent:
 * "Floorwalker in Chrome on Linux". Edge and Opera say "Chrome" too, so they are looked for first.
 */
export function deviceName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /OPR\//.test(userAgent) ? 'Opera' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Windows/.test(userAgent) ? 'Windows' : /Android/.test(userAgent) ? 'Android' : /CrOS/.test(userAgent) ? 'ChromeOS' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  return ['Floorwalker', browser && `in ${browser}`, system && `on ${system}`].filter(Boolean).join(' ');
}
