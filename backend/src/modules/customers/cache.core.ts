import type { ProfileSource } from './merge.core';

/** A source the backend calls (the push is kept, never fetched). */
export type RemoteSource = Exclude<ProfileSource, 'push'>;

/** What is cached from one source for one customer. */
export interface CachedAnswer {
  source: ProfileSource;
  /** Null for a pushed profile: it is kept until replaced. */
  expiresAt: Date | null;
}

/** When an answer fetched now stops being fresh. */
export function expiresAt(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}

/** Whether a cached answer can be used without asking its source again. */
export function isFresh(answer: CachedAnswer, now: Date): boolean {
  return answer.expiresAt === null || answer.expiresAt.getTime() > now.getTime();
}

/**
 * The configured sources to call for a customer now: those with no answer cached or only a
 * stale one. (A stale answer is still used when the call fails or runs out of time.)
 */
export function dueSources(configured: readonly RemoteSource[], cached: readonly CachedAnswer[], now: Date): RemoteSource[] {
  return configured.filter((source) => {
    const answer = cached.find((c) => c.source === source);
    return !answer || !isFresh(answer, now);
  });
}

/** How long a source that failed is left alone before it is called again: a source that is down costs one wait, not one per event. */
export const FAILED_SOURCE_PAUSE_MS = 10_000;
