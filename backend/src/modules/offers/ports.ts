import type { OfferPolicy } from '../../../../shared/matching';
import type { AssociateServerMessage, ShopperServerMessage } from '../../../../shared/realtime';
import type { OpenedOpportunity } from '../../../../shared/rules';
import type { CustomerFacts } from '../../db/schema/customers';
import type { OfferCandidate } from './machine.core';

/*
 * What offers and engagements ask of the other modules, as narrow ports: app.ts wires the
 * real services (matching, associates, customers, realtime); tests may pass fakes.
 */

/** Pushes a message to every socket of a party, on every instance (realtime). Never throws. */
export interface Publisher {
  publish(recipient: { associateId: string }, message: AssociateServerMessage): unknown;
  publish(recipient: { shopperId: string }, message: ShopperServerMessage): unknown;
}

/**
 * Ranks the associates for an opportunity (matching): its offer policy and who may be
 * offered, best first; `exclude` (a winner who left) is kept out and the stored ranking says why.
 */
export type Rank = (
  opportunity: OpenedOpportunity,
  options?: { exclude?: readonly string[] },
) => Promise<{ policy: OfferPolicy; candidates: OfferCandidate[]; /** The stored ranking's id, which the offers made from it name. */ rankingId?: string }>;

/** What the associates module records about offers and engagements. */
export interface AssociateRecords {
  /**
   * Counts the answer to one of the enterprise's offers, for that enterprise; after
   * `missesBeforeAway` misses in a row an employee is set away (`setAway`), an independent
   * paused for that enterprise only (`pausedFor`).
   */
  recordOfferAnswer(
    associateId: string,
    enterpriseId: string,
    answer: 'accepted' | 'declined' | 'missed',
    policy: { missesBeforeAway: number },
  ): Promise<{ setAway: boolean; pausedFor: { id: string; name: string } | null }>;
  /** "Decline and go away". */
  setAway(associateId: string): Promise<void>;
  engagementStarted(associateId: string): Promise<void>;
  engagementEnded(associateId: string): Promise<void>;
}

/** What the enterprise knows of the customer, within a short deadline; null when unknown. */
export type CustomerLookup = (enterpriseId: string, externalId: string) => Promise<CustomerFacts | null>;

export interface OfferPorts {
  rank: Rank;
  realtime: Publisher;
  associates: AssociateRecords;
  customer: CustomerLookup;
}
