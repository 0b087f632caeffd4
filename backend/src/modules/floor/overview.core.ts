import type { CommunicationMethod } from '../../../../shared/live';
import type { FloorPresence, LiveOverview, OverviewAssociate, OverviewEngagement, OverviewOpportunity } from '../../../../shared/floor';

/*
 * The floorwalker's live overview, assembled from the rows the service read: no I/O, the
 * instant given. What counts as busy or away is routing's own rule (matching's "available"
 * filter): a floorwalker sees who an offer can reach now, and why not.
 */

/** A session with an event in the window: its shopper and the page it was on last. */
export interface ShopperRow {
  shopperId: string;
  lastUrl: string | null;
  /** The last site the session's aggregate names (a domain), when the URL says nothing. */
  lastSite: string | null;
}

export interface OpportunityRow {
  id: string;
  origin: 'detected' | 'asked';
  score: number;
  category: string[];
  lastUrl: string | null;
  openedAt: Date;
  pendingOffers: number;
}

export interface AssociateRow {
  id: string;
  displayName: string;
  /** What they chose, and why when the system chose it. */
  presence: 'available' | 'away';
  presenceReason: string | null;
  presenceChangedAt: Date;
  connected: boolean;
  /** This enterprise paused them for missed offers. */
  paused: boolean;
  withinSchedule: boolean;
  engagements: number;
  capacity: number;
}

export interface EngagementRow {
  id: string;
  opportunityId: string;
  status: 'invited' | 'accepted';
  associateId: string;
  associateName: string;
  channels: CommunicationMethod[];
  lastUrl: string | null;
  invitedAt: Date;
  answeredAt: Date | null;
}

export interface OverviewRows {
  shoppers: ShopperRow[];
  opportunities: OpportunityRow[];
  associates: AssociateRow[];
  engagements: EngagementRow[];
}

const PRESENCE_ORDER: Record<FloorPresence, number> = { available: 0, busy: 1, away: 2, offline: 3 };

/** The host (with its port, as sites are registered) of an http(s) page, lower-case; null for anything else. */
export function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** How an associate stands for the enterprise now, and why. */
export function presenceOf(a: AssociateRow): { presence: FloorPresence; reason: string | null } {
  if (!a.connected) return { presence: 'offline', reason: null };
  if (a.presence === 'away') return { presence: 'away', reason: a.presenceReason };
  if (a.paused) return { presence: 'away', reason: 'paused_missed_offers' };
  if (!a.withinSchedule) return { presence: 'away', reason: 'outside_schedule' };
  if (a.engagements >= a.capacity) return { presence: 'busy', reason: 'at_capacity' };
  return { presence: 'available', reason: null };
}

/** The overview as of `now`, counting shoppers active within `minutes`. */
export function assembleOverview(rows: OverviewRows, now: Date, minutes: number): LiveOverview {
  const since = (t: Date) => Math.max(0, now.getTime() - t.getTime());

  // A shopper on two sites at once (two tabs) counts once in the total and on each site.
  const shoppersBySite = new Map<string, Set<string>>();
  const everyone = new Set<string>();
  for (const s of rows.shoppers) {
    everyone.add(s.shopperId);
    const site = siteOf(s.lastUrl) ?? s.lastSite?.toLowerCase() ?? 'unknown';
    let set = shoppersBySite.get(site);
    if (!set) shoppersBySite.set(site, (set = new Set()));
    set.add(s.shopperId);
  }
  const bySite = [...shoppersBySite]
    .map(([site, set]) => ({ site, shoppers: set.size }))
    .sort((a, b) => b.shoppers - a.shoppers || a.site.localeCompare(b.site));

  const opportunities: OverviewOpportunity[] = [...rows.opportunities]
    .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id.localeCompare(b.id))
    .map((o) => ({
      id: o.id,
      state: o.pendingOffers > 0 ? 'offered' : 'waiting',
      origin: o.origin,
      score: o.score,
      category: o.category,
      site: siteOf(o.lastUrl),
      openedAt: o.openedAt.toISOString(),
      forMs: since(o.openedAt),
      offers: o.pendingOffers,
    }));

  const counts = { available: 0, busy: 0, away: 0, offline: 0 };
  const list: OverviewAssociate[] = rows.associates
    .map((a) => {
      const { presence, reason } = presenceOf(a);
      counts[presence]++;
      return {
        id: a.id,
        displayName: a.displayName,
        presence,
        reason,
        presenceSince: a.presenceChangedAt.toISOString(),
        engagements: a.engagements,
        capacity: a.capacity,
      };
    })
    .sort((a, b) => PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence] || a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));

  const engagements: OverviewEngagement[] = rows.engagements
    .map((e) => {
      const from = e.status === 'accepted' ? (e.answeredAt ?? e.invitedAt) : e.invitedAt;
      return {
        id: e.id,
        opportunityId: e.opportunityId,
        stage: e.status === 'accepted' ? ('live' as const) : ('invited' as const),
        associate: { id: e.associateId, displayName: e.associateName },
        channels: [...new Set(e.channels)].sort(),
        site: siteOf(e.lastUrl),
        since: from.toISOString(),
        forMs: since(from),
      };
    })
    .sort((a, b) => b.forMs - a.forMs || a.id.localeCompare(b.id));

  return {
    at: now.toISOString(),
    minutes,
    shoppers: { total: everyone.size, bySite },
    opportunities,
    associates: { counts, list },
    engagements,
  };
}
