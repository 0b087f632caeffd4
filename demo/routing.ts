import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Accreditation } from '../shared/associates';
import type { MatchingDocument } from '../shared/matching';
import type { OpportunityRules } from '../shared/rules';
import type { App } from '../backend/src/app';
import { NotFound } from '../backend/src/errors';
import { readPerDatabase, type SeededEnterprise } from './seed';

/** A demo associate: whom they work for, what they are accredited for. */
interface DemoAssociate {
  email: string;
  displayName: string;
  /** The employer's slug; absent for an independent, admitted by every demo enterprise. */
  employer?: string;
  languages: string[];
  accreditations: Accreditation[];
}

const ALWAYS = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '24:00' }));

/** Two of Voltaire's staff (so an offer has two takers), one of Summit's, one independent in both. */
export const DEMO_ASSOCIATES: readonly DemoAssociate[] = [
  { email: 'ana@voltaire.example', displayName: 'Ana Silva', employer: 'voltaire-retail', languages: ['en', 'pt'], accreditations: [{ category: ['Audio'], level: 4 }, { category: ['Cameras'], level: 3 }] },
  { email: 'ben@voltaire.example', displayName: 'Ben Okafor', employer: 'voltaire-retail', languages: ['en', 'fr'], accreditations: [{ category: ['Audio'], level: 3 }, { category: ['Computers'], level: 5 }] },
  { email: 'clara@summit.example', displayName: 'Clara Weber', employer: 'summit-outdoor-co', languages: ['de', 'en'], accreditations: [{ category: ['Camping'], level: 5 }, { category: ['Bekleidung'], level: 3 }] },
  { email: 'ivy@independent.example', displayName: 'Ivy Chen', languages: ['en', 'zh'], accreditations: [{ category: ['Audio'], level: 2 }, { category: ['Camping'], level: 2 }] },
];

/** When a demo shopper is worth an associate: lingering on an expensive product, coming back to it, a big cart. */
export function demoOpportunityRules(currency: string): OpportunityRules {
  return {
    threshold: 60,
    cooldownMinutes: 10,
    timezone: 'UTC',
    conditions: [
      { id: 'lingers', description: 'Spent 20 seconds or more on one product', when: { type: 'dwell', seconds: 20 }, points: 40 },
      { id: 'expensive', description: `Looked at a product of 300 ${currency} or more`, when: { type: 'product_price', min: '300.00', currency }, points: 30 },
      { id: 'came-back', description: 'Viewed the same product twice', when: { type: 'repeat_views', views: 2 }, points: 20 },
      { id: 'big-cart', description: `Cart of 500 ${currency} or more`, when: { type: 'cart_value', min: '500.00', currency }, points: 40 },
    ],
    segment: { categoryFrom: 'top_product', minLevel: 2 },
  };
}

/** Accredited and available associates, best converting and least busy first; offered to the top five at once. */
export const DEMO_MATCHING: MatchingDocument = {
  ruleSets: [
    {
      name: 'demo',
      priority: 0,
      candidates: 'both',
      rules: [
        { rule: 'accreditation', weight: 3, mode: 'filter', sources: ['grant', 'enterprise_test', 'marketplace_test'] },
        { rule: 'available_now', weight: 0, filter: true },
        { rule: 'language', weight: 1, filter: false },
        { rule: 'conversion_rate', weight: 2, priorStrength: 10, priorRate: 0.2 },
        { rule: 'affinity', weight: 2 },
        { rule: 'load', weight: 1 },
        { rule: 'longest_idle', weight: 1, capSeconds: 3600 },
        { rule: 'employment_fit', weight: 1, prefer: 'own' },
        { rule: 'response_rate', weight: 1, priorStrength: 5, priorRate: 0.8 },
      ],
      offer: { mode: 'broadcast', size: 5, waveEverySeconds: 15, offerSeconds: 30, giveUpSeconds: 90, priority: 'may', missesBeforeAway: 3, ownAssociateSeconds: 0 },
    },
  ],
};

/** A demo associate's sign-in as `npm start` shows it. */
export interface DemoCredential {
  displayName: string;
  email: string;
  password: string;
  worksFor: string;
  /** Set when the password was set now: a new associate, or none that worked on file. */
  issued?: 'new associate' | 'password reset';
}

/**
 * Makes the demo associates exist with their accreditations and admissions, writes the demo
 * opportunity rules and matching rule set where an enterprise has none (an enterprise's own
 * edits are kept), and returns each associate's sign-in. Passwords are random per database,
 * kept in `file` (like the API keys); one on file that no longer works is reset.
 */
export async function seedDemoRouting(app: App, enterprises: readonly SeededEnterprise[], file: string, database: string): Promise<DemoCredential[]> {
  const bySlug = new Map(enterprises.map((e) => [e.slug, e]));
  for (const e of enterprises) {
    const currency = e.slug === 'summit-outdoor-co' ? 'EUR' : 'USD';
    if (!(await exists(() => app.opportunities.liveRules(e.id)))) await app.opportunities.replaceRules(e.id, demoOpportunityRules(currency));
    if (!(await exists(() => app.matching.liveRules(e.id)))) await app.matching.replaceRules(e.id, DEMO_MATCHING);
  }

  // The demo shop's signed-in customer (Voltaire's "Sign in" in the header): a known, valuable one.
  const volt = bySlug.get('voltaire-retail');
  if (volt) await app.customers.push(volt.id, 'VR-C-1042', { tier: 'gold', lifetimeValue: { value: '4200.00', currency: 'USD' }, tags: ['audiophile'], notes: 'Bought a turntable and speakers last year.' });

  const all = readPerDatabase(file);
  const mine = { ...all[database] };
  const out: DemoCredential[] = [];
  for (const spec of DEMO_ASSOCIATES) {
    const employer = spec.employer ? bySlug.get(spec.employer) : undefined;
    if (!employer && enterprises.length === 0) continue;
    let existing = await app.associates.byEmail(spec.email);
    let password = mine[spec.email];
    let issued: DemoCredential['issued'];
    if (!existing) {
      password = newPassword();
      // The way an associate gets a password: an invitation, its link used (here by the seed, for the demo).
      const { associate, invitation } = await app.associates.invite(employer?.id ?? null, {
        email: spec.email,
        displayName: spec.displayName,
        languages: spec.languages,
        timezone: 'UTC',
        schedule: ALWAYS,
        capacity: 3,
        contact: { notify: true, sound: false, channels: ['chat', 'voice', 'cobrowse'] },
      }, { mail: false });
      await app.associates.setPassword(invitation.token, password);
      existing = associate;
      issued = 'new associate';
    } else if (!password || !(await signsIn(app, spec.email, password))) {
      password = newPassword();
      await app.associates.resetPassword(existing.id, password);
      issued = 'password reset';
    }
    mine[spec.email] = password!;
    const worksFor = employer ? [employer] : enterprises;
    // The independent accepts each demo enterprise's invitation, as they would in agent mode.
    if (!employer)
      for (const e of enterprises) {
        await app.associates.inviteToPool(e.id, spec.email);
        await app.associates.answerInvitation(existing.id, e.id, 'accept');
      }
    for (const e of worksFor) await app.associates.setAccreditations(e.id, existing.id, { accreditations: spec.accreditations });
    out.push({ displayName: spec.displayName, email: spec.email, password: password!, worksFor: worksFor.map((e) => e.name).join(', '), ...(issued ? { issued } : {}) });
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...all, [database]: mine }, null, 2)}\n`, { mode: 0o600 });
  return out;
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (err) {
    if (err instanceof NotFound) return false;
    throw err;
  }
}

async function signsIn(app: App, email: string, password: string): Promise<boolean> {
  try {
    await app.associates.signIn(email, password);
    return true;
  } catch {
    return false;
  }
}

/** Four groups of four letters and digits: easy to type from the console, about 79 random bits. */
export function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
