import { isSupportedTime } from '../../../../shared/time';
import { type CommissionPlan, type LedgerEntry, planAt } from './commission.core';

/**
 * What the commission module adds around the core to keep a ledger in tables: the plan version
 * that paid an entry, and the opaque position of a page of the ledger. No I/O.
 */

/**
 * The plan version whose rule paid an entry: for a sale, the plan in force at its attribution; for
 * a refund or a fee, that of the entry it adjusts or is on; for a tier settlement, the version its
 * id names (the core settles tiers per rule and version). Null when it cannot be told.
 */
export function planVersionOf(entry: LedgerEntry, plans: readonly CommissionPlan[], byId: ReadonlyMap<string, LedgerEntry>, depth = 0): number | null {
  if (entry.cause === 'sale') return planAt(plans, entry.enterpriseId, entry.at)?.version ?? null;
  if (entry.cause === 'tier') {
    const last = entry.id.split(':').at(-1) ?? '';
    const version = Number(decodeURIComponent(last).split('@').at(-1));
    return Number.isSafeInteger(version) ? version : null;
  }
  const adjusted = entry.adjusts === null ? undefined : byId.get(entry.adjusts);
  return adjusted && depth < 4 ? planVersionOf(adjusted, plans, byId, depth + 1) : null;
}

/** Where a page of the ledger ended: the last entry's time and id. */
export interface LedgerPosition {
  at: number;
  id: string;
}

/** Opaque to clients: base64url of "<epoch ms>|<entry id>". */
export function encodeLedgerCursor(p: LedgerPosition): string {
  return Buffer.from(`${p.at}|${p.id}`).toString('base64url');
}

/** The position a cursor stands for, or null when `encodeLedgerCursor` did not make it. */
export function decodeLedgerCursor(cursor: string): LedgerPosition | null {
  if (!/^[A-Za-z0-9_-]{1,1400}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(-?\d{1,16})\|([\x21-\x7e]{1,1000})$/.exec(decoded);
  if (!match) return null;
  const at = Number(match[1]);
  if (!Number.isSafeInteger(at) || !isSupportedTime(at) || encodeLedgerCursor({ at, id: match[2]! }) !== cursor) return null;
  return { at, id: match[2]! };
}
