import { z } from 'zod';
import { CatalogAvailability } from './catalog';
import { CustomerProfile } from './customers';
import { Currency, Decimal } from './page';
import { text } from './text';

/*
 * What the associate sees to sell with during an engagement (the console and the side panel):
 * the product in view with the catalogue's facts, what goes with it, the customer, the trail, and
 * the materials and techniques ranked for the situation. Amounts the associate reads are Decimal
 * strings with their currency, as the shop shows them; the catalogue keeps minor units.
 */

/** A catalogue product as the associate reads it. */
export const ProductFacts = z.object({
  sku: z.string(),
  name: z.string(),
  brand: z.string().nullable(),
  category: z.array(z.string()),
  /** What the shopper pays now (the sale price during a sale). */
  price: Decimal,
  /** The list price when on sale, else null. */
  listPrice: Decimal.nullable(),
  currency: Currency,
  availability: CatalogAvailability,
  /** Units in stock when the catalogue says. */
  stock: z.number().int().nullable(),
  url: z.string().nullable(),
  imageUrl: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
});
export type ProductFacts = z.infer<typeof ProductFacts>;

/** How a product seen on a page was matched to the catalogue. */
export const ResolutionKind = z.enum(['url', 'sku', 'gtin', 'mpn', 'name', 'ambiguous', 'none']);
export type ResolutionKind = z.infer<typeof ResolutionKind>;

/** A price the shopper saw for the product in this session. */
export const PriceSeen = z.object({ price: Decimal, listPrice: Decimal.nullable(), currency: Currency.nullable(), at: z.string() });
export type PriceSeen = z.infer<typeof PriceSeen>;

/** External product information (specifications, reviews) from a provider, when one is configured and answers in time. */
export const ExternalProductInfo = z.object({
  provider: z.string(),
  /** Average rating out of 5, and how many reviews it is from. */
  rating: z.number().min(0).max(5).nullable(),
  reviewCount: z.number().int().nonnegative().nullable(),
  specifications: z.array(z.object({ name: z.string(), value: z.string() })),
  /** The provider's page for the product. */
  url: z.string().nullable(),
});
export type ExternalProductInfo = z.infer<typeof ExternalProductInfo>;

/** One step of the shopper's trail in this session, oldest first. */
export const TrailStep = z.object({
  at: z.string(),
  kind: z.enum(['page', 'product', 'search', 'cart', 'order']),
  /** A page's title, a product's name, the search terms, the cart's summary. */
  label: z.string(),
  url: z.string().nullable(),
});
export type TrailStep = z.infer<typeof TrailStep>;

/** GET /api/v1/engagements/:id/sales-info: the associate's sales information for the engagement. */
export const SalesInfo = z.object({
  engagementId: z.string(),
  productInView: z
    .object({
      /** As detected on the page. */
      name: z.string(),
      url: z.string(),
      resolution: ResolutionKind,
      /** The catalogue's product, when resolved. */
      product: ProductFacts.nullable(),
      pricesSeen: z.array(PriceSeen),
      external: ExternalProductInfo.nullable(),
    })
    .nullable(),
  /** In stock only, best first. */
  alternatives: z.array(ProductFacts),
  accessories: z.array(ProductFacts),
  customer: CustomerProfile.nullable(),
  trail: z.array(TrailStep),
});
export type SalesInfo = z.infer<typeof SalesInfo>;

/** A product card the associate sends into the chat (a live message and a transcript entry). */
export const ProductCard = z.object({
  sku: text().max(200).nullable(),
  name: text().min(1).max(500),
  price: Decimal.nullable(),
  currency: Currency.nullable(),
  imageUrl: text().max(2048).nullable(),
  /** Opened in one click by the shopper, only when it is on one of the engagement's enterprise's sites. */
  url: text().max(2048),
});
export type ProductCard = z.infer<typeof ProductCard>;

/** A material the associate sends into the chat: its title and a link the shopper may open (signed, for this engagement). */
export const MaterialCard = z.object({
  materialId: text().max(100),
  title: text().min(1).max(300),
  kind: z.enum(['document', 'link']),
  url: text().max(4096),
});
export type MaterialCard = z.infer<typeof MaterialCard>;

/** The kinds of material in an enterprise's library. */
export const MaterialKind = z.enum(['document', 'technique', 'link']);
export type MaterialKind = z.infer<typeof MaterialKind>;

/** A material or technique ranked for the engagement's situation. */
export const RankedMaterial = z.object({
  id: z.string(),
  kind: MaterialKind,
  title: z.string(),
  version: z.number().int().positive(),
  /** A technique's script (Markdown, shown without HTML); null for documents and links. */
  markdown: z.string().nullable(),
  /** Where the associate opens a document or link (a document is served by the backend). */
  url: z.string().nullable(),
  contentType: z.string().nullable(),
  /** The logged probability that this item was placed first. */
  probability: z.number().min(0).max(1),
  /** Outcomes so far in this situation (after the fall-back to broader situations). */
  sales: z.number().int().nonnegative(),
  outcomes: z.number().int().nonnegative(),
});
export type RankedMaterial = z.infer<typeof RankedMaterial>;

/** GET /api/v1/engagements/:id/practices: what to use in this situation, ranked and logged. */
export const PracticesView = z.object({
  engagementId: z.string(),
  /** The logged ranking this view shows. */
  rankingId: z.string(),
  situation: z.object({ category: z.array(z.string()), rule: z.string().nullable(), channel: z.string(), tier: z.string().nullable() }),
  /** This engagement is in the holdout and sees the static ranking. */
  holdout: z.boolean(),
  materials: z.array(RankedMaterial),
  techniques: z.array(RankedMaterial),
  /** What the associates with the best outcomes in this situation used most. */
  usedByTopAssociates: z.array(z.object({ materialId: z.string(), title: z.string(), uses: z.number().int().nonnegative() })),
});
export type PracticesView = z.infer<typeof PracticesView>;

/** POST /api/v1/engagements/:id/usage: one use of a material or technique by the associate. */
export const MaterialUse = z
  .object({
    rankingId: z.string().max(100).optional(),
    materialId: z.string().max(100),
    action: z.enum(['opened', 'copied', 'sent', 'marked']),
  })
  .strict();
export type MaterialUse = z.infer<typeof MaterialUse>;
