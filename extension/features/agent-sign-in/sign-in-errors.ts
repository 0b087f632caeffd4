import type { ApiResult } from '../../lib/api';

/** Why a sign-in failed, in words for the associate: never just a status code. */
export function signInFailure(answer: Extract<ApiResult<unknown>, { ok: false }>, backendUrl: string): string {
  switch (answer.status) {
    case 0:
      return `The Floorwalker server at ${backendUrl} could not be reached. Check the server address under Advanced, or try again in a moment.`;
    case 401:
      return 'Wrong email or password.';
    case 429: {
      const seconds = answer.retryAfterMs === null ? null : Math.max(1, Math.ceil(answer.retryAfterMs / 1000));
      return `Too many sign-in attempts. Try again ${seconds === null ? 'in a moment' : `in ${seconds} s`}.`;
    }
    case 400:
      return answer.issues.some((i) => i.path.includes('email'))
        ? 'Enter the email address your shop registered you with.'
        : `The server refused the sign-in: ${answer.message}`;
    case 404:
      return `The server at ${backendUrl} does not offer agent sign-in (is it a Floorwalker server, and up to date?).`;
    default:
      return `The server could not sign you in (${answer.status}): ${answer.message}`;
  }
}
