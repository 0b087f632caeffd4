import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Health } from '../../shared/api';
import { REALTIME_VERSION } from '../../shared/realtime';
import type { AppDeps } from './deps';
import { authMiddlewares, type ConsoleCredentials } from './http/auth';
import { errorHandler, loggablePath } from './http/errors';
import { limiterFor } from './http/limiter';
import { unmatchedRoute } from './http/methods';
import { requestBudgets } from './http/rate-limit';
import { dryRunRoutes, matchingRulesRoutes, rankingRoutes } from './modules/matching/routes';
import { MatchingService } from './modules/matching/service';
import { openApiRoutes } from './modules/openapi/routes';
import { opportunityAskRoutes, opportunityRoutes, opportunityRulesRoutes } from './modules/opportunities/routes';
import { CUSTOMER_DEADLINE_MS, OpportunitiesService } from './modules/opportunities/service';
import { FloorService } from './modules/floor/service';
import { floorRoutes } from './modules/floor/routes';
import { realtimeRoutes } from './modules/realtime/routes';
import { Realtime } from './modules/realtime/service';
import { RealtimeSockets } from './modules/realtime/socket';
import { eventRoutes, sessionRoutes, shopperRoutes } from './modules/sessions/routes';
import { SessionsService } from './modules/sessions/service';
import { signallingRoutes } from './modules/signalling/routes';
import { enterpriseSiteRoutes, identitySecretRoutes } from './modules/identity/routes';
import { IdentityService } from './modules/identity/service';
import { apiKeyRoutes, enterpriseSiteEditRoutes, sitesRoutes } from './modules/tenancy/routes';
import { auditMiddleware, auditRoutes, marketplaceAuditRoutes } from './modules/audit/routes';
import { AuditService } from './modules/audit/service';
import { marketplaceRoutes } from './modules/marketplace/routes';
import { MarketplaceService } from './modules/marketplace/service';
import { applicationRoutes, vettingQueueRoutes } from './modules/registration/routes';
import { RegistrationService } from './modules/registration/service';
import { TenancyService } from './modules/tenancy/service';
import { associatePages, consolePages } from './modules/associates/pages';
import { consoleAppRoutes, joinAppRoutes } from './modules/console-app/routes';
import { consoleRoutes, enterpriseSupportRoutes, enterpriseUserRoutes, marketplaceConsoleRoutes } from './modules/console/routes';
import { ConsoleService } from './modules/console/service';
import { associateRoutes, independentRoutes } from './modules/associates/routes';
import { IndependentsDirectory } from './modules/associates/directory';
import { ScheduleExceptionsService } from './modules/associates/exceptions';
import { customerRoutes, customerSourceRoutes } from './modules/customers/routes';
import { CustomersService } from './modules/customers/service';
import { isWithinSchedule } from './modules/associates/schedule.core';
import { AssociatesService } from './modules/associates/service';
import { LiveService } from './modules/engagements/live';
import { EngagementHistory } from './modules/engagements/history';
import { engagementRoutes, engagementTimelineRoutes, enterpriseEngagementRoutes, liveSettingsRoutes } from './modules/engagements/routes';
import { EngagementsService } from './modules/engagements/service';
import type { OfferPorts } from './modules/offers/ports';
import { MessagesService } from './modules/offers/messages';
import { messageRoutes, offerRoutes, opportunityMessageRoutes } from './modules/offers/routes';
import { OffersService } from './modules/offers/service';
import { commissionRoutes, myCommissionRoutes } from './modules/commission/routes';
import { ordersCreditSource } from './modules/commission/credit-source';
import { CommissionService } from './modules/commission/service';
import { type CreditFollowers, followCredits } from './modules/orders/follow';
import { ExportsService } from './modules/reports/exports';
import { exportRoutes, myResultsRoutes, reportRoutes } from './modules/reports/routes';
import { ReportsService } from './modules/reports/service';
import { ProductInfo } from './modules/catalog/product-info';
import { catalogRoutes, salesInfoRoutes } from './modules/catalog/routes';
import { SalesService } from './modules/catalog/sales';
import { CatalogService } from './modules/catalog/service';
import { JobsService } from './modules/jobs/service';
import { MaterialsService } from './modules/practices/materials';
import { engagementPracticeRoutes, materialRoutes, practicesEvaluationRoutes } from './modules/practices/routes';
import { PracticesService } from './modules/practices/service';
import { attributionSettingsRoutes, engagementOutcomeRoutes, orderRoutes, orderSourceRoutes, orderWebhookRoutes } from './modules/orders/routes';
import { OrdersService } from './modules/orders/service';
import { checkrWebhookRoutes, vettingOperatorRoutes } from './modules/vetting/routes';
import { VettingService } from './modules/vetting/service';
import { DialInService } from './modules/telephony/dial-in';
import { dialInRoutes, dialInWebhookRoutes, engagementCallRoutes, telephonySettingsRoutes, twilioWebhookRoutes } from './modules/telephony/routes';
import { TelephonyService } from './modules/telephony/service';
import { TextService } from './modules/telephony/texts';
import { enterpriseBankRoutes, marketplaceBankRoutes, myTestRoutes } from './modules/accreditation-tests/routes';
import { AccreditationTestsService } from './modules/accreditation-tests/service';

export interface App {
  http: Hono;
  tenancy: TenancyService;
  sessions: SessionsService;
  /** Publishes to connected shoppers and associates, on every instance. */
  realtime: Realtime;
  /** The WebSocket endpoint the server hands `/api/v1/realtime` upgrades to. */
  sockets: RealtimeSockets;
  /** Opportunity rules and detection; `onOpened` tells the offers module. */
  opportunities: OpportunitiesService;
  /** Matching rule sets, rankings and outcomes; `rankFor` ranks an opportunity. */
  matching: MatchingService;
  /** Offers, claims and the offer ticker's `tick`. */
  offers: OffersService;
  /** Engagements and the shopper's answer. */
  engagements: EngagementsService;
  /** The live part of accepted engagements: peer credentials and their check, transcripts, channels, settings. */
  live: LiveService;
  /** Associates' accounts, settings, presence and connections. */
  associates: AssociatesService;
  /** Customer profiles (pushed, looked up, enriched); `profileFor` answers within a deadline. */
  customers: CustomersService;
  /** Sites' identity secrets and the check of a page's identity token. */
  identity: IdentityService;
  /** Commission plans, the ledger and statements; `settle` after an order changes, `settleDue` daily. */
  commission: CommissionService;
  /** Enterprises' catalogues and the resolution of detected products. */
  catalog: CatalogService;
  /** The associate's sales information for an engagement. */
  sales: SalesService;
  /** External product information behind its cache and deadline; `idle` waits for its calls. */
  productInfo: ProductInfo;
  /** Durable scheduled work in the database; `start` polls for due jobs (server.ts starts it). */
  jobs: JobsService;
  /** The enterprise's materials library. */
  materials: MaterialsService;
  /** Rankings of materials per situation, the usage log, outcomes (`outcomeOf`, for the orders module) and the offline evaluation. */
  practices: PracticesService;
  /** Orders and refunds attributed to engagements; `onCredited` tells who follows the credits (commission, practices). */
  orders: OrdersService;
  /** What follows a credit change (practices' outcomes, commission settlement), as jobs; `scheduleDaily` at start. */
  followers: CreditFollowers;
  /** Reports of an enterprise or of one associate. */
  reports: ReportsService;
  /** Enterprises' scheduled report exports and the job that runs them. */
  exports: ExportsService;
  /** The floorwalker's live overview and the `live` hints to the enterprise's consoles. */
  floor: FloorService;
  /** The audit log: its middleware records every change a key, a console user or an operator made. */
  audit: AuditService;
  /** The operator's view of the marketplace: enterprises with their figures, independent associates. */
  marketplace: MarketplaceService;
  /** Console accounts: users, sessions (the middlewares' ConsoleCredentials), memberships, the second factor, support accesses. */
  console: ConsoleService;
  /** Applications to the marketplace: registration, the rules, the operator's decisions; vetting tells it of the check (`checkChanged`). */
  registration: RegistrationService;
  /**
   * Applicants' background and credit checks with the provider (Checkr), the operator's adverse
   * action and Checkr's webhooks; `sweepDue` and `startWaiting` periodically.
   */
  vetting: VettingService;
  /** Enterprises' Twilio accounts, click-to-call bridges and Twilio's webhooks about them; `sweepStale` periodically. */
  telephony: TelephonyService;
  texts: TextService;
  /** Accreditation tests: question banks (the operator's and enterprises'), attempts, grading; `expireOverdue` closes attempts past their deadline. */
  tests: AccreditationTestsService;
}

/** The whole HTTP API over the given dependencies; no I/O happens until a request. */
export function createApp(deps: AppDeps): App {
  // One limiter for every budget of the app: shared by the instances on Postgres, in memory on PGlite.
  const limiter = limiterFor(deps);
  const tenancy = new TenancyService(deps);
  const identity = new IdentityService(deps);
  const sessions = new SessionsService(deps, tenancy.directory, identity);
  const associates = new AssociatesService(deps);
  // Schedule exceptions: a change may put an associate inside their hours now, like a wider schedule.
  const scheduleExceptions = new ScheduleExceptionsService(deps, (associateId) => void associates.scheduleChanged(associateId));
  const independents = new IndependentsDirectory(deps);
  const realtime = new Realtime(deps, associates);
  // Console accounts; their sessions are one object for the HTTP routes and the realtime sockets (tests may stand in for them).
  const accounts = new ConsoleService(deps);
  const consoles: ConsoleCredentials = deps.consoles ?? accounts;
  // The floorwalker's overview; what changes on the floor reaches the enterprise's consoles as `live` hints.
  const floor = new FloorService(deps, (enterpriseId, changed) => realtime.publish({ enterpriseConsole: enterpriseId }, { v: REALTIME_VERSION, type: 'live', enterpriseId, changed }));
  const customers = new CustomersService(deps);
  const opportunities = new OpportunitiesService(deps, customers, tenancy.directory);
  sessions.onIngested((sessionIds) => opportunities.afterIngest(sessionIds));
  const matching = new MatchingService(deps, { withinSchedule: isWithinSchedule, customers, opportunities });
  const offerPorts: OfferPorts = {
    rank: async (opportunity, options) => {
      const ranked = await matching.rankFor(opportunity, options);
      return { policy: ranked.ruleSet.offer, candidates: ranked.ranking, rankingId: ranked.rankingId };
    },
    // What offers and engagements tell the parties also tells the floor.
    realtime: floor.watching(realtime),
    associates,
    customer: (enterpriseId, externalId) => customers.profileFor(enterpriseId, externalId, { deadlineMs: CUSTOMER_DEADLINE_MS }),
  };
  const engagements = new EngagementsService(deps, offerPorts);
  const live = new LiveService(deps);
  // A chat, call or co-browse opening or closing changes what the floor shows of the engagement.
  live.onChannelChanged((enterpriseId) => floor.enterpriseChanged(enterpriseId, 'engagements'));
  const engagementHistory = new EngagementHistory(deps);
  const catalog = new CatalogService(deps);
  const productInfo = new ProductInfo(deps, deps.productInfo ?? null);
  const sales = new SalesService(deps, { catalog, productInfo, customer: offerPorts.customer });
  const offers = new OffersService(deps, offerPorts, engagements);
  const orders = new OrdersService(deps);
  const commission: CommissionService = new CommissionService(
    deps,
    ordersCreditSource(
      orders,
      (enterpriseId, ids) => commission.employmentOf(enterpriseId, ids),
      async (enterpriseId, customerId) => (await customers.profileFor(enterpriseId, customerId, { deadlineMs: CUSTOMER_DEADLINE_MS }))?.tier ?? null,
    ),
  );
  sessions.onOrderConfirmed((report) => orders.confirmationReported(report));
  opportunities.onOpened(offers.opened);
  opportunities.onOpened((opened) => floor.enterpriseChanged(opened.enterpriseId, 'opportunities'));
  sessions.onIngested((sessionIds) => floor.sessionsIngested(sessionIds));
  const jobs = new JobsService(deps);
  const materials = new MaterialsService(deps);
  const practices = new PracticesService(deps, materials, jobs, {
    publish: (associateId, engagementId) => realtime.publish({ associateId }, { v: REALTIME_VERSION, type: 'practices', engagementId }),
    tierOf: async (enterpriseId, externalId) => (await customers.profileFor(enterpriseId, externalId, { deadlineMs: 200, cachedOnly: true }))?.tier ?? null,
    attributionWindowDays: async (enterpriseId) => (await orders.settingsOf(enterpriseId)).windowDays,
  });
  // Credits changed: the engagements' outcomes reach the practices, and commission is settled (durable jobs).
  const followers = followCredits({ jobs, orders, practices, commission, clock: deps.clock });
  orders.onCredited(followers.credited);
  const reports = new ReportsService(deps, orders);
  const reportExports = new ExportsService(deps, reports, jobs);
  // An engagement that ended counts as no sale once its attribution window passes without one.
  engagements.onEnded(practices.ended);
  realtime.onConnect((recipient) => offers.pendingFor(recipient));
  realtime.onDisconnect(offers.disconnected);
  // An associate connecting or gone (online, offline) changes the floor's presence figures.
  realtime.onConnect(async (recipient) => {
    if ('associateId' in recipient) floor.associateChanged(recipient.associateId, 'associates');
    return [];
  });
  realtime.onDisconnect((associateId) => floor.associateChanged(associateId, 'associates'));
  // A revoked token's sockets close here and, through the hub's notices, on every instance, whose token caches forget it.
  associates.onTokensRevoked((hashes) => void realtime.revokeTokens(hashes));
  realtime.onTokensRevoked((hashes) => associates.forgetTokens(hashes));
  // Someone became available or got room: waiting opportunities may use them at once.
  associates.onPresenceChange(offers.presenceChanged);
  associates.onPresenceChange((associateId) => floor.associateChanged(associateId, 'associates'));
  associates.onInvited((associateId, enterprise) => {
    void realtime.publish({ associateId }, { v: REALTIME_VERSION, type: 'admission', enterpriseId: enterprise.id, enterpriseName: enterprise.name });
  });
  const sockets = new RealtimeSockets(deps, realtime, {
    shopperForToken: (token) => sessions.shopperForToken(token),
    associateSession: (token) => associates.sessionFor(token),
    accept: (associateId, offerId) => offers.accept(associateId, offerId),
    decline: (associateId, offerId, goAway) => offers.decline(associateId, offerId, goAway),
    // Echoed to all the associate's sockets: the confirmation, and the other devices follow.
    setPresence: async (associateId, presence) => {
      await associates.setPresence(associateId, presence);
      await realtime.publish({ associateId }, { v: REALTIME_VERSION, type: 'presence', presence, reason: null });
    },
    consoles,
  });

  // Each credential's middleware, built once here and handed to the modules' routes.
  const auth = authMiddlewares({
    shopper: (token) => sessions.shopperForToken(token),
    associate: (token) => associates.associateForToken(token),
    enterprise: (key) => tenancy.enterpriseForKey(key),
    consoles,
  });
  const audit = new AuditService(deps, { userEmail: (userId) => accounts.emailOf(userId) });
  const marketplace = new MarketplaceService(deps, tenancy);
  // Registration asks vetting to start and read the check; vetting tells registration of the check's changes.
  const vetting = new VettingService(deps);
  const registration = new RegistrationService(deps, vetting);
  vetting.setCheckListener(registration);
  const tests = new AccreditationTestsService(deps);
  const telephony = new TelephonyService(deps, { realtime });
  // A call's change shows on the live floor (the engagement's phone channel).
  telephony.onCallChanged((enterpriseId) => floor.enterpriseChanged(enterpriseId, 'engagements'));
  // Each text sent, moved or replied is told to the engagement's associate.
  const texts = new TextService(deps, telephony, { publish: (associateId, engagementId, text) => realtime.publish({ associateId }, { v: REALTIME_VERSION, type: 'text', engagementId, text }) });
  const dialIn = new DialInService(deps, telephony, limiter);
  // An engagement that ended hangs up its calls and erases the numbers it was given.
  engagements.onEnded((engagementId) => telephony.engagementEnded(engagementId));

  // The extension calls from its own origin, with no host access to the backend: CORS (no cookies; Retry-After readable).
  const extensionCors = cors({ origin: (o) => (/^(chrome|moz)-extension:\/\//.test(o) ? o : null), exposeHeaders: ['Retry-After'] });
  const http = new Hono()
    // Only a request naming an origin (a browser's) needs CORS headers; adding them costs each request a second Response.
    .use('/api/*', (c, next) => (c.req.header('origin') ? extensionCors(c, next) : next()))
    .use(async (c, next) => {
      await next();
      // Refusals are worth seeing in the log: a misbehaving client shows up here.
      if (c.res.status >= 400) deps.log('request refused', { method: c.req.method, path: loggablePath(c.req.path), status: c.res.status });
    })
    .use('/api/*', requestBudgets(limiter, deps.limits, deps.trustedProxyHops ?? 0))
    // Every change a key, a console user or an operator made, once its answer is decided (best effort).
    .use('/api/v1/*', auditMiddleware(audit, deps.log))
    .get('/health', (c) => c.json({ status: 'ok', version: deps.version, database: deps.dbKind } satisfies Health))
    .route('/associates', associatePages())
    .route('/console', consolePages())
    .route('/console', consoleAppRoutes(deps.consoleDist))
    .route('/join', joinAppRoutes(deps.consoleDist))
    .route('/api/v1/console', consoleRoutes(deps, limiter, accounts, auth))
    .route('/api/v1/enterprise/users', enterpriseUserRoutes(accounts, auth))
    .route('/api/v1/enterprise/support-access', enterpriseSupportRoutes(accounts, auth))
    .route('/api/v1/marketplace', marketplaceConsoleRoutes(accounts, auth))
    .route('/api/v1/sites', sitesRoutes(deps, tenancy, { dwellMarksOf: (enterpriseId) => opportunities.dwellMarksOf(enterpriseId) }))
    .route('/api/v1/sites', identitySecretRoutes(identity, auth))
    .route('/api/v1/enterprise/sites', enterpriseSiteRoutes(identity, auth))
    .route('/api/v1/enterprise/sites', enterpriseSiteEditRoutes(tenancy, auth))
    .route('/api/v1/audit', auditRoutes(audit, auth))
    .route('/api/v1/marketplace', marketplaceRoutes(marketplace, tenancy, commission, auth))
    .route('/api/v1/marketplace', marketplaceAuditRoutes(audit, auth))
    .route('/api/v1/marketplace', vettingQueueRoutes(registration, auth))
    .route('/api/v1/applications', applicationRoutes(deps, limiter, registration, auth))
    .route('/api/v1/marketplace/question-banks', marketplaceBankRoutes(tests, auth))
    .route('/api/v1/question-banks', enterpriseBankRoutes(tests, auth))
    .route('/api/v1/api-keys', apiKeyRoutes(tenancy, auth))
    .route('/api/v1/shoppers', shopperRoutes(deps, limiter, sessions))
    .route('/api/v1/events', eventRoutes(deps, limiter, sessions, auth))
    .route('/api/v1/sessions', sessionRoutes(sessions, auth))
    .route('/api/v1/associates', associateRoutes(deps, limiter, associates, auth, scheduleExceptions))
    .route('/api/v1/independents', independentRoutes(independents, auth))
    .route('/api/v1/associates', myCommissionRoutes(commission, auth))
    .route('/api/v1/associates', myResultsRoutes(reports, associates, auth))
    .route('/api/v1/associates', myTestRoutes(tests, auth))
    .route('/api/v1/reports', exportRoutes(reportExports, auth))
    .route('/api/v1/reports', reportRoutes(reports, auth))
    .route('/api/v1/commission', commissionRoutes(commission, auth))
    .route('/api/v1/customers', customerRoutes(customers, auth))
    .route('/api/v1/customer-source', customerSourceRoutes(customers, auth))
    .route('/api/v1/realtime', realtimeRoutes())
    .route('/api/v1/peer', signallingRoutes())
    .route('/api/v1/openapi.json', openApiRoutes(deps.version))
    .route('/api/v1/rules/opportunity', opportunityRulesRoutes(opportunities, auth))
    .route('/api/v1/rules/matching', matchingRulesRoutes(matching, auth))
    .route('/api/v1/opportunities', opportunityRoutes(opportunities, auth))
    .route('/api/v1/opportunities', rankingRoutes(matching, auth))
    .route('/api/v1/matching', dryRunRoutes(matching, auth))
    .route('/api/v1/offers', offerRoutes(offers, auth))
    .route('/api/v1/opportunities', opportunityMessageRoutes(offers, auth))
    .route('/api/v1/opportunities', opportunityAskRoutes(opportunities, auth))
    .route('/api/v1/messages', messageRoutes(new MessagesService(deps), auth))
    .route('/api/v1/engagements', engagementRoutes(engagements, offers, live, auth))
    .route('/api/v1/engagements', engagementTimelineRoutes(engagementHistory, auth))
    .route('/api/v1/enterprise/engagements', enterpriseEngagementRoutes(engagementHistory, auth))
    .route('/api/v1/engagements', salesInfoRoutes(sales, auth))
    .route('/api/v1/catalog', catalogRoutes(catalog, auth))
    .route('/api/v1/live', liveSettingsRoutes(live, auth))
    .route('/api/v1/live', floorRoutes(floor, auth))
    .route('/api/v1/materials', materialRoutes(materials, practices, auth))
    .route('/api/v1/engagements', engagementPracticeRoutes(practices, auth))
    .route('/api/v1/practices', practicesEvaluationRoutes(practices, auth))
    .route('/api/v1/engagements', engagementOutcomeRoutes(orders, auth))
    .route('/api/v1/orders', orderRoutes(orders, auth))
    .route('/api/v1/attribution-settings', attributionSettingsRoutes(orders, auth))
    .route('/api/v1/order-sources', orderSourceRoutes(orders, auth))
    .route('/api/v1/webhooks', orderWebhookRoutes(orders))
    .route('/api/v1/webhooks', checkrWebhookRoutes(vetting))
    .route('/api/v1/webhooks/twilio', dialInWebhookRoutes(dialIn))
    .route('/api/v1/webhooks/twilio', twilioWebhookRoutes(telephony, texts))
    .route('/api/v1/telephony', telephonySettingsRoutes(telephony, auth))
    .route('/api/v1/engagements', engagementCallRoutes(telephony, texts, auth))
    .route('/api/v1/engagements', dialInRoutes(dialIn, auth))
    .route('/api/v1/marketplace', vettingOperatorRoutes(vetting, auth));
  http.notFound(unmatchedRoute(http));
  http.onError(errorHandler(deps.log));
  return { http, tenancy, sessions, realtime, sockets, opportunities, matching, offers, engagements, live, associates, customers, identity, commission, catalog, sales, productInfo, jobs, materials, practices, orders, followers, reports, exports: reportExports, floor, audit, marketplace, console: accounts, registration, vetting, tests, telephony, texts };
}
