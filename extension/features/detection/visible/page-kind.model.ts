import type { KindModel } from './page-kind';

/**
 * The page-kind model's weights, learned from the corpus (product pages and other pages, as
 * saved and with their structured data stripped) by scripts/corpus/train-kind.ts. Do not edit
 * by hand: run the script again.
 */
export const PAGE_KIND_MODEL: KindModel = {
  "bias": -2.003,
  "weights": {
    "heading": 0.932,
    "headingWords": 0.529,
    "priceByHeading": 0.836,
    "priceByButton": 0.993,
    "ownButton": 0.957,
    "cardButtons": -0.346,
    "quantity": 1.181,
    "cardPrices": 0.092,
    "ownPrices": -0.698,
    "numberInUrl": 1.667,
    "searchInUrl": -2.145,
    "password": 0.217
  }
};
