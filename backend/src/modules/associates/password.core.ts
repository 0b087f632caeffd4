/**
 * Why a password is refused, or null when it may be used: long enough, not the e-mail
 * address or its name part, not one character repeated.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 10) return 'The password must have at least 10 characters.';
  const lower = password.toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local.toLowerCase())))
    return 'The password must not contain the e-mail address.';
  if (new Set(password).size < 4) return 'The password must use at least 4 different characters.';
  return null;
}
