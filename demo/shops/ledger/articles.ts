/**
 * "The Daily Ledger": a news site that does NOT participate in Floorwalker. One
 * article is a headphone review dressed like a product page (JSON-LD Product with
 * an offer, og:type=product, a price and a buy button) so tests can prove the
 * extension stays silent off participating sites, however shop-like the page looks.
 */

export interface ReviewedProduct {
  name: string;
  brand: string;
  sku: string;
  gtin13: string;
  price: string;
  currency: 'USD';
  rating: number;
}

export interface Article {
  slug: string;
  section: string;
  title: string;
  summary: string;
  author: string;
  /** ISO date. */
  published: string;
  paragraphs: string[];
  /** Present on reviews: the page then carries product structured data. */
  review?: ReviewedProduct;
}

export const articles: readonly Article[] = [
  {
    slug: 'sony-wh-1000xm5-review',
    section: 'Tech',
    title: 'Review: Sony WH-1000XM5 — still the quietest ride in town',
    summary: 'Two weeks, three flights and one very loud office later, Sony’s flagship headphones earn their price.',
    author: 'Priya Natarajan',
    published: '2024-05-14',
    paragraphs: [
      'Noise cancelling has become table stakes, yet the WH-1000XM5 still makes the cabin of a long-haul flight feel like a library. Eight microphones and two processors do the work; you simply notice that the engines are gone.',
      'The redesign trades the folding hinge of the previous model for a slimmer headband. It is lighter and more comfortable for long sessions, though the case is now bulkier.',
      'Battery life matches the claimed 30 hours, and a three-minute charge buys three hours of listening. Call quality is the best we have tested in this class.',
      'Verdict: if silence is what you are buying, this is still the one to beat.',
    ],
    review: {
      name: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones',
      brand: 'Sony',
      sku: 'WH1000XM5/B',
      gtin13: '4548736132047',
      price: '349.00',
      currency: 'USD',
      rating: 4.5,
    },
  },
  {
    slug: 'council-approves-budget',
    section: 'City',
    title: 'Council approves budget after late-night session',
    summary: 'Libraries keep their Sunday hours; the bridge repair moves up a year.',
    author: 'Tom Whitaker',
    published: '2024-06-03',
    paragraphs: [
      'After a session that ran past midnight, the city council approved next year’s budget by seven votes to two.',
      'The final plan restores Sunday opening hours at all four branch libraries, a cut that had drawn hundreds of letters since March.',
      'Repairs to the Mill Street bridge, originally scheduled for 2026, will begin next spring.',
    ],
  },
  {
    slug: 'five-trails-before-the-snow',
    section: 'Outdoors',
    title: 'Five trails to run before the first snow',
    summary: 'From the river loop to the ridge, our picks for the last crisp weeks of autumn.',
    author: 'Lena Hoffmann',
    published: '2024-10-02',
    paragraphs: [
      'Autumn is the runner’s season: cool mornings, firm ground and no crowds.',
      'The river loop is flat and fast; the ridge trail is neither, but its view over the valley is worth every step.',
      'Whatever you choose, start early: the light goes quickly after the equinox.',
    ],
  },
];

export function findArticle(slug: string): Article | undefined {
  return articles.find((a) => a.slug === slug);
}

export function searchArticles(terms: string): Article[] {
  const words = terms.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return articles.filter((a) => {
    const haystack = `${a.title} ${a.summary} ${a.section}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
