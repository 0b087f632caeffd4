import { randomUUID } from 'node:crypto';
import { MAX_EVENT_AGE_MS } from '../../shared/events';
import type { PeerCredentials } from '../../shared/live';
import { REALTIME_LIMITS } from '../../shared/realtime';
import type { Db, DbKind } from './db/open';
import type { ConsoleCredentials } from './http/auth';
import { consoleLog, type Log } from './log';
import type { ProductInfoProvider } from './modules/catalog/product-info';
import type { CustomerEnrichment } from './modules/customers/enrichment';
import type { BackgroundCheckProvider } from './modules/vetting/provider';
import type { Telephony } from './modules/telephony/telephony';
import { createOutbound, type Outbound } from './outbound/client';
import { type Mailer, unsentMailer } from './mail/mailer';
import { createSealer, type Sealer } from './sealing';
import { newSecret, PASSWORD_COST } from './secrets';
import { randomBytes } from 'node:crypto';

/** Everything with side effects the app needs, passed in so tests control it. */
export interface AppDeps {
  db: Db;
  dbKind: DbKind;
  version: string;
  clock: () => Date;
  /** Every timer the modules set (offer grace, realtime pings and silence, periodic jobs): tests step them with their manual clock. */
  timers: Timers;
  ids: IdSource;
  limits: Limits;
  log: Log;
  /** A third-party source of customer facts (Segment's Profile API when configured); none when absent. */
  customerEnrichment?: CustomerEnrichment | null;
  /** A source of external product information for the associate's sales information (Best Buy's Products API when configured); none when absent. */
  productInfo?: ProductInfoProvider | null;
  /** The background and credit check provider for applicants (Checkr when CHECKR_API_KEY is set); none: checks cannot start, applications wait. */
  checkProvider?: BackgroundCheckProvider | null;
  /** Twilio's API address for enterprises' telephony (https://api.twilio.com when absent; a local stand-in's in tests). */
  twilioApiUrl?: string;
  /** The telephone company for an enterprise's account: Twilio at `twilioApiUrl` when absent; tests may stand one in. */
  telephonyFor?: (account: { accountSid: string; authToken: string }) => Telephony;
  /** STUN/TURN servers handed to the peers of a live engagement (config ICE_SERVERS); none when absent. */
  iceServers?: PeerCredentials['iceServers'];
  /** Proxies in front of the backend that append to X-Forwarded-For (config TRUSTED_PROXY_HOPS): 0 believes only the socket's peer. */
  trustedProxyHops?: number;
  /** Seals the secrets the backend must read again (signing secrets, provider tokens) before they are stored (see sealing.ts). */
  sealer: Sealer;
  /** The one way out: every URL the backend calls (a lookup, a provider) is guarded by it (OUTBOUND_ALLOW_HOSTS; see outbound/). */
  outbound: Outbound;
  /** Outgoing mail (SMTP when configured); without it, links are logged. */
  mailer: Mailer;
  /** The address the links in mails point to, without a trailing slash (config PUBLIC_URL, else the backend's own once it listens). */
  publicUrl: () => string;
  /** The built console web application's folder (backend/console/dist when absent); tests point it at a folder of their own. */
  consoleDist?: string;
  /** Console sessions (the console module); `NO_CONSOLE` when absent. Both the HTTP routes and the realtime sockets check cookies with it. */
  consoles?: ConsoleCredentials;
}

/** Cancels a timer; cancelling one that fired or was cancelled does nothing. */
export type Cancel = () => void;

/**
 * Timers, injected like the clock: no module calls setTimeout or setInterval itself (the
 * architecture test checks it). Timers never keep the process alive: a server or a socket does.
 */
export interface Timers {
  /** Calls `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): Cancel;
  /** Calls `fn` every `ms`. */
  every(ms: number, fn: () => void): Cancel;
}

/** setTimeout's longest delay; a longer one is clamped (Node would fire it at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Node's own timers, unref'd. */
export const systemTimers: Timers = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
    timer.unref();
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, Math.min(MAX_TIMER_MS, Math.max(1, ms)));
    timer.unref();
    return () => clearInterval(timer);
  },
};

export interface IdSource {
  /** A new row id (UUID). */
  id(): string;
  /** A new secret with a readable prefix, e.g. "fws_…". */
  secret(prefix: string): string;
}

/** A token bucket: `capacity` requests at once, refilled at `perSecond`. */
export type Budget = { capacity: number; perSecond: number };

export interface Limits {
  /** Per-shopper event budget: burst and steady rate. */
  shopperEvents: { capacity: number; perSecond: number };
  /** Per-address budget of new shoppers: an install registers once, a script many times. */
  shopperRegistrations: { capacity: number; perSecond: number };
  /** How long the extension may cache the participating sites. */
  sitesTtlSeconds: number;
  /** How long the backend caches the site directory before reading it again. */
  siteCacheMs: number;
  /** Oldest event accepted, as an age from now (see MAX_EVENT_AGE_MS). */
  maxEventAgeMs: number;
  /** The realtime socket's timings and message size (see REALTIME_LIMITS). */
  realtime: { authTimeoutMs: number; pingEveryMs: number; silentAfterMs: number; maxMessageBytes: number; maxQueuedMessages: number };
  /**
   * Requests of every API route: per credential (by kind) when the request carries one, per
   * client address when it does not (or the credential was not known).
   */
  requests: Record<'shopper' | 'associate' | 'enterprise' | 'anonymous', Budget>;
  /**
   * Associates' FAILED sign-in attempts: per network address (trying many accounts) and per pair
   * of address and e-mail (guessing one password). Nothing per e-mail alone, so failures
   * elsewhere never lock the associate out; a successful sign-in forgets the pair's failures.
   */
  signIn: { perAddress: Budget; perAccount: Budget };
  /**
   * Wrong dial-in codes keyed in: per calling number (one phone guessing) and per number of the
   * enterprise's called (many phones guessing together). Once either is spent, calls are told so
   * and hung up before any code is tried, the right one too, until the budget refills.
   */
  dialInCodes: { perCaller: Budget; perNumber: Budget };
  /** Open sockets (realtime and signalling) per credential and per client address; one more is refused. */
  sockets: { perCredential: number; perAddress: number };
  /** A live engagement's transcript, all messages together, in bytes of text. */
  transcriptMaxBytes: number;
  /** How long a rotated API key keeps working beside its replacement. */
  apiKeyOverlapMs: number;
  /** How long an associate's sign-in token lasts: a working day with margin. */
  associateTokenTtlMs: number;
  /** log2 of scrypt's N for new password hashes (tests lower it; see secrets.ts). */
  passwordCost: number;
  /**
   * How long a winning associate whose last connection dropped has to come back before the
   * engagement is given to someone else: an extension's worker restarting or a network blip
   * reconnects within seconds.
   */
  reconnectGraceMs: number;
  /** How long an invitation link and a password reset link last. */
  invitationTtlMs: number;
  resetTtlMs: number;
  /** The wait between a check's pre-adverse notice and the final adverse action, the applicant's time to dispute (config CHECKR_ADVERSE_WAITING_DAYS). */
  adverseWaitingMs: number;
}

export const defaultLimits: Limits = {
  // A browsing shopper sends a few events a minute; an offline queue flushing after an
  // outage sends a few hundred at once. Both fit; a script hammering the API does not.
  shopperEvents: { capacity: 2_000, perSecond: 20 },
  // Generous enough for many shoppers behind one office or carrier NAT.
  shopperRegistrations: { capacity: 300, perSecond: 2 },
  sitesTtlSeconds: 300,
  siteCacheMs: 5_000,
  maxEventAgeMs: MAX_EVENT_AGE_MS,
  realtime: REALTIME_LIMITS,
  // A busy console or integration makes a few requests a second; a page of the API hammered in a loop does not fit.
  requests: {
    shopper: { capacity: 600, perSecond: 10 },
    associate: { capacity: 600, perSecond: 10 },
    enterprise: { capacity: 3_000, perSecond: 50 },
    // An office or carrier NAT behind one address: many extensions fetching the sites and registering.
    anonymous: { capacity: 1_200, perSecond: 20 },
  },
  // Five wrong passwords per account from one address, then one a minute; an office mistyping behind one address fits the other.
  signIn: { perAddress: { capacity: 50, perSecond: 1 }, perAccount: { capacity: 5, perSecond: 1 / 60 } },
  // Two calls' worth of mistyped codes per phone, then one try every five minutes; a busy shop's
  // number takes a hundred wrong codes before one a minute. A six-digit code is one in a million.
  dialInCodes: { perCaller: { capacity: 6, perSecond: 1 / 300 }, perNumber: { capacity: 100, perSecond: 1 / 60 } },
  // A few tabs and devices per shopper or associate; an office behind one address.
  sockets: { perCredential: 10, perAddress: 200 },
  // A long chat is tens of kilobytes; a megabyte holds more than any conversation.
  transcriptMaxBytes: 1_000_000,
  associateTokenTtlMs: 12 * 60 * 60 * 1000,
  // A day to deploy the new key everywhere the old one is configured.
  apiKeyOverlapMs: 24 * 60 * 60 * 1000,
  passwordCost: PASSWORD_COST,
  reconnectGraceMs: 15_000,
  invitationTtlMs: 7 * 24 * 60 * 60 * 1000,
  resetTtlMs: 30 * 60 * 1000,
  adverseWaitingMs: 7 * 24 * 60 * 60 * 1000,
};

const cryptoIds: IdSource = { id: () => randomUUID(), secret: newSecret };

export function defaultDeps(db: Db, dbKind: DbKind, over: Partial<AppDeps> = {}): AppDeps {
  const log = over.log ?? consoleLog;
  return {
    db,
    dbKind,
    version: process.env.npm_package_version ?? '0.0.0',
    clock: () => new Date(),
    timers: systemTimers,
    ids: cryptoIds,
    limits: defaultLimits,
    log,
    mailer: unsentMailer(log),
    publicUrl: () => 'http://127.0.0.1:8787',
    trustedProxyHops: 0,
    // A key of this process only: what it seals cannot be read after a restart (tests; startBackend passes SECRETS_KEY's).
    sealer: createSealer(randomBytes(32)),
    // Public https only; a test that calls a loopback server allows it (startBackend passes OUTBOUND_ALLOW_HOSTS).
    outbound: createOutbound(),
    ...over,
  };
}
