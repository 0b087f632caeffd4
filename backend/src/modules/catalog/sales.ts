import { and, desc, eq, inArray } from 'drizzle-orm';
import type { CatalogProduct } from '../../../../shared/catalog';
import type { CustomerProfile } from '../../../../shared/customers';
import type { SalesInfo } from '../../../../shared/sales';
import type { CustomerFacts } from '../../db/schema/customers';
import { engagements, events } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { NotFound } from '../../errors';
import type { ProductInfo } from './product-info';
import { inStock, productFacts, productInView, RELATED_SHOWN, type SessionEventRow, TRAIL_STEPS, trailOf } from './sales.core';
import type { CatalogService } from './service';

/** How long the sales information waits for the external product information before answering without it. */
export const PRODUCT_INFO_DEADLINE_MS = 800;
/** Product views of the session read for the product in view and its prices. */
const PRODUCT_VIEWS_READ = 200;
/** Events that make a step of the trail. */
const TRAIL_TYPES = ['page_view', 'product_view', 'search', 'cart_add', 'cart_view', 'order_confirmation'];

export interface SalesPorts {
  catalog: CatalogService;
  /** The verified customer's profile within the offers' deadline (CustomersService.profileFor); null when none or too slow. */
  customer: (enterpriseId: string, externalId: string) => Promise<CustomerFacts | null>;
  productInfo: ProductInfo;
}

/**
 * What the associate of an engagement sees to sell with: the product in view resolved to the
 * catalogue with its price, stock and the prices seen this session; its alternatives and
 * accessories in stock; the verified customer's profile; the trail; external information.
 */
export class SalesService {
  constructor(
    private readonly deps: AppDeps,
    private readonly ports: SalesPorts,
  ) {}

  /** The engagement's sales information, for its associate only (NotFound for anyone else). */
  async salesInfo(associateId: string, engagementId: string): Promise<SalesInfo> {
    const [engagement] = await this.deps.db
      .select({ enterpriseId: engagements.enterpriseId, sessionId: engagements.sessionId, customerExternalId: engagements.customerExternalId })
      .from(engagements)
      .where(and(eq(engagements.id, engagementId), eq(engagements.associateId, associateId)));
    if (!engagement) throw new NotFound('The engagement');
    const { enterpriseId, sessionId } = engagement;
    const now = this.deps.clock();
    const [views, trail, customer] = await Promise.all([
      this.sessionEvents(sessionId, ['product_view'], PRODUCT_VIEWS_READ),
      this.sessionEvents(sessionId, TRAIL_TYPES, TRAIL_STEPS * 2),
      engagement.customerExternalId ? this.ports.customer(enterpriseId, engagement.customerExternalId) : null,
    ]);
    const inView = productInView(views);
    const resolved = inView ? await this.ports.catalog.resolveProduct(enterpriseId, inView.product) : null;
    const product = resolved?.product ?? null;
    const [external, alternatives, accessories] = await Promise.all([
      product ? this.ports.productInfo.infoFor(product, PRODUCT_INFO_DEADLINE_MS) : null,
      this.related(enterpriseId, product?.related.alternatives),
      this.related(enterpriseId, product?.related.accessories),
    ]);
    const at = now.getTime();
    return {
      engagementId,
      productInView: inView && {
        name: inView.product.name,
        url: inView.product.url,
        resolution: resolved!.resolution.how,
        product: product && productFacts(product, at),
        pricesSeen: inView.pricesSeen,
        external,
      },
      alternatives: alternatives.map((p) => productFacts(p, at)),
      accessories: accessories.map((p) => productFacts(p, at)),
      customer: customer && engagement.customerExternalId ? profileOf(engagement.customerExternalId, customer, now) : null,
      trail: trailOf([...trail].reverse()),
    };
  }

  /** Related products in stock, in the order the catalogue lists them. */
  private async related(enterpriseId: string, skus: readonly string[] | undefined): Promise<CatalogProduct[]> {
    if (!skus?.length) return [];
    return (await this.ports.catalog.bySkus(enterpriseId, skus)).filter(inStock).slice(0, RELATED_SHOWN);
  }

  /** The session's latest events of these types, newest first. */
  private async sessionEvents(sessionId: string, types: readonly string[], limit: number): Promise<SessionEventRow[]> {
    return this.deps.db
      .select({ type: events.type, at: events.at, url: events.url, data: events.data })
      .from(events)
      .where(and(eq(events.sessionId, sessionId), inArray(events.type, [...types])))
      .orderBy(desc(events.at), desc(events.seq))
      .limit(limit);
  }
}

/** The customer's facts as the profile the associate reads, as of now. */
function profileOf(externalId: string, f: CustomerFacts, now: Date): CustomerProfile {
  return {
    externalId,
    tier: f.tier,
    lifetimeValue: f.lifetimeValue !== null && f.currency !== null ? { value: f.lifetimeValue, currency: f.currency } : null,
    tags: f.tags,
    notes: f.notes,
    updatedAt: now.toISOString(),
  };
}
