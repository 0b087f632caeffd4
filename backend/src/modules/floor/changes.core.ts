import type { LiveChange } from '../../../../shared/floor';
import type { AssociateServerMessage, ShopperServerMessage } from '../../../../shared/realtime';

/**
 * What changed on the floor since the last `live` messages went out, gathered for one batch:
 * changes known by enterprise (an opportunity opened, a shopper's message), and those known
 * only by the associate or session they touched (presence, an offer, an engagement; an
 * ingested session), whose enterprises the service looks up once per batch.
 */
export class PendingChanges {
  private readonly byEnterprise = new Map<string, Set<LiveChange>>();
  private readonly byAssociate = new Map<string, Set<LiveChange>>();
  private readonly sessions = new Set<string>();

  /** Whether nothing is waiting. */
  get empty(): boolean {
    return this.byEnterprise.size === 0 && this.byAssociate.size === 0 && this.sessions.size === 0;
  }

  enterprise(enterpriseId: string, change: LiveChange): void {
    add(this.byEnterprise, enterpriseId, change);
  }

  associate(associateId: string, change: LiveChange): void {
    add(this.byAssociate, associateId, change);
  }

  /** Sessions that took events: their enterprises' shoppers changed. */
  sessionsIngested(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.sessions.add(id);
  }

  /** Everything waiting, emptied. */
  take(): { byEnterprise: Map<string, Set<LiveChange>>; byAssociate: Map<string, Set<LiveChange>>; sessions: string[] } {
    const taken = { byEnterprise: new Map(this.byEnterprise), byAssociate: new Map(this.byAssociate), sessions: [...this.sessions] };
    this.byEnterprise.clear();
    this.byAssociate.clear();
    this.sessions.clear();
    return taken;
  }
}

/**
 * The changes per enterprise of one batch: those known by enterprise, those of each associate
 * for every enterprise they work for, `shoppers` for the enterprises of ingested sessions.
 * Changes are listed in a fixed order.
 */
export function changesByEnterprise(
  taken: ReturnType<PendingChanges['take']>,
  enterprisesOfAssociate: ReadonlyMap<string, readonly string[]>,
  enterprisesOfSessions: readonly string[],
): Map<string, LiveChange[]> {
  const out = new Map<string, Set<LiveChange>>();
  for (const [enterpriseId, changes] of taken.byEnterprise) for (const c of changes) add(out, enterpriseId, c);
  for (const [associateId, changes] of taken.byAssociate) {
    for (const enterpriseId of enterprisesOfAssociate.get(associateId) ?? []) for (const c of changes) add(out, enterpriseId, c);
  }
  for (const enterpriseId of enterprisesOfSessions) add(out, enterpriseId, 'shoppers');
  const order: LiveChange[] = ['shoppers', 'opportunities', 'associates', 'engagements'];
  return new Map([...out].map(([id, set]) => [id, order.filter((c) => set.has(c))]));
}

function add<K>(map: Map<K, Set<LiveChange>>, key: K, change: LiveChange): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(change);
}

/**
 * What a message to a party says about the floor: an offer or its end (opportunities), an
 * engagement's state (engagements, and the associate's load), a presence (associates), a
 * shopper's invitation or the offer to leave a message. Null for the rest.
 */
export function changeOfMessage(
  recipient: { associateId: string } | { shopperId: string },
  message: AssociateServerMessage | ShopperServerMessage,
): { associateId: string; changes: LiveChange[] } | { enterpriseId: string; changes: LiveChange[] } | null {
  if ('associateId' in recipient) {
    const associateId = recipient.associateId;
    switch (message.type) {
      case 'offer':
      case 'offer-update':
        return { associateId, changes: ['opportunities'] };
      case 'engagement':
        return { associateId, changes: ['engagements', 'associates'] };
      case 'presence':
        return { associateId, changes: ['associates'] };
      default:
        return null;
    }
  }
  if (message.type === 'leave-message' && message.enterpriseId) return { enterpriseId: message.enterpriseId, changes: ['opportunities'] };
  if (message.type === 'invitation' && message.enterprise?.id) return { enterpriseId: message.enterprise.id, changes: ['engagements'] };
  return null;
}
