import { storage } from '#imports';
import type { ShopperEvent } from '../../shared/events';
import type { ParticipatingSite } from '../../shared/sites';

// Every piece of extension state, in one place. All of it lives in `storage.local`:
// it survives service-worker restarts and browser restarts, and content scripts can read it.

/** The shopper's answer to the consent page; null until they answer. */
export interface Consent {
  state: 'given' | 'declined';
  /** When they answered (ISO time). */
  at: string;
}
export const consentItem = storage.defineItem<Consent | null>('local:consent', { fallback: null });

/** The popup's on/off switch; observation also needs consent. */
export const observingItem = storage.defineItem<boolean>('local:observing', { fallback: true });

/**
 * The backend this build talks to until the user picks another: WXT_BACKEND_URL when the build
 * names one (`npm start` names the backend it starts, whatever its PORT), else the default port.
 */
export function builtInBackendUrl(env: Readonly<Record<string, unknown>>): string {
  const named = env.WXT_BACKEND_URL;
  if (typeof named !== 'string' || named.trim() === '') return 'http://localhost:8787';
  const url = new URL(named.trim());
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash)
    throw new Error(`WXT_BACKEND_URL must be an http(s) address without credentials, query or fragment, not "${named}".`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

const DEFAULT_BACKEND_URL = builtInBackendUrl(import.meta.env as unknown as Record<string, unknown>);
/** Base address of the Floorwalker backend, without a trailing slash. */
export const backendUrlItem = storage.defineItem<string>('local:backendUrl', { fallback: DEFAULT_BACKEND_URL });

/** The participating sites, as the backend listed them. */
export interface SitesCache {
  /** The backend the list came from: a list from another backend is not used. */
  backendUrl: string;
  sites: ParticipatingSite[];
  fetchedAt: number;
  /** After this (epoch ms) the list is refreshed. */
  expiresAt: number;
}
export const sitesItem = storage.defineItem<SitesCache | null>('local:sites', { fallback: null });

/**
 * Access to the participating shops the shopper has yet to grant (match patterns, e.g.
 * "http://localhost/*"): kept current by the background after consent, when the site list
 * changes and when the browser's grants change. Pages watch it and offer to grant it.
 */
export interface SiteAccess {
  missing: string[];
}
export const siteAccessItem = storage.defineItem<SiteAccess>('local:siteAccess', { fallback: { missing: [] } });

/** This install's identity at one backend (POST /shoppers). */
export interface ShopperCredentials {
  backendUrl: string;
  shopperId: string;
  token: string;
  createdAt: string;
}
export const shopperItem = storage.defineItem<ShopperCredentials | null>('local:shopper', { fallback: null });

/** Events waiting for the backend's acknowledgement, oldest first. */
export interface QueueState {
  events: ShopperEvent[];
  /** Ids recently acknowledged or dropped, newest last: the same id is never queued twice. */
  recentIds: string[];
}
export const queueItem = storage.defineItem<QueueState>('local:queue', { fallback: { events: [], recentIds: [] } });

/** How sending goes; persisted so a backoff survives a service-worker restart. */
export interface DeliveryState {
  /** Failed attempts in a row. */
  failures: number;
  /** No attempt before this (epoch ms); null = now. */
  nextAttemptAt: number | null;
  /** When the backend last acknowledged a batch (ISO time). */
  lastAckAt: string | null;
  /** Why the last attempt failed, for the popup. */
  lastError: string | null;
}
const INITIAL_DELIVERY: DeliveryState = { failures: 0, nextAttemptAt: null, lastAckAt: null, lastError: null };
export const deliveryItem = storage.defineItem<DeliveryState>('local:delivery', { fallback: INITIAL_DELIVERY });

/**
 * Which side of Floorwalker this browser is on: a shopper's (observing, with consent) or a
 * sales associate's (agent mode: offers in the side panel, nothing observed). Content scripts
 * read it too: in agent mode they observe nothing.
 */
export type ExtensionMode = 'shopper' | 'agent';
export const modeItem = storage.defineItem<ExtensionMode>('local:mode', { fallback: 'shopper' });
