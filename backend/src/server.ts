import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { REALTIME_PATH } from '../../shared/realtime';
import { type App, createApp } from './app';
import type { Config } from './config';
import { type OpenDb, openDb } from './db/open';
import { type AppDeps, defaultDeps, defaultLimits } from './deps';
import { segmentConfigFrom, segmentEnrichment } from './modules/customers/segment';
import { bestBuyConfigFrom, bestBuyProductInfo } from './modules/catalog/bestbuy';
import { checkrConfigFrom, checkrProvider } from './modules/vetting/checkr';
import { startVettingSweep } from './modules/vetting/sweep';
import { startTelephonySweep } from './modules/telephony/sweep';
import { startTicker } from './modules/offers/ticker';
import { startDetectionSweep } from './modules/opportunities/sweep';
import { startTotalsSweep } from './modules/reports/totals';
import { startAttemptSweep } from './modules/accreditation-tests/sweep';
import { startRetention } from './modules/sessions/retention';
import { SIGNALLING_CHECK_EVERY_MS, SIGNALLING_SOCKET_PATH, type Signalling, startSignalling } from './modules/signalling/server';
import { SignallingPlaces } from './modules/signalling/sockets';
import { createOutbound } from './outbound/client';
import { smtpMailer } from './mail/mailer';
import { createSealer } from './sealing';
import { randomBytes } from 'node:crypto';
import { describeError } from './log';

export interface RunningBackend {
  url: string;
  app: App;
  database: OpenDb;
  /** The PeerJS signalling server of this instance. */
  signalling: Signalling;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Hands each WebSocket upgrade to the endpoint of its path; other paths are refused (404),
 * so that one endpoint never answers another's upgrades. A new WebSocket endpoint (e.g. the
 * PeerJS signalling server) is one more entry here.
 */
function routeUpgrades(handlers: Record<string, UpgradeHandler>) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not take the process down with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = Object.hasOwn(handlers, path) ? handlers[path] : undefined;
    if (handler) return handler(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
}

export interface StartOptions {
  /** An open database to use instead of opening one from the config; the caller closes it. (Tests run two instances over one.) */
  database?: OpenDb;
}

/** Opens the database (migrating it), builds the app, starts the retention sweep and the realtime hub, and listens. */
export async function startBackend(config: Config, over: Partial<AppDeps> = {}, options: StartOptions = {}): Promise<RunningBackend> {
  const database =
    options.database ?? (await openDb(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL } : { pgliteDir: config.PGLITE_DIR }));
  const closeDatabase = options.database ? async () => {} : () => database.close();
  const keepMs = config.RETENTION_DAYS * DAY_MS;
  // An event older than the retention period would be swept away at once: take none.
  const limits = { ...defaultLimits, maxEventAgeMs: Math.min(defaultLimits.maxEventAgeMs, keepMs), adverseWaitingMs: config.CHECKR_ADVERSE_WAITING_DAYS * DAY_MS };
  const segment = segmentConfigFrom(config);
  const bestBuy = bestBuyConfigFrom(config);
  const checkr = checkrConfigFrom(config);
  const outbound = over.outbound ?? createOutbound({ allowHosts: config.OUTBOUND_ALLOW_HOSTS ?? [] });
  // The backend's own address is known once it listens (PORT 0 picks one).
  let ownUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const deps = defaultDeps(database.db, database.kind, {
    limits,
    sealer: createSealer(config.SECRETS_KEY ?? randomBytes(32), config.SECRETS_KEY_PREVIOUS ?? []),
    outbound,
    customerEnrichment: segment ? segmentEnrichment(segment, outbound) : null,
    productInfo: bestBuy ? bestBuyProductInfo(bestBuy, outbound) : null,
    checkProvider: checkr ? checkrProvider(checkr, outbound) : null,
    iceServers: config.ICE_SERVERS,
    publicUrl: () => config.PUBLIC_URL ?? ownUrl,
    twilioApiUrl: config.TWILIO_API_URL,
    ...(config.SMTP_URL ? { mailer: smtpMailer(config.SMTP_URL, config.MAIL_FROM) } : {}),
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    ...over,
  });
  if (!config.SECRETS_KEY && !over.sealer)
    deps.log('SECRETS_KEY is not set: secrets stored now are sealed with a key of this process and cannot be read after a restart', {});
  const app = createApp(deps);
  const retention = startRetention({
    db: deps.db,
    clock: deps.clock,
    timers: deps.timers,
    log: deps.log,
    keepMs,
    alsoSweep: { transcripts: (now) => app.live.sweepTranscripts(now) },
  });
  // DETECTION=off only to measure ingest without it (the ingest benchmark's "before").
  if (config.DETECTION === 'off') app.opportunities.disable();
  const detection = config.DETECTION === 'off' ? { stop: async () => {} } : startDetectionSweep({ opportunities: app.opportunities, log: deps.log, timers: deps.timers });
  // Offer waves, timeouts and lapsed invitations: every instance ticks; rows are shared out with skip locked.
  const ticker = startTicker(() => app.offers.tick(), deps.log, deps.timers);
  // Durable jobs (attribution windows closing): every instance polls; each job is claimed by one.
  app.jobs.start();
  // The report's day totals that writes marked, recomputed in the background (a report recomputes the days it reads).
  const reportTotals = startTotalsSweep({ totals: app.reports.totals, timers: deps.timers, log: deps.log });
  // Background checks: adverse actions whose waiting period passed, and applications waiting for their check to start.
  if (!deps.checkProvider) deps.log('CHECKR_API_KEY is not set: applicants’ background checks cannot start; their applications wait', {});
  const vettingSweep = startVettingSweep(app.vetting, deps.timers, deps.log);
  // Test attempts past their deadline that nobody read since: expired, graded as far as answered.
  const attemptSweep = startAttemptSweep({ tests: app.tests, timers: deps.timers, log: deps.log });
  // Phone calls whose final callback never came: closed once past the longest a call can last.
  const telephonySweep = startTelephonySweep(app.telephony, deps.timers, deps.log);
  // The daily commission settlement (entries and tiers that locked); each run schedules the next.
  void app.followers.scheduleDaily().catch((err: unknown) => deps.log('commission: the daily settlement was not scheduled', describeError(err)));
  const stopRealtime = async () => {
    app.floor.stop();
    await app.floor.idle();
    await app.realtime.stop();
    await app.sockets.close();
  };
  const server = await app.realtime
    .start(database.listen)
    .then(
      () =>
        new Promise<ReturnType<typeof serve>>((resolve, reject) => {
          const s = serve({ fetch: app.http.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
          s.once('error', reject);
        }),
    )
    .catch(async (err) => {
      await stopRealtime();
      await ticker.stop();
      await app.jobs.stop();
      await detection.stop();
      await retention.stop();
      await reportTotals.stop();
      await vettingSweep.stop();
      await attemptSweep.stop();
      await telephonySweep.stop();
      await closeDatabase();
      throw err;
    });
  // The PeerJS signalling server: here and not in createApp, because `peer` starts timers nothing can stop (see startSignalling).
  const signalling = startSignalling(server as Server, {
    ports: app.live,
    log: deps.log,
    now: () => deps.clock().getTime(),
    timers: deps.timers,
    maxSocketsPerAddress: deps.limits.sockets.perAddress,
    // One live socket per peer on every instance; a place not seen for four checks belongs to an instance that died.
    places: new SignallingPlaces(deps, app.realtime.instanceId, 4 * SIGNALLING_CHECK_EVERY_MS),
    trustedProxyHops: deps.trustedProxyHops ?? 0,
  });
  app.engagements.onEnded((engagementId) => signalling.closeEngagement(engagementId));
  // Revoked here or on another instance (the hub's notices): the associate's signalling sockets close too.
  app.realtime.onTokensRevoked((hashes) => signalling.closeSignIns(hashes));
  server.on(
    'upgrade',
    routeUpgrades({
      [REALTIME_PATH]: (req, socket, head) => app.sockets.upgrade(req, socket, head),
      [SIGNALLING_SOCKET_PATH]: (req, socket, head) => signalling.upgrade(req, socket, head),
    }),
  );
  const { port } = server.address() as AddressInfo;
  ownUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: ownUrl,
    app,
    database,
    signalling,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        // WebSockets are not HTTP connections closeAllConnections knows of, and the server waits
        // for them: the hub closes them (1001, clients reconnect, to another instance if any).
        await stopRealtime();
        await signalling.stop();
        await closed;
        await ticker.stop();
        await app.jobs.stop();
        app.offers.stop();
        await app.offers.idle();
        await detection.stop();
        await retention.stop();
        await reportTotals.stop();
        await vettingSweep.stop();
        await attemptSweep.stop();
        await telephonySweep.stop();
        // Lookups still being cached write to the database: let them end first.
        await app.customers.idle();
        await closeDatabase();
      })()),
  };
}
