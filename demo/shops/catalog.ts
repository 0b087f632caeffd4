import type { CurrencyCode } from './money';

/**
 * The demo shops' catalogs. Prices are decimal strings, as a retailer's feed sends
 * them; each shop formats them its own way on the page.
 */

export type ShopKey = 'voltaire' | 'summit';

export interface Category {
  slug: string;
  name: string;
  /** Slug of the broader category; absent for a top-level one. */
  parent?: string;
}

export interface CatalogProduct {
  slug: string;
  sku: string;
  /** GTIN-13 with a valid check digit; only Voltaire publishes it. */
  gtin?: string;
  name: string;
  brand: string;
  /** Slug of the narrowest category the product sits in. */
  category: string;
  /** Unit price, e.g. "1249.00": what the shopper pays now (the sale price, when on sale). */
  price: string;
  /** On sale: the list price above `price`, shown struck through beside it. */
  listPrice?: string;
  currency: CurrencyCode;
  inStock: boolean;
  /** Shown on the home page. */
  featured?: boolean;
  description: string;
}

export interface Catalog {
  categories: readonly Category[];
  products: readonly CatalogProduct[];
}

/** Appends the GS1 check digit to 12 digits, so the demo GTINs pass any validator. */
function gtin13(first12: string): string {
  const sum = [...first12].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}

type Draft = Omit<CatalogProduct, 'currency'>;
const inUsd = (p: Draft): CatalogProduct => ({ ...p, currency: 'USD' });
const inEur = (p: Draft): CatalogProduct => ({ ...p, currency: 'EUR' });

export const voltaireCatalog: Catalog = {
  categories: [
    { slug: 'audio', name: 'Audio' },
    { slug: 'headphones', name: 'Headphones', parent: 'audio' },
    { slug: 'speakers', name: 'Speakers', parent: 'audio' },
    { slug: 'computers', name: 'Computers' },
    { slug: 'laptops', name: 'Laptops', parent: 'computers' },
    { slug: 'cameras', name: 'Cameras' },
  ],
  products: [
    {
      slug: 'sony-wh-1000xm5',
      sku: 'VE-10234',
      gtin: gtin13('454873613204'),
      name: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones',
      brand: 'Sony',
      category: 'headphones',
      price: '349.00',
      inStock: true,
      featured: true,
      description:
        'Industry-leading noise cancellation with eight microphones, 30 hours of battery life and a featherweight, pressure-relieving design.',
    },
    {
      slug: 'bose-quietcomfort-ultra',
      sku: 'VE-10235',
      gtin: gtin13('017817846512'),
      name: 'Bose QuietComfort Ultra Headphones',
      brand: 'Bose',
      category: 'headphones',
      price: '429.00',
      listPrice: '499.00',
      inStock: true,
      description: 'Immersive spatial audio, world-class quiet and plush ear cushions for all-day comfort.',
    },
    {
      slug: 'sennheiser-momentum-4',
      sku: 'VE-10241',
      gtin: gtin13('461501541208'),
      name: 'Sennheiser Momentum 4 Wireless',
      brand: 'Sennheiser',
      category: 'headphones',
      price: '299.95',
      inStock: false,
      description: 'Audiophile sound with adaptive noise cancellation and up to 60 hours of playback.',
    },
    {
      slug: 'bang-olufsen-beoplay-h95',
      sku: 'VE-10252',
      gtin: gtin13('570548814329'),
      name: 'Bang & Olufsen Beoplay H95',
      brand: 'Bang & Olufsen',
      category: 'headphones',
      price: '899.00',
      inStock: true,
      description: 'Aluminium, lambskin and titanium drivers: the flagship over-ear headphones, with a case to match.',
    },
    {
      slug: 'sonos-era-100',
      sku: 'VE-20311',
      gtin: gtin13('878269009983'),
      name: 'Sonos Era 100 Smart Speaker',
      brand: 'Sonos',
      category: 'speakers',
      price: '249.00',
      inStock: true,
      featured: true,
      description: 'Stereo sound from a compact speaker, with Bluetooth, line-in and Trueplay tuning.',
    },
    {
      slug: 'jbl-charge-5',
      sku: 'VE-20318',
      gtin: gtin13('605034618774'),
      name: 'JBL Charge 5 Portable Bluetooth Speaker',
      brand: 'JBL',
      category: 'speakers',
      price: '179.95',
      inStock: true,
      description: 'Bold sound, IP67 dust and water resistance and 20 hours of play, with a built-in power bank.',
    },
    {
      slug: 'bose-soundlink-flex',
      sku: 'VE-20322',
      gtin: gtin13('017817832914'),
      name: 'Bose SoundLink Flex Bluetooth Speaker',
      brand: 'Bose',
      category: 'speakers',
      price: '149.00',
      inStock: false,
      description: 'Rugged, waterproof and it floats: clear sound wherever the weekend takes you.',
    },
    {
      slug: 'lenovo-thinkpad-x1-carbon-gen-12',
      sku: 'VE-30107',
      gtin: gtin13('019782536145'),
      name: 'Lenovo ThinkPad X1 Carbon Gen 12 14" Laptop',
      brand: 'Lenovo',
      category: 'laptops',
      price: '1899.00',
      inStock: true,
      featured: true,
      description: 'Intel Core Ultra 7, 32 GB RAM, 1 TB SSD and a 2.8K OLED display in a 1.09 kg carbon-fibre chassis.',
    },
    {
      slug: 'apple-macbook-air-13-m3',
      sku: 'VE-30112',
      gtin: gtin13('019537341088'),
      name: 'Apple MacBook Air 13" (M3, 16 GB, 512 GB)',
      brand: 'Apple',
      category: 'laptops',
      price: '1299.00',
      listPrice: '1499.00',
      inStock: true,
      description: 'The M3 chip, up to 18 hours of battery and a fanless design that stays silent.',
    },
    {
      slug: 'dell-xps-14',
      sku: 'VE-30125',
      gtin: gtin13('088427663410'),
      name: 'Dell XPS 14 Laptop',
      brand: 'Dell',
      category: 'laptops',
      price: '1499.99',
      inStock: true,
      description: 'A seamless glass touchpad, a 3.2K OLED panel and NVIDIA GeForce RTX graphics.',
    },
    {
      slug: 'canon-eos-r6-mark-ii',
      sku: 'VE-40201',
      gtin: gtin13('454929424901'),
      name: 'Canon EOS R6 Mark II Mirrorless Camera (Body)',
      brand: 'Canon',
      category: 'cameras',
      price: '2499.00',
      inStock: true,
      featured: true,
      description: '24.2 MP full-frame sensor, 40 fps continuous shooting and uncropped 4K60 video.',
    },
    {
      slug: 'sony-alpha-7-iv-kit',
      sku: 'VE-40215',
      gtin: gtin13('454873613388'),
      name: 'Sony Alpha 7 IV with FE 28-70mm Lens',
      brand: 'Sony',
      category: 'cameras',
      price: '2698.00',
      inStock: false,
      description: '33 MP full-frame hybrid camera with real-time Eye AF, bundled with a versatile zoom.',
    },
    {
      slug: 'fujifilm-x100vi',
      sku: 'VE-40230',
      gtin: gtin13('407423750612'),
      name: 'Fujifilm X100VI Compact Camera',
      brand: 'Fujifilm',
      category: 'cameras',
      price: '1599.00',
      inStock: true,
      description: 'A 40 MP sensor, in-body stabilisation and a fixed 23mm f/2 lens in a classic silver body.',
    },
  ].map(inUsd),
};

export const summitCatalog: Catalog = {
  categories: [
    { slug: 'camping', name: 'Camping' },
    { slug: 'zelte', name: 'Zelte', parent: 'camping' },
    { slug: 'schlafsaecke', name: 'Schlafsäcke', parent: 'camping' },
    { slug: 'rucksaecke', name: 'Rucksäcke' },
    { slug: 'bekleidung', name: 'Bekleidung' },
    { slug: 'jacken', name: 'Jacken', parent: 'bekleidung' },
  ],
  products: [
    {
      slug: 'hilleberg-nallo-2',
      sku: 'SO-4471',
      name: 'Hilleberg Nallo 2 Tunnelzelt',
      brand: 'Hilleberg',
      category: 'zelte',
      price: '1249.00',
      inStock: true,
      featured: true,
      description: 'Leichtes Ganzjahres-Tunnelzelt für zwei Personen, sturmstabil dank Kerlon-Außenzelt.',
    },
    {
      slug: 'msr-hubba-hubba-2',
      sku: 'SO-4472',
      name: 'MSR Hubba Hubba 2 Kuppelzelt',
      brand: 'MSR',
      category: 'zelte',
      price: '549.95',
      listPrice: '629.95',
      inStock: true,
      description: 'Freistehendes Trekkingzelt mit zwei Eingängen und großen Apsiden, nur 1,54 kg.',
    },
    {
      slug: 'vaude-mark-l-3p',
      sku: 'SO-4475',
      name: 'Vaude Mark L 3P Familienzelt',
      brand: 'Vaude',
      category: 'zelte',
      price: '389.00',
      inStock: false,
      description: 'Geräumiges Dreipersonenzelt mit schnellem Aufbau – ideal für Campingplatz und Radreise.',
    },
    {
      slug: 'nordisk-telemark-2-lw',
      sku: 'SO-4480',
      name: 'Nordisk Telemark 2 LW Ultraleichtzelt',
      brand: 'Nordisk',
      category: 'zelte',
      price: '649.00',
      inStock: true,
      description: 'Eines der leichtesten Zweipersonenzelte der Welt: 930 g inklusive Heringen.',
    },
    {
      slug: 'western-mountaineering-ultralite',
      sku: 'SO-5102',
      name: 'Western Mountaineering UltraLite Daunenschlafsack',
      brand: 'Western Mountaineering',
      category: 'schlafsaecke',
      price: '639.00',
      inStock: true,
      featured: true,
      description: 'Gänsedaune mit 850 cuin Bauschkraft, Komfort bis −7 °C bei nur 820 g Gewicht.',
    },
    {
      slug: 'deuter-astro-pro-800',
      sku: 'SO-5108',
      name: 'Deuter Astro Pro 800 Schlafsack',
      brand: 'Deuter',
      category: 'schlafsaecke',
      price: '229.95',
      inStock: true,
      description: 'Daunenschlafsack für Touren in der Übergangszeit, mit Wärmekragen und Innentasche.',
    },
    {
      slug: 'mammut-relax-fiber-bag',
      sku: 'SO-5111',
      name: 'Mammut Relax Fiber Bag 0C',
      brand: 'Mammut',
      category: 'schlafsaecke',
      price: '179.00',
      inStock: false,
      description: 'Kunstfaserschlafsack, der auch feucht noch wärmt – robust und pflegeleicht.',
    },
    {
      slug: 'fjallraven-kajka-65',
      sku: 'SO-6201',
      name: 'Fjällräven Kajka 65 Trekkingrucksack',
      brand: 'Fjällräven',
      category: 'rucksaecke',
      price: '399.95',
      inStock: true,
      featured: true,
      description: 'Holzrahmen aus Birke, G-1000 Gewebe und ein verstellbares Tragesystem für lange Touren.',
    },
    {
      slug: 'osprey-atmos-ag-65',
      sku: 'SO-6204',
      name: 'Osprey Atmos AG 65',
      brand: 'Osprey',
      category: 'rucksaecke',
      price: '329.00',
      listPrice: '379.00',
      inStock: true,
      description: 'Anti-Gravity-Netzrücken für unvergleichliche Belüftung und Lastverteilung.',
    },
    {
      slug: 'deuter-aircontact-core-50-10',
      sku: 'SO-6210',
      name: 'Deuter Aircontact Core 50+10',
      brand: 'Deuter',
      category: 'rucksaecke',
      price: '219.95',
      inStock: true,
      description: 'Bewährter Trekkingrucksack mit Aircontact-Rückensystem und erweiterbarem Volumen.',
    },
    {
      slug: 'gregory-baltoro-75',
      sku: 'SO-6215',
      name: 'Gregory Baltoro 75 Pro',
      brand: 'Gregory',
      category: 'rucksaecke',
      price: '359.00',
      inStock: true,
      description: 'Großer Expeditionsrucksack mit schwenkbarem Hüftgurt und abnehmbarem Daypack.',
    },
    {
      slug: 'arcteryx-beta-ar',
      sku: 'SO-7301',
      name: "Arc'teryx Beta AR Jacket Herren",
      brand: "Arc'teryx",
      category: 'jacken',
      price: '649.00',
      inStock: true,
      featured: true,
      description: 'Vielseitige GORE-TEX-Pro-Hardshell für Bergtouren bei jedem Wetter.',
    },
    {
      slug: 'patagonia-nano-puff-hoody',
      sku: 'SO-7305',
      name: 'Patagonia Nano Puff Hoody Damen',
      brand: 'Patagonia',
      category: 'jacken',
      price: '249.95',
      inStock: true,
      description: 'Winddichte, wasserabweisende Isolationsjacke mit PrimaLoft-Gold-Füllung.',
    },
    {
      slug: 'mammut-nordwand-pro-hs',
      sku: 'SO-7312',
      name: 'Mammut Nordwand Pro HS Hooded Jacket',
      brand: 'Mammut',
      category: 'jacken',
      price: '1099.00',
      inStock: false,
      description: 'Technische Alpinjacke für extreme Bedingungen, entwickelt mit Profibergsteigern.',
    },
  ].map(inEur),
};

export function findCategory(catalog: Catalog, slug: string): Category | undefined {
  return catalog.categories.find((c) => c.slug === slug);
}

/** A category and its ancestors, broadest first, as breadcrumbs show them. */
export function categoryTrail(catalog: Catalog, slug: string): Category[] {
  const trail: Category[] = [];
  let current = findCategory(catalog, slug);
  // The depth bound guards against a typo creating a parent cycle in the data.
  while (current && trail.length < 12) {
    trail.unshift(current);
    current = current.parent ? findCategory(catalog, current.parent) : undefined;
  }
  return trail;
}

export function subcategories(catalog: Catalog, slug: string): Category[] {
  return catalog.categories.filter((c) => c.parent === slug);
}

/** Products of a category and of all categories under it, so "Audio" lists headphones and speakers. */
export function productsInCategory(catalog: Catalog, slug: string): CatalogProduct[] {
  return catalog.products.filter((p) => categoryTrail(catalog, p.category).some((c) => c.slug === slug));
}

export function findProductBySlug(catalog: Catalog, slug: string): CatalogProduct | undefined {
  return catalog.products.find((p) => p.slug === slug);
}

export function findProductBySku(catalog: Catalog, sku: string): CatalogProduct | undefined {
  return catalog.products.find((p) => p.sku === sku);
}

/** Case- and accent-insensitive, so "fjallraven" finds "Fjällräven" and "SCHLAFSACK" finds "Schlafsäcke". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Products whose name, brand or category contains every word of the terms. */
export function searchCatalog(catalog: Catalog, terms: string): CatalogProduct[] {
  const words = fold(terms).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return catalog.products.filter((p) => {
    const haystack = fold([p.name, p.brand, ...categoryTrail(catalog, p.category).map((c) => c.name)].join(' '));
    return words.every((w) => haystack.includes(w));
  });
}
