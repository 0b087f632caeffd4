/**
 * Who runs the service this build of the extension reports to, and what it promises the
 * shopper. Fixed when the extension is built, from WXT_* environment variables, because
 * whoever runs the backend is the one answerable for the data and must say so in the build
 * they hand out.
 */
export interface ServiceTerms {
  /** WXT_OPERATOR_NAME: who runs the service; null when the build names no one. */
  operatorName: string | null;
  /** WXT_PRIVACY_POLICY_URL: the operator's privacy policy; null means the one inside the extension (privacy.html). */
  privacyPolicyUrl: string | null;
  /** WXT_RETENTION_DAYS: days the service keeps what it receives before deleting it; match the backend's RETENTION_DAYS. */
  retentionDays: number;
}

/** The backend's own default (RETENTION_DAYS). */
const DEFAULT_RETENTION_DAYS = 90;
/** How long a shop keeps chat transcripts unless it sets its own retention (the backend's default). */
export const CHAT_RETENTION_DAYS = 365;

/** The built-in privacy policy, an extension page. */
const BUILT_IN_PRIVACY_POLICY = '/privacy.html';

/**
 * Reads the terms from the build's environment; a bad value throws with the variable's
 * name rather than showing the shopper a promise the build did not mean.
 * e.g. { WXT_OPERATOR_NAME: 'Acme Retail Ltd', WXT_RETENTION_DAYS: '30' }
 */
export function readServiceTerms(env: Readonly<Record<string, unknown>>): ServiceTerms {
  const text = (name: string): string | null => {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };

  const policy = text('WXT_PRIVACY_POLICY_URL');
  if (policy !== null && !/^https?:\/\/[^\s/]+/.test(policy)) {
    throw new Error(`WXT_PRIVACY_POLICY_URL must be an http(s) address, not "${policy}".`);
  }

  const days = text('WXT_RETENTION_DAYS');
  const retentionDays = days === null ? DEFAULT_RETENTION_DAYS : Number(days);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new Error(`WXT_RETENTION_DAYS must be a whole number of days from 1 to 3650, not "${days}".`);
  }

  return { operatorName: text('WXT_OPERATOR_NAME'), privacyPolicyUrl: policy, retentionDays };
}

/** The terms of this build. */
export const serviceTerms: ServiceTerms = readServiceTerms(import.meta.env as unknown as Record<string, unknown>);

/** Where the privacy-policy link goes. */
export const privacyPolicyHref = (terms: ServiceTerms): string => terms.privacyPolicyUrl ?? BUILT_IN_PRIVACY_POLICY;
