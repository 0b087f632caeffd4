import type { CustomerFacts } from '../../db/schema/customers';

/**
 * A third-party source of customer facts (a customer-data platform). One implementation
 * today: Segment's Profile API (`segment.ts`), configured by the environment.
 */
export interface CustomerEnrichment {
  /** The provider's name, for the log. */
  readonly name: string;
  /** How long an answer is cached before the provider is asked again. */
  readonly ttlSeconds: number;
  /** Whether the provider holds this enterprise's customers (it was configured for it). */
  serves(enterpriseId: string): boolean;
  /**
   * The customer's facts; null when the provider does not know the customer. Throws
   * (a SourceFailure) when it fails, and stops when `signal` aborts.
   */
  lookup(enterpriseId: string, externalId: string, signal: AbortSignal): Promise<CustomerFacts | null>;
}
