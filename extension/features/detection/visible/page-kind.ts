import { PAGE_KIND_MODEL } from './page-kind.model';
import { SIGN_NAMES, signVector, type PageSigns } from './page-signs';

/**
 * Product page or not, from what the shopper sees: a logistic model over the page's signs
 * (page-signs.ts), its weights learned from the corpus by scripts/corpus/train-kind.ts and
 * committed in page-kind.model.ts. Pure.
 */

export type SignName = (typeof SIGN_NAMES)[number];

export interface KindModel {
  bias: number;
  weights: Record<SignName, number>;
}

/** The probability that a page with these signs is a product page. */
export function productLikelihood(signs: PageSigns, model: KindModel = PAGE_KIND_MODEL): number {
  const x = signVector(signs);
  let z = model.bias;
  SIGN_NAMES.forEach((name, i) => {
    z += model.weights[name] * x[i]!;
  });
  return 1 / (1 + Math.exp(-z));
}

/** Above this a page is taken for a product page. */
export const PRODUCT_THRESHOLD = 0.5;

/**
 * The rule the model is measured against (scripts/corpus/train-kind.ts prints both on held-out
 * halves): a heading with a price close to it or to the page's own buy button, no search in the
 * address, not one buy button per card.
 */
export function handRule(s: PageSigns): boolean {
  const near = (level: number | null) => level !== null && level <= 3;
  return s.headingWords > 0 && (near(s.priceByHeading) || near(s.priceByButton)) && !s.searchInUrl && s.cardButtons < 6;
}
