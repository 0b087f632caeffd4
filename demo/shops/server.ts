import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SiteAdapter } from '../../shared/sites';
import { summitAdapter, voltaireAdapter } from './adapters';
import type { RequestHandler } from './http';
import { createLedgerHandler } from './ledger/app';
import { LEDGER_NAME } from './ledger/pages';
import { createShopHandler, type ShopIdentity } from './shop-app';
import { type Storefront, summit, voltaire } from './storefronts';
import { type DemoCatalog, demoProducts } from './demo-products';
import { type OrderWebhookTarget, shopifyOrderWebhook } from './order-webhook';
import type { OrderHooks } from './orders';

export { demoProducts };

/** The demo sites, each on its own port of localhost, as `npm start` and the e2e specs use them. */

export interface ShopInfo {
  name: string;
  enterpriseName: string;
  /** "http://localhost:41234" */
  origin: string;
  /** "localhost:41234": what a participating site registers as its domain. */
  host: string;
  /** The adapter to register with the site; null for the non-participating Ledger. */
  adapter: SiteAdapter | null;
  participating: boolean;
  /** Hands the shop its site's identity secret, to sign its signed-in customer's id with (shops with a customer account only). */
  useIdentitySecret?(secret: string): void;
  /** The shop's products, for the enterprise's catalogue (participating shops). */
  catalog?: DemoCatalog;
  /** Has the shop send each order placed to the backend, as Shopify sends `orders/create` (participating shops). */
  useOrderWebhook?(target: OrderWebhookTarget): void;
}

export interface DemoShops {
  voltaire: ShopInfo;
  summit: ShopInfo;
  ledger: ShopInfo;
  stop(): Promise<void>;
}

export interface StartShopsOptions {
  /** Interface to listen on; default 127.0.0.1. URLs always say "localhost". */
  host?: string;
  /** 0 or absent: a free port. */
  ports?: { voltaire?: number; summit?: number; ledger?: number };
  /** What each shop does with an order once placed, besides the order webhook `useOrderWebhook` sets up. */
  orderHooks?: { voltaire?: OrderHooks; summit?: OrderHooks };
}

interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens and tracks sockets, so stop() ends kept-alive browser connections at once
 * instead of waiting for them to time out.
 */
function listen(handler: RequestHandler, host: string, port: number): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => void handler(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

/** Starts a site whose pages need their own origin, which is known only once the port is. */
async function startSite(
  makeHandler: (origin: () => string) => RequestHandler,
  host: string,
  port: number,
): Promise<{ listening: Listening; origin: string; host: string }> {
  let origin = '';
  const listening = await listen(makeHandler(() => origin), host, port);
  origin = `http://localhost:${listening.port}`;
  return { listening, origin, host: `localhost:${listening.port}` };
}

function shopInfo(shop: Storefront, site: { origin: string; host: string }, adapter: SiteAdapter, hooks: OrderHooks, catalog: DemoCatalog): ShopInfo {
  return {
    name: shop.name,
    enterpriseName: shop.enterpriseName,
    origin: site.origin,
    host: site.host,
    adapter,
    participating: true,
    catalog,
    useOrderWebhook: (target) => {
      const webhook = shopifyOrderWebhook(target);
      const own = hooks.placed;
      hooks.placed = async (order) => {
        await own?.(order);
        await webhook(order);
      };
    },
  };
}

/** The hooks a shop's order book calls: the caller's, and later the webhook (one object, so setting it later reaches the shop). */
function hooksOf(given: OrderHooks | undefined): OrderHooks {
  return { ...(given?.placed ? { placed: given.placed } : {}) };
}

export async function startShops(opts: StartShopsOptions = {}): Promise<DemoShops> {
  const host = opts.host ?? '127.0.0.1';
  const started: Listening[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.close()));
  };
  try {
    const voltaireIdentity: ShopIdentity = { secret: null };
    const hooks = { voltaire: hooksOf(opts.orderHooks?.voltaire), summit: hooksOf(opts.orderHooks?.summit) };
    const v = await startSite((origin) => createShopHandler(voltaire, origin, voltaireIdentity, hooks.voltaire), host, opts.ports?.voltaire ?? 0);
    started.push(v.listening);
    const s = await startSite((origin) => createShopHandler(summit, origin, undefined, hooks.summit), host, opts.ports?.summit ?? 0);
    started.push(s.listening);
    const l = await startSite(createLedgerHandler, host, opts.ports?.ledger ?? 0);
    started.push(l.listening);
    return {
      voltaire: { ...shopInfo(voltaire, v, voltaireAdapter, hooks.voltaire, demoProducts.voltaire), useIdentitySecret: (secret) => void (voltaireIdentity.secret = secret) },
      summit: shopInfo(summit, s, summitAdapter, hooks.summit, demoProducts.summit),
      ledger: { name: LEDGER_NAME, enterpriseName: 'Ledger Media Group', origin: l.origin, host: l.host, adapter: null, participating: false },
      stop: stopAll,
    };
  } catch (err) {
    // A taken port must not leave the other sites running.
    await stopAll();
    throw err;
  }
}
