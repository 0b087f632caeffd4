import { CatalogImportReport, CatalogProduct, CatalogProductBatch, CatalogProductList, CatalogResolution, DetectedProductBody, ResolutionRate, Sku } from '../../../../shared/catalog';
import { SalesInfo } from '../../../../shared/sales';
import type { RouteDoc } from '../openapi/document.core';
import { CatalogListQuery, ImportQuery, RateQuery } from './queries';

const report = { status: 200, description: 'What the batch did: rows read, products written, every refused row’s problems.', body: { id: 'CatalogImportReport', schema: CatalogImportReport } };

/** The routes of the catalogue and the sales information, for the OpenAPI document (openapi/catalogue.ts). */
export const catalogRouteDocs: RouteDoc[] = [
  {
    method: 'PUT',
    path: '/api/v1/catalog/products',
    tag: 'catalog',
    summary: 'Upserts a batch of products (at most 10,000) by SKU: every valid product in one transaction, or none; the refused rows are reported and never written.',
    description:
      'Prices are integer minor units of the currency (34900 for 349.00 USD, 1500 for 1500 JPY). A refused row is reported with its position in `products` (from 1), the field, a code (`invalid_gtin`, `sale_above_price`, `unknown_field`, `duplicate_sku`, `required`…) and a message. More than 10,000 products: 413, nothing written. The body is at most 32 MB.',
    auth: ['enterprise'],
    body: { id: 'CatalogProductBatch', schema: CatalogProductBatch },
    answer: report,
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/imports',
    tag: 'catalog',
    summary: 'Upserts a batch from a file: the project’s CSV (`text/csv`, the export’s columns), or with `format=merchant` a Google Merchant feed as Merchant Center takes it (TSV or CSV).',
    description:
      'The body is the file itself (UTF-8, at most 32 MB and 10,000 rows; RFC 4180 quoting, a byte-order mark and CRLF are taken). Media types: `text/csv`, `application/csv`, `text/plain`, and for a feed also `text/tab-separated-values`. A refused row is reported with its record number (the header is row 1) and the column as the file names it; columns no field is read from are listed in `ignoredColumns`. A file that is no table (an unclosed quote, no header, missing required columns) is refused whole (400); one over 10,000 rows too (413).',
    auth: ['enterprise'],
    query: ImportQuery,
    answer: report,
    errors: ['invalid_body', 'payload_too_large', 'unsupported_media_type'],
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/products',
    tag: 'catalog',
    summary: 'The enterprise’s products by SKU, a page at a time, optionally those matching `q`.',
    auth: ['enterprise'],
    query: CatalogListQuery,
    answer: { status: 200, description: 'A page of products.', body: { id: 'CatalogProductList', schema: CatalogProductList } },
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/products.csv',
    tag: 'catalog',
    summary: 'The whole catalogue as the project’s CSV (`text/csv`), which `POST /api/v1/catalog/imports` reads back to the same products.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The CSV (text/csv), streamed.' },
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/products/:sku',
    params: { sku: Sku },
    tag: 'catalog',
    summary: 'One product by its SKU (URL-encoded in the path).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The product.', body: { id: 'CatalogProduct', schema: CatalogProduct } },
    errors: ['invalid_path', 'not_found'],
  },
  {
    method: 'DELETE',
    path: '/api/v1/catalog/products/:sku',
    params: { sku: Sku },
    tag: 'catalog',
    summary: 'Removes a product.',
    auth: ['enterprise'],
    answer: { status: 204, description: 'Removed.' },
    errors: ['invalid_path', 'not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/catalog/resolve',
    tag: 'catalog',
    summary: 'The catalogue product a product detected on a page is: by its canonical URL, then SKU, GTIN, MPN within the brand, then name and brand; and the detected price against the catalogue’s.',
    description:
      'Each backend instance holds an index of the catalogue and reads the catalogue’s version at most every 5 seconds: a change is seen by the instance that made it at once, by the others within 5 seconds.',
    auth: ['enterprise'],
    body: { id: 'DetectedProductBody', schema: DetectedProductBody },
    answer: { status: 200, description: 'How it resolved.', body: { id: 'CatalogResolution', schema: CatalogResolution } },
  },
  {
    method: 'GET',
    path: '/api/v1/catalog/resolution-rate',
    tag: 'catalog',
    summary: 'How the products shoppers viewed on the enterprise’s sites in the last `days` resolve to the catalogue as it is now: resolved / all, by evidence.',
    auth: ['enterprise'],
    query: RateQuery,
    answer: { status: 200, description: 'The rate.', body: { id: 'ResolutionRate', schema: ResolutionRate } },
  },
  {
    method: 'GET',
    path: '/api/v1/engagements/:id/sales-info',
    tag: 'catalog',
    summary: 'The engagement’s sales information, for its associate only: the product in view with the catalogue’s facts and the prices seen, alternatives and accessories in stock, the verified customer’s profile, the trail, external product information.',
    description:
      'The product in view is the one the shopper viewed last in the engagement’s session, resolved to the catalogue; its price is the one the shopper pays now (the sale price during a sale). The customer’s profile and the external information (Best Buy’s Products API when configured) are included when they answer in time, else null.',
    auth: ['associate'],
    answer: { status: 200, description: 'The sales information.', body: { id: 'SalesInfo', schema: SalesInfo } },
    errors: ['not_found'],
  },
];
