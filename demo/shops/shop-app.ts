import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { CartStore, MAX_LINE_QUANTITY } from './cart';
import { findCategory, findProductBySku, findProductBySlug } from './catalog';
import {
  decodeSegment,
  guarded,
  HttpError,
  methodNotAllowed,
  readCookies,
  readForm,
  redirectSeeOther,
  type RequestHandler,
  requestUrl,
  sendHtml,
  sendSvg,
  sessionCookie,
} from './http';
import type { PageContext } from './render/layout';
import { placeholderSvg } from './render/placeholder';
import {
  cartPage,
  categoryPage,
  checkoutPage,
  errorPage,
  homePage,
  listingFragment,
  listingPage,
  productPage,
  searchPage,
  thanksPage,
} from './render/shop-pages';
import type { Storefront } from './storefronts';
import { OrderBook, type OrderHooks } from './orders';

/** The HTTP side of one demo shop: routing, the cookie cart, and form handling. */

const AddToCartForm = z.object({
  sku: z.string().trim().min(1).max(64),
  quantity: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/)
    .default('1')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_LINE_QUANTITY)),
});

const RemoveFromCartForm = z.object({ sku: z.string().trim().min(1).max(64) });

/** The checkout's contact fields; the payment fields are read and dropped (the demo takes no payment). */
const CheckoutForm = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().max(254).regex(/^[^\s@]+@[^\s@]+$/),
  /** The Floorwalker engagement, when the page knew one (see ShopOrder.engagement_id). */
  engagement_id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined),
});
/** The cookie a page that knows the shopper's engagement may set for the checkout (see ShopOrder.engagement_id). */
const ENGAGEMENT_COOKIE = 'fw_engagement';

function parseForm<T>(schema: z.ZodType<T>, form: URLSearchParams): T {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new HttpError(400, 'The form is incomplete or malformed.');
  return parsed.data;
}

/** "/p/sony-wh-1000xm5" → "sony-wh-1000xm5" when the path is under `prefix` and one segment deep. */
function slugAfter(prefix: string, path: string): string | null {
  if (!path.startsWith(prefix)) return null;
  const segment = decodeSegment(path.slice(prefix.length));
  return segment !== null && /^[a-z0-9-]{1,100}$/.test(segment) ? segment : null;
}

/** The path of the page a form was posted from, when it is this shop's: where to go back to. */
function sameSiteBack(req: IncomingMessage): string | null {
  try {
    const referer = new URL(req.headers.referer ?? '');
    return referer.host === req.headers.host ? referer.pathname + referer.search : null;
  } catch {
    return null;
  }
}

/** How long the demo shop's identity tokens are valid: a page is re-rendered, and signed again, well within it. */
const IDENTITY_TOKEN_SECONDS = 60 * 60;

/**
 * The site's identity secret, once the enterprise has made one (demo/seed.ts hands it over):
 * the shop signs its signed-in customer's id with it, as a real shop does server-side.
 */
export interface ShopIdentity {
  secret: string | null;
}

/** A JWT for the customer: HS256 with the secret's text as the key, `sub` = the shop's id for them, an hour long. */
export async function signCustomer(secret: string, customerId: string, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(customerId).setIssuedAt(iat).setExpirationTime(iat + IDENTITY_TOKEN_SECONDS).sign(new TextEncoder().encode(secret));
}

export function createShopHandler(shop: Storefront, origin: () => string, identity: ShopIdentity = { secret: null }, orderHooks: OrderHooks = {}): RequestHandler {
  const carts = new CartStore(shop.catalog);
  // Orders are kept in memory, numbers must not repeat after a restart (the backend ties a confirmation page to its order by its number): they start from the clock.
  const orders = new OrderBook(shop.orderPrefix, shop.currency, orderHooks, firstOrderNumber(Date.now()));
  const { routes } = shop;

  const cartIdOf = (req: IncomingMessage) => readCookies(req).get(shop.cartCookie);
  const memberOf = (req: IncomingMessage) => (shop.member && readCookies(req).get(shop.member.cookie) === shop.member.id ? shop.member : null);
  const frameOf = (req: IncomingMessage): PageContext => ({ shop, origin: origin(), cartCount: carts.view(cartIdOf(req)).count, member: memberOf(req) });
  /** The page's frame with the signed-in customer's token, signed for this page. */
  const contextOf = async (req: IncomingMessage): Promise<PageContext> => {
    const ctx = frameOf(req);
    const token = ctx.member && identity.secret ? await signCustomer(identity.secret, ctx.member.id) : null;
    return { ...ctx, member: ctx.member && { ...ctx.member, token } };
  };
  const notFound = () => new HttpError(404, 'Not found');

  async function get(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const ctx = await contextOf(req);
    if (path === '/') return sendHtml(res, 200, homePage(ctx));
    if (path === routes.search) return sendHtml(res, 200, searchPage(ctx, url.searchParams.get(routes.searchParam) ?? ''));
    if (path === routes.cart) return sendHtml(res, 200, cartPage(ctx, carts.view(cartIdOf(req))));
    if (path === routes.checkout) return sendHtml(res, 200, checkoutPage(ctx, carts.view(cartIdOf(req))));
    if (path === routes.cartAdd || path === routes.cartRemove) throw methodNotAllowed('POST');

    // The order's random id in the address is what lets the shopper who placed it see it again (a reload).
    const orderId = slugAfter(routes.confirmation, path);
    if (orderId) {
      const order = orders.find(orderId);
      if (!order) throw notFound();
      return sendHtml(res, 200, thanksPage(ctx, order));
    }

    const imageSlug = /^\/img\/([a-z0-9-]{1,100})\.svg$/.exec(path)?.[1];
    if (imageSlug) {
      const product = findProductBySlug(shop.catalog, imageSlug);
      if (!product) throw notFound();
      return sendSvg(res, placeholderSvg(product.slug, product.brand, product.name));
    }

    const productSlug = slugAfter(routes.product, path);
    if (productSlug) {
      const product = findProductBySlug(shop.catalog, productSlug);
      if (!product) throw notFound();
      return sendHtml(res, 200, productPage(ctx, product));
    }

    const categorySlug = slugAfter(routes.category, path);
    if (categorySlug) {
      const category = findCategory(shop.catalog, categorySlug);
      if (!category) throw notFound();
      const listing = listingPage(ctx, category, Number(url.searchParams.get('page') ?? 1));
      // The pager script asks for just the grid; shops that do not page always get the full page.
      if (shop.listingPageSize !== null && url.searchParams.get('fragment') === '1') {
        return sendHtml(res, 200, listingFragment(ctx, listing));
      }
      return sendHtml(res, 200, categoryPage(ctx, listing));
    }
    throw notFound();
  }

  async function post(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === routes.cartAdd) {
      const { sku, quantity } = parseForm(AddToCartForm, await readForm(req));
      const product = findProductBySku(shop.catalog, sku);
      if (!product) throw new HttpError(400, `There is no product with the SKU “${sku}”.`);
      if (!product.inStock) throw new HttpError(409, `${product.name} is out of stock.`);
      const previous = cartIdOf(req);
      const cartId = carts.add(previous, sku, quantity);
      const headers: Record<string, string> = cartId === previous ? {} : { 'set-cookie': sessionCookie(shop.cartCookie, cartId) };
      return redirectSeeOther(res, routes.cart, headers);
    }
    if (path === routes.cartRemove) {
      const { sku } = parseForm(RemoveFromCartForm, await readForm(req));
      carts.remove(cartIdOf(req), sku);
      return redirectSeeOther(res, routes.cart);
    }
    if (path === routes.checkout) {
      // The form's payment fields (card number included) are read and dropped: the demo takes no payment.
      const form = parseForm(CheckoutForm, await readForm(req));
      const cartId = cartIdOf(req);
      const cart = carts.view(cartId);
      if (cart.lines.length === 0) return redirectSeeOther(res, routes.cart);
      const cookieEngagement = readCookies(req).get(ENGAGEMENT_COOKIE);
      const engagementId = form.engagement_id ?? (cookieEngagement && /^[A-Za-z0-9_-]{1,64}$/.test(cookieEngagement) ? cookieEngagement : null);
      const order = await orders.place(cart, { customerId: memberOf(req)?.id ?? null, engagementId });
      carts.clear(cartId);
      return redirectSeeOther(res, routes.confirmation + order.id);
    }
    if (shop.member && (path === '/account/sign-in' || path === '/account/sign-out')) {
      // The demo's one customer account: signing in is a cookie with the shop's id for them.
      await readForm(req).catch(() => undefined);
      const cookie = path === '/account/sign-in' ? sessionCookie(shop.member.cookie, shop.member.id) : `${shop.member.cookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
      return redirectSeeOther(res, sameSiteBack(req) ?? '/', { 'set-cookie': cookie });
    }
    if (path === routes.cart || path === '/' || path === routes.search) throw methodNotAllowed('GET');
    throw notFound();
  }

  return guarded(
    async (req, res) => {
      const url = requestUrl(req);
      if (req.method === 'GET' || req.method === 'HEAD') return get(req, res, url);
      if (req.method === 'POST') return post(req, res, url);
      throw methodNotAllowed('GET, HEAD, POST');
    },
    // An error page names the customer without proof: the session keeps what earlier pages proved.
    (req, status, message) => errorPage(frameOf(req), status, message),
  );
}

/** A shop's first order number at a start: one million and the seconds since 2026, so a restart does not repeat the numbers of before (unless it placed more orders than seconds passed). */
export function firstOrderNumber(nowMs: number): number {
  return 1_000_000 + Math.max(0, Math.floor((nowMs - Date.UTC(2026, 0, 1)) / 1000));
}
