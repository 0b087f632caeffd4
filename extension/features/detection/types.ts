import type { Steps } from './steps';
import type { CartItem, PageKind, Product } from '../../../shared/page';
import type { SiteAdapter } from '../../../shared/sites';
import type { OrderConfirmation } from '../../../shared/events';

export interface CartSummary {
  items: CartItem[];
  /** Cart total as shown, a decimal string with a dot. */
  value?: string;
  currency?: string;
}

/** What a page is and what it shows. */
export interface Detection {
  kind: PageKind;
  /** Set on product pages only. */
  product: Product | null;
  /** Set on search pages only. */
  search: { terms: string } | null;
  /** Set on cart pages only. */
  cart: CartSummary | null;
  /** Set on an order confirmation page: the order's number as shown, and its total. */
  order: OrderConfirmation | null;
}

/** Product fields as one source read them; missing or null = that source does not know. */
export type ProductClues = { [K in Exclude<keyof Product, 'url'>]?: Product[K] | null };

/** What one source found out; sources are merged field by field, the first to know wins. */
export interface Clues {
  kind?: PageKind;
  product?: ProductClues;
  search?: { terms: string };
  cart?: CartSummary;
}

export interface SourceInput {
  doc: Document;
  /** The page address, without its fragment. */
  url: URL;
  adapter: SiteAdapter | null;
}

/** One way of reading a page (an adapter, JSON-LD, OpenGraph, ...). Pure: reads the DOM only. */
export interface DetectionSource {
  name: string;
  read(input: SourceInput): Clues | null;
  /** The same reading cut into steps, for sources heavy enough to need it (the heuristics). */
  steps?(input: SourceInput): Steps<Clues | null>;
}
