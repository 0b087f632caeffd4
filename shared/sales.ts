import { z } from 'zod';
import { CatalogAvailability, CatalogUrl } from './catalog';
import { CustomerProfile } from './customers';
import { Currency, Decimal } from './page';
import { nonBlank, text } from './text';

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

// ---- the materials library (enterprise API key) --------------------------------------------

/** Where a material fits; an empty list fits anything. */
export const MaterialTags = z
  .object({
    /** Category path prefixes, broadest first (["TV"] fits ["TV", "OLED"]); compared whatever their case. */
    categories: z.array(z.array(nonBlank(200)).min(1).max(12)).max(50).default([]),
    /** Opportunity rule (condition) ids, or "asked" for a shopper who asked for help. */
    rules: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64')).max(50).default([]),
    /** Communication methods (as shared/live.ts's CommunicationMethod; live.ts imports this file). */
    channels: z.array(z.enum(['chat', 'voice', 'view', 'guide'])).max(4).default([]),
    /** Languages (BCP 47 primary subtags such as "en", "fr") of the shopper's locale. */
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'a two- or three-letter language code')).max(20).default([]),
  })
  .strict();
export type MaterialTags = z.infer<typeof MaterialTags>;

const Title = nonBlank(300);
/** A technique's script: Markdown, shown as text (never rendered as HTML). */
const Markdown = text().min(1).max(20_000);
/** A safe file name for Content-Disposition: no path, no quotes or control characters. */
const FileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,119}$/, 'letters, digits, space, ".", "_", "-", "(", ")"; at most 120');

/** POST /api/v1/materials: a technique with its Markdown, a link with its URL, or a document's metadata (its file follows with PUT …/file). */
export const CreateMaterial = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('technique'), title: Title, markdown: Markdown, tags: MaterialTags.optional(), position: z.number().int().min(0).max(1_000_000).optional() }).strict(),
  z.object({ kind: z.literal('link'), title: Title, url: CatalogUrl, tags: MaterialTags.optional(), position: z.number().int().min(0).max(1_000_000).optional() }).strict(),
  z.object({ kind: z.literal('document'), title: Title, fileName: FileName.optional(), tags: MaterialTags.optional(), position: z.number().int().min(0).max(1_000_000).optional() }).strict(),
]);
export type CreateMaterial = z.infer<typeof CreateMaterial>;

/** PATCH /api/v1/materials/:id: new Markdown (technique) or URL (link) makes a new version; title, tags and position change in place. */
export const UpdateMaterial = z
  .object({ title: Title, markdown: Markdown, url: CatalogUrl, fileName: FileName, tags: MaterialTags, position: z.number().int().min(0).max(1_000_000) })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type UpdateMaterial = z.infer<typeof UpdateMaterial>;

/** One version of a material. */
export const MaterialVersionView = z.object({
  version: z.number().int().positive(),
  createdAt: z.string(),
  markdown: z.string().nullable(),
  url: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
});
export type MaterialVersionView = z.infer<typeof MaterialVersionView>;

export const MaterialView = z.object({
  id: z.string(),
  kind: MaterialKind,
  title: z.string(),
  tags: MaterialTags,
  position: z.number().int(),
  fileName: z.string().nullable(),
  /** The version shown; 0 for a document whose file is not uploaded yet. */
  version: z.number().int().nonnegative(),
  current: MaterialVersionView.nullable(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MaterialView = z.infer<typeof MaterialView>;

export const MaterialList = z.object({ materials: z.array(MaterialView) });
export type MaterialList = z.infer<typeof MaterialList>;

/** GET /api/v1/materials/:id: the material and all its versions, newest first. */
export const MaterialDetail = MaterialView.extend({ versions: z.array(MaterialVersionView) });
export type MaterialDetail = z.infer<typeof MaterialDetail>;

/** The documents' content types the backend keeps and serves (checked by their magic bytes). */
export const MATERIAL_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;

/** The answer to POST /api/v1/engagements/:id/usage: recorded; for `sent`, the card to put in the chat. */
export const MaterialUseRecorded = z.object({ recorded: z.literal(true), card: MaterialCard.nullable() });
export type MaterialUseRecorded = z.infer<typeof MaterialUseRecorded>;

/** An estimate with its interval; null where there is no data. */
const Estimate = z.object({ value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });

/** GET /api/v1/practices/evaluation: what the logs say of the learning ranking (rewards: 1 a sale, 0 none). */
export const PracticesEvaluation = z.object({
  /** Decisions whose outcome is known (window closed, or a sale). */
  decisions: z.number().int().nonnegative(),
  /** The learning (Thompson) policy's value estimated from every logged decision, inverse-propensity and self-normalised, 95% bootstrap intervals. */
  ips: Estimate,
  snips: Estimate,
  effectiveSampleSize: z.number(),
  /** Sale rate of the learning ranking's engagements less the holdout's, with a 95% interval. */
  lift: Estimate.extend({ treated: z.number().int().nonnegative(), holdout: z.number().int().nonnegative() }),
});
export type PracticesEvaluation = z.infer<typeof PracticesEvaluation>;
