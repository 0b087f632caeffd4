import { CatalogProduct, decimalAmount, MAX_CATALOG_BATCH, minorUnits, type RefusedRow } from '../../../../shared/catalog';
import { readCsv, writeCsv, type CsvRecord } from './csv.core';

/**
 * Reads a batch of an enterprise's products from what it sends: JSON items of the project's own
 * shape (`CatalogProduct`), a CSV file with named columns, or a Google Merchant feed (TSV or CSV)
 * as Google's specification has it. Decides which rows are products and which are refused, each
 * problem reported with its row, its field (as the input named it), a code and a message; a
 * batch over MAX_CATALOG_BATCH rows, or text that is no table, is refused whole.
 *
 * Prices are integer minor units of their currency (349.00 USD → 34900, 1500 JPY → 1500); a price
 * given with more decimals than its currency has is refused unless they are zeros. A SKU seen
 * twice keeps its first row; the later one is refused (`duplicate_sku`).
 *
 * Pure. The caller upserts `products` (all or nothing, as it decides), keeps `refused` as the
 * batch's report, and says `ignoredColumns` back so a misspelt header does not go unnoticed.
 */

export interface CatalogBatch {
  products: CatalogProduct[];
  /** Every problem of every refused row, in row order. */
  refused: RefusedRow[];
  /** Rows read (products and refused), blank ones not counted. */
  rows: number;
  /** Header names no field is read from, as the file wrote them. */
  ignoredColumns: string[];
}

export type BatchRead = ({ ok: true } & CatalogBatch) | { ok: false; code: BatchRefusal; message: string };
export type BatchRefusal = 'too_many_products' | 'not_a_list' | 'empty' | 'missing_columns' | 'unterminated_quote' | 'text_after_quote';

/** A row turned into the shape CatalogProduct checks, and what went wrong turning it. */
interface Draft {
  row: number;
  product: Record<string, unknown>;
  problems: RefusedRow[];
  /** The input's name for a field of CatalogProduct, by its path. */
  fieldName: (path: readonly PropertyKey[]) => string;
}

/** A batch refused for its size; `which` says how large it is. */
const tooMany = (which: string) =>
  ({ ok: false, code: 'too_many_products', message: `at most ${MAX_CATALOG_BATCH.toLocaleString('en')} products a batch; ${which}: send it in parts` }) as const;

/** Products from the JSON body's `products` list. `row` is an item's position, from 1. */
export function productsFromJson(items: unknown): BatchRead {
  if (!Array.isArray(items)) return { ok: false, code: 'not_a_list', message: 'products must be a list' };
  if (items.length === 0) return { ok: false, code: 'empty', message: 'the batch has no product' };
  if (items.length > MAX_CATALOG_BATCH) return tooMany(`this one has ${items.length}`);
  const fieldName = (path: readonly PropertyKey[]) => path.map(String).join('.');
  return { ok: true, ...accept(items.map((product, i) => ({ row: i + 1, product: product as Record<string, unknown>, problems: [], fieldName }))), ignoredColumns: [] };
}

// ---- Tables with a header -------------------------------------------------------------------

/** How a column's name is compared: case, spaces, "_" and "-" aside ("Sale Price" = "sale_price" = "salePrice"). */
const columnKey = (name: string) => name.trim().toLowerCase().replace(/[\s_-]/g, '');

const DELIMITERS = [',', '\t', ';'] as const;

/** The delimiter of a table: the one that splits its header into the most names it knows (a comma when none does better). */
function delimiterOf(text: string, knows: (name: string) => boolean): (typeof DELIMITERS)[number] {
  const known = (delimiter: (typeof DELIMITERS)[number]) => {
    const read = readCsv(text, { delimiter, maxRecords: 1 });
    return read.ok ? (read.records[0]?.fields.filter(knows).length ?? 0) : 0;
  };
  const counts = DELIMITERS.map(known);
  return DELIMITERS[counts.indexOf(Math.max(...counts))]!;
}

/** A table's header and data rows, or why it is refused whole. */
type Table = { ok: true; header: string[]; rows: CsvRecord[] } | { ok: false; code: BatchRefusal; message: string };

function readTable(text: string, knows: (name: string) => boolean, quotes = true): Table {
  const read = readCsv(text, { delimiter: delimiterOf(text, knows), maxRecords: MAX_CATALOG_BATCH + 1, quotes });
  if (!read.ok) return read;
  const [header, ...rows] = read.records;
  if (read.truncated) return tooMany('this file has more');
  if (!header) return { ok: false, code: 'empty', message: 'the file is empty' };
  // Rows of empty cells only (a spreadsheet's formatted but unused rows) are no products.
  const filled = rows.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (filled.length === 0) return { ok: false, code: 'empty', message: 'the file has a header and no product' };
  return { ok: true, header: header.fields.map((h) => h.trim()), rows: filled };
}

/** A column the table reads, by the keys of the names it may go by. */
interface Column {
  field: string;
  names: readonly string[];
}

interface TableLayout {
  /** Column index by field, for the columns the header has (the first one of a repeated name). */
  at: Map<string, number>;
  /** Attribute columns: index and the attribute's name. */
  attributes: { index: number; name: string }[];
  ignored: string[];
}

function layout(header: readonly string[], columns: readonly Column[], attributeOf: (name: string) => string | null): TableLayout {
  const byKey = new Map(columns.flatMap((c) => c.names.map((n) => [columnKey(n), c.field] as const)));
  const at = new Map<string, number>();
  const attributes: TableLayout['attributes'] = [];
  const ignored: string[] = [];
  const attributeNames = new Set<string>();
  header.forEach((name, index) => {
    const field = byKey.get(columnKey(name));
    const attribute = field ? null : attributeOf(name);
    if (field && !at.has(field)) at.set(field, index);
    else if (attribute && !attributeNames.has(attribute)) {
      attributeNames.add(attribute);
      attributes.push({ index, name: attribute });
    } else ignored.push(name);
  });
  return { at, attributes, ignored };
}

function missingColumns(at: TableLayout['at'], required: readonly Column[]): BatchRead | null {
  const missing = required.filter((c) => !at.has(c.field));
  if (missing.length === 0) return null;
  return { ok: false, code: 'missing_columns', message: `the header lacks ${missing.map((c) => `"${c.names[0]}"`).join(', ')}` };
}

/** A row's cells by field: trimmed, an empty one absent. */
function cells(record: CsvRecord, at: TableLayout['at']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, index] of at) {
    const value = record.fields[index]?.trim();
    if (value) out.set(field, value);
  }
  return out;
}

/** Fields every table gives as they are, read from its cell (the column's name differs by layout). */
const TEXT_FIELDS = ['sku', 'gtin', 'mpn', 'name', 'description', 'brand', 'url', 'image', 'itemGroupId'] as const;
const textFields = (read: Map<string, string>) => Object.fromEntries(TEXT_FIELDS.map((field) => [field, read.get(field)]));

/** A row with more cells than the header has names (empty trailing ones aside) is refused: its cells cannot be placed. */
function extraCells(record: CsvRecord, width: number): RefusedRow[] {
  const extra = record.fields.slice(width).some((f) => f.trim() !== '');
  return extra ? [{ row: record.row, field: '', code: 'too_many_cells', message: `the row has ${record.fields.length} cells, the header ${width} names` }] : [];
}

/** An ISO 8601 date or date-time with its zone ("2024-02-24T11:07:31+0100") as epoch ms; a date alone is midnight UTC. */
export function epochMs(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const day = Date.parse(`${m[1]}T00:00:00Z`);
  // Date.parse rolls an impossible day over ("2024-02-30" is March 1st): refused instead.
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== m[1]) return null;
  if (!m[2]) return day;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3]!.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
  return Number.isNaN(ms) ? null : ms;
}

/** A category path as tables write it: "Audio > Headphones > Over-ear". */
const categoryPath = (text: string) => text.split('>').map((part) => part.trim()).filter(Boolean);
/** A list in one cell: "A-1|A-2|A-3". */
const list = (text: string | undefined) => (text ? text.split('|').map((s) => s.trim()).filter(Boolean) : undefined);

/** The price columns of a row in minor units, or the problems with them. */
function prices(
  read: Map<string, string>,
  row: number,
  currency: string | undefined,
  column: (field: string) => string,
  amountOf: (field: string, text: string) => { amount: string; currency: string | null } | null,
): { price?: number; salePrice?: number; problems: RefusedRow[] } {
  const problems: RefusedRow[] = [];
  const out: { price?: number; salePrice?: number } = {};
  for (const field of ['price', 'salePrice'] as const) {
    const text = read.get(field);
    if (!text) continue;
    const parsed = amountOf(field, text);
    if (!parsed) {
      problems.push({ row, field: column(field), code: 'invalid_price', message: `"${text}" is not a price, e.g. 349.00 USD` });
      continue;
    }
    const unit = parsed.currency ?? currency;
    if (!unit) continue; // The missing currency is reported once, on its own field.
    if (currency && unit !== currency) {
      problems.push({ row, field: column(field), code: 'currency_mismatch', message: `the price is in ${unit}, the row’s other price in ${currency}` });
      continue;
    }
    const minor = minorUnits(parsed.amount, unit);
    if (minor.ok) out[field] = minor.minor;
    else problems.push({ row, field: column(field), code: minor.code, message: minor.message });
  }
  return { ...out, problems };
}

// ---- The project's CSV ----------------------------------------------------------------------

const CSV_COLUMNS: readonly Column[] = [
  { field: 'sku', names: ['sku', 'id'] },
  { field: 'gtin', names: ['gtin', 'ean', 'upc'] },
  { field: 'mpn', names: ['mpn'] },
  { field: 'name', names: ['name', 'title'] },
  { field: 'description', names: ['description'] },
  { field: 'brand', names: ['brand'] },
  { field: 'category', names: ['category', 'category_path', 'product_type'] },
  { field: 'currency', names: ['currency'] },
  { field: 'price', names: ['price'] },
  { field: 'salePrice', names: ['sale_price'] },
  { field: 'saleStartsAt', names: ['sale_starts_at'] },
  { field: 'saleEndsAt', names: ['sale_ends_at'] },
  { field: 'availability', names: ['availability'] },
  { field: 'stock', names: ['stock', 'quantity'] },
  { field: 'url', names: ['url', 'link'] },
  { field: 'otherUrls', names: ['other_urls'] },
  { field: 'image', names: ['image', 'image_url', 'image_link'] },
  { field: 'itemGroupId', names: ['item_group_id'] },
  { field: 'accessories', names: ['accessories'] },
  { field: 'alternatives', names: ['alternatives'] },
  { field: 'bundles', names: ['bundles'] },
];
const CSV_KEYS = new Set(CSV_COLUMNS.flatMap((c) => c.names.map(columnKey)));
const CSV_REQUIRED = CSV_COLUMNS.filter((c) => ['sku', 'name', 'currency', 'price', 'availability', 'url'].includes(c.field));

/**
 * An attribute column of the project's CSV: "attribute:colour" (or "attribute.colour"). Not
 * "__proto__", which no object keeps as a property (the schema would drop it without a word).
 */
const csvAttribute = (name: string) => {
  const attribute = /^\s*attributes?[:.]([\s\S]*\S)\s*$/i.exec(name)?.[1]?.trim() ?? null;
  return attribute === '__proto__' ? null : attribute;
};

/**
 * Products from the project's CSV: a header naming the columns (sku, gtin, mpn, name,
 * description, brand, category "A > B", currency, price and sale_price as decimals "349.00",
 * sale_starts_at and sale_ends_at ISO 8601, availability, stock, url, other_urls, image,
 * item_group_id, accessories / alternatives / bundles as SKUs split by "|", and one
 * "attribute:<name>" column per attribute). A comma, a semicolon or a tab between fields.
 */
export function productsFromCsv(text: string): BatchRead {
  const table = readTable(text, (name) => CSV_KEYS.has(columnKey(name)) || csvAttribute(name) !== null);
  if (!table.ok) return table;
  const { at, attributes, ignored } = layout(table.header, CSV_COLUMNS, csvAttribute);
  const missing = missingColumns(at, CSV_REQUIRED);
  if (missing) return missing;
  const column = (field: string) => table.header[at.get(field) ?? -1] ?? field;
  const fieldName = (path: readonly PropertyKey[]) => {
    const [first, second] = path.map(String);
    if (first === 'attributes' && second) return table.header[attributes.find((a) => a.name === second)?.index ?? -1] ?? `attribute:${second}`;
    // Related SKUs have a column by kind: "accessories", "alternatives", "bundles".
    if (first === 'related' && second) return column(second);
    return first ? column(first) : '';
  };
  const drafts = table.rows.map((record): Draft => {
    const read = cells(record, at);
    const currency = read.get('currency')?.toUpperCase();
    const money = prices(read, record.row, currency, column, (_field, amount) => ({ amount, currency: null }));
    const problems = [...extraCells(record, table.header.length), ...money.problems];
    const time = (field: string) => {
      const value = read.get(field);
      if (value === undefined) return undefined;
      const ms = epochMs(value);
      if (ms === null) problems.push({ row: record.row, field: column(field), code: 'invalid_time', message: `"${value}" is not an ISO 8601 date or a time with its zone, e.g. 2026-12-24T18:00:00+01:00` });
      return ms ?? undefined;
    };
    const stock = read.get('stock');
    return {
      row: record.row,
      problems,
      fieldName,
      product: {
        ...textFields(read),
        category: read.has('category') ? categoryPath(read.get('category')!) : undefined,
        currency,
        // A price that could not be read is refused already (or its currency is missing, and refused): 0 stands in so it is not called missing too.
        price: money.price ?? (read.has('price') ? 0 : undefined),
        salePrice: money.salePrice,
        saleStartsAt: time('saleStartsAt'),
        saleEndsAt: time('saleEndsAt'),
        availability: read.get('availability')?.toLowerCase().replace(/[\s-]/g, '_'),
        stock: stock === undefined ? undefined : /^\d+$/.test(stock) ? Number(stock) : stock,
        otherUrls: list(read.get('otherUrls')),
        attributes: attributesOf(record, attributes),
        related: { accessories: list(read.get('accessories')), alternatives: list(read.get('alternatives')), bundles: list(read.get('bundles')) },
      },
    };
  });
  return { ok: true, ...accept(drafts), ignoredColumns: ignored };
}

/** An epoch ms as the ISO 8601 time the CSV reads back. */
const isoTime = (ms: number | null | undefined) => (ms == null ? '' : new Date(ms).toISOString());

/**
 * Products as the project's CSV (what `productsFromCsv` reads back to the same products): the
 * columns above, one `attribute:<name>` column per attribute any product has. A category name
 * holding ">", or a listed SKU or URL holding "|", would be read back split.
 */
export function catalogCsv(
  products: readonly CatalogProduct[],
  /** A part of a larger file, written a page at a time: the whole file's attribute names, and whether this part opens it (the header). */
  part: { attributeNames: readonly string[]; header: boolean } = { attributeNames: [...new Set(products.flatMap((p) => Object.keys(p.attributes)))], header: true },
): string {
  const { attributeNames } = part;
  const header = [...CSV_COLUMNS.map((c) => c.names[0]!), ...attributeNames.map((name) => `attribute:${name}`)];
  const rows = products.map((p) => {
    const cell: Record<string, string> = {
      sku: p.sku,
      gtin: p.gtin ?? '',
      mpn: p.mpn ?? '',
      name: p.name,
      description: p.description ?? '',
      brand: p.brand ?? '',
      category: p.category.join(' > '),
      currency: p.currency,
      price: decimalAmount(p.price, p.currency),
      salePrice: p.salePrice == null ? '' : decimalAmount(p.salePrice, p.currency),
      saleStartsAt: isoTime(p.saleStartsAt),
      saleEndsAt: isoTime(p.saleEndsAt),
      availability: p.availability,
      stock: p.stock == null ? '' : String(p.stock),
      url: p.url,
      otherUrls: p.otherUrls.join('|'),
      image: p.image ?? '',
      itemGroupId: p.itemGroupId ?? '',
      ...Object.fromEntries(Object.entries(p.related).map(([kind, skus]) => [kind, skus.join('|')])),
    };
    // Own properties only: an attribute may be called "constructor".
    return [...CSV_COLUMNS.map((c) => cell[c.field] ?? ''), ...attributeNames.map((name) => (Object.hasOwn(p.attributes, name) ? p.attributes[name]! : ''))];
  });
  return writeCsv(part.header ? [header, ...rows] : rows);
}

function attributesOf(record: CsvRecord, columns: TableLayout['attributes']): Record<string, string> {
  // fromEntries makes an attribute called "__proto__" a property like any other, never the object's prototype.
  return Object.fromEntries(columns.map(({ index, name }) => [name, record.fields[index]?.trim()]).filter(([, value]) => value));
}

// ---- Google Merchant feeds ------------------------------------------------------------------

/** The feed's attributes read into fields; others (shipping, tax, custom labels...) are ignored. */
const MERCHANT_COLUMNS: readonly Column[] = [
  { field: 'sku', names: ['id'] },
  { field: 'name', names: ['title'] },
  { field: 'description', names: ['description'] },
  { field: 'url', names: ['link'] },
  { field: 'mobileUrl', names: ['mobile_link'] },
  { field: 'image', names: ['image_link'] },
  { field: 'price', names: ['price'] },
  { field: 'salePrice', names: ['sale_price'] },
  { field: 'saleDates', names: ['sale_price_effective_date'] },
  { field: 'availability', names: ['availability'] },
  { field: 'brand', names: ['brand'] },
  { field: 'gtin', names: ['gtin'] },
  { field: 'mpn', names: ['mpn'] },
  { field: 'category', names: ['product_type'] },
  { field: 'googleCategory', names: ['google_product_category'] },
  { field: 'itemGroupId', names: ['item_group_id'] },
];
const MERCHANT_KEYS = new Set(MERCHANT_COLUMNS.flatMap((c) => c.names.map(columnKey)));
const MERCHANT_REQUIRED = MERCHANT_COLUMNS.filter((c) => ['sku', 'name', 'url', 'price', 'availability'].includes(c.field));
/** Feed attributes kept as the product's attributes, under their feed names. */
const MERCHANT_ATTRIBUTES = new Set(['color', 'size', 'material', 'pattern', 'gender', 'age_group', 'condition', 'size_type', 'size_system', 'multipack', 'is_bundle', 'unit_pricing_measure']);
/** Spellings of availability older feeds still send, with the value they mean now. */
const MERCHANT_AVAILABILITY: Readonly<Record<string, string>> = {
  in_stock: 'in_stock',
  out_of_stock: 'out_of_stock',
  preorder: 'preorder',
  backorder: 'backorder',
  available_for_order: 'in_stock',
};

/** A feed price: "349.00 USD", also "USD 349.00"; the currency in capitals. */
function merchantPrice(text: string): { amount: string; currency: string | null } | null {
  const m = /^(?:([A-Za-z]{3})\s*)?(\d+(?:\.\d+)?)(?:\s*([A-Za-z]{3}))?$/.exec(text.trim());
  if (!m || (m[1] && m[3]) || !(m[1] ?? m[3])) return null;
  return { amount: m[2]!, currency: (m[1] ?? m[3])!.toUpperCase() };
}

/** The first of a repeated attribute's values: `"Home > Kitchen, Mugs",Sale` → "Home > Kitchen, Mugs". */
function firstValue(cell: string | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const read = readCsv(cell, { maxRecords: 1 });
  return (read.ok ? read.records[0]?.fields[0]?.trim() : undefined) || cell;
}

/** The feed's attribute name from a column header: "g:price" and "price" are one. */
const merchantHeader = (name: string) => name.trim().replace(/^g:/i, '');

/**
 * Products from a Google Merchant feed as Google takes it: TSV (or CSV) with a header of
 * attribute names (id, title, description, link, image_link, price "349.00 USD", sale_price,
 * sale_price_effective_date "start/end", availability, brand, gtin, mpn, product_type
 * "A > B > C", item_group_id, and color, size, material... as attributes). The id is the SKU;
 * of several product_type values (split by commas, one holding a comma in quotes) the first is
 * the category path. `quotedFields` is the data source's setting of that name (on for the
 * sources Google creates now): off, a quote is text like any other ("Best" mug, 12" pan).
 */
export function productsFromMerchantFeed(text: string, { quotedFields = true }: { quotedFields?: boolean } = {}): BatchRead {
  const table = readTable(text, (name) => MERCHANT_KEYS.has(columnKey(merchantHeader(name))), quotedFields);
  if (!table.ok) return table;
  const header = table.header.map(merchantHeader);
  const { at, attributes, ignored } = layout(header, MERCHANT_COLUMNS, (name) => (MERCHANT_ATTRIBUTES.has(name.toLowerCase()) ? name.toLowerCase() : null));
  const missing = missingColumns(at, MERCHANT_REQUIRED);
  if (missing) return missing;
  const column = (field: string) => table.header[at.get(field) ?? -1] ?? field;
  const fieldName = (path: readonly PropertyKey[]) => {
    const [first, second] = path.map(String);
    if (first === 'attributes' && second) return table.header[attributes.find((a) => a.name === second)?.index ?? -1] ?? second;
    if (first === 'otherUrls') return column('mobileUrl');
    if (first === 'saleStartsAt' || first === 'saleEndsAt') return column('saleDates');
    if (first === 'category' && !at.has('category')) return column('googleCategory');
    if (first === 'currency') return column('price');
    return first ? column(first) : '';
  };
  const drafts = table.rows.map((record): Draft => {
    const read = cells(record, at);
    const currency = merchantPrice(read.get('price') ?? '')?.currency ?? undefined;
    const money = prices(read, record.row, currency, column, (_field, amount) => merchantPrice(amount));
    const problems = [...extraCells(record, table.header.length), ...money.problems];
    const dates = read.get('saleDates');
    let sale: [number, number] | undefined;
    if (dates) {
      const [from, until] = dates.split('/').map(epochMs);
      if (from != null && until != null) sale = [from, until];
      else problems.push({ row: record.row, field: column('saleDates'), code: 'invalid_time', message: `"${dates}" is not two ISO 8601 times split by "/", e.g. 2026-11-27T00:00+0100/2026-11-30T23:59+0100` });
    }
    const availability = read.get('availability')?.toLowerCase().replace(/[\s-]/g, '_');
    // Google's own taxonomy is a path too when given as text ("Apparel & Accessories > Shoes"), not as its numeric id.
    const googleCategory = read.get('googleCategory');
    const category = firstValue(read.get('category')) ?? (googleCategory && !/^\d+$/.test(googleCategory) ? googleCategory : undefined);
    return {
      row: record.row,
      problems,
      fieldName,
      product: {
        ...textFields(read),
        category: category === undefined ? undefined : categoryPath(category),
        // The currency is the price's: a price that does not parse is reported once, on the price column.
        currency,
        price: money.price,
        salePrice: money.salePrice,
        saleStartsAt: sale?.[0],
        saleEndsAt: sale?.[1],
        availability: availability === undefined ? undefined : (MERCHANT_AVAILABILITY[availability] ?? availability),
        otherUrls: read.has('mobileUrl') ? [read.get('mobileUrl')] : undefined,
        attributes: attributesOf(record, attributes),
      },
    };
  });
  return { ok: true, ...accept(drafts), ignoredColumns: ignored.map((name) => table.header[header.indexOf(name)] ?? name) };
}

// ---- Checking rows --------------------------------------------------------------------------

/** The products of `drafts` that pass CatalogProduct and whose SKU no earlier row took; the problems of the others. */
function accept(drafts: readonly Draft[]): Omit<CatalogBatch, 'ignoredColumns'> {
  const products: CatalogProduct[] = [];
  const refused: RefusedRow[] = [];
  const rowOfSku = new Map<string, number>();
  for (const draft of drafts) {
    const checked = CatalogProduct.safeParse(draft.product);
    const fieldProblems = draft.problems.map((p) => p.field);
    // A field whose text did not convert is reported once, by the conversion, not again by the schema.
    const schemaProblems = checked.success ? [] : checked.error.issues.flatMap((issue) => refusals(draft, issue)).filter((p) => !fieldProblems.includes(p.field));
    // One problem per field and code: a missing price is not also a missing currency on the same column.
    const problems = [...draft.problems, ...schemaProblems].filter((p, i, all) => all.findIndex((q) => q.field === p.field && q.code === p.code) === i);
    if (checked.success && problems.length === 0) {
      const first = rowOfSku.get(checked.data.sku);
      if (first === undefined) {
        rowOfSku.set(checked.data.sku, draft.row);
        products.push(checked.data);
        continue;
      }
      problems.push({ row: draft.row, field: draft.fieldName(['sku']), code: 'duplicate_sku', message: `SKU "${checked.data.sku}" is already on row ${first}` });
    }
    refused.push(...problems);
  }
  return { products, refused, rows: drafts.length };
}

interface Issue {
  code: string;
  path: PropertyKey[];
  keys?: string[];
  message: string;
  params?: { code?: string };
  origin?: string;
  format?: string;
}

/** A schema issue as a refused row's problems, in the input's own words: one per unknown field, else one. */
function refusals(draft: Draft, issue: Issue): RefusedRow[] {
  if (issue.code === 'unrecognized_keys')
    return (issue.keys ?? []).map((key) => ({ row: draft.row, field: draft.fieldName([...issue.path, key]), code: 'unknown_field', message: `"${key}" is no field of a product` }));
  const field = draft.fieldName(issue.path);
  const at = (value: unknown, key: PropertyKey) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined);
  const given = issue.path.reduce<unknown>(at, draft.product);
  if (given === undefined && issue.code === 'invalid_type') return [{ row: draft.row, field, code: 'required', message: `${field || 'the product'} is required` }];
  return [{ row: draft.row, field, code: codeOf(issue), message: issue.message }];
}

function codeOf(issue: Issue): string {
  if (issue.code === 'custom') return issue.params?.code ?? 'invalid';
  if (issue.code === 'too_big') return issue.origin === 'string' ? 'too_long' : issue.origin === 'array' ? 'too_many' : 'too_large';
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'invalid_url';
  if (issue.code === 'invalid_value') return 'not_allowed';
  return 'invalid';
}
