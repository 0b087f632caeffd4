import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { CatalogImportReport, CatalogProduct, CatalogProductList, ResolutionRate } from '../../../../shared/catalog';
import { problemOf } from '../api.core';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { FormMessage, SelectField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading } from '../components/States';
import { useRead } from '../data';
import { useFiles } from '../files';
import { mayChange } from '../nav.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { money, percent } from '../sales/money.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;

/** The price a product shows: the sale price beside the list price while there is one. */
function priceOf(p: CatalogProduct): string {
  return p.salePrice != null ? `${money(p.salePrice, p.currency)} (list ${money(p.price, p.currency)})` : money(p.price, p.currency);
}

/** How the products shoppers viewed in the last 30 days resolve to the catalogue. */
function ResolutionCard(): JSX.Element {
  const state = useConsole();
  const rate = useRead(() => state.api.get<ResolutionRate>('/catalog/resolution-rate', { days: 30 }));
  return (
    <section class="card" aria-labelledby="rate-title">
      <h2 id="rate-title">Resolution rate</h2>
      <Switch>
        <Match when={rate.problem()}>{(p) => <ErrorState problem={p()} retry={() => rate.refetch()} />}</Match>
        <Match when={!rate.data.latest}>
          <Loading what="the resolution rate" />
        </Match>
        <Match when={rate.data.latest?.views === 0}>
          <Empty title="No product views in the last 30 days">The rate is measured on the products shoppers view on the enterprise’s sites.</Empty>
        </Match>
        <Match when={rate.data.latest}>
          {(r) => (
            <>
              <p>
                <span class="big-figure">{percent(r().rate)}</span> of the {r().views} product views of the last {r().days} days resolve to a product of the catalogue ({r().resolved} resolved).
              </p>
              <Show when={r().views > 0}>
                <p class="muted small">
                  By evidence:{' '}
                  {Object.entries(r().byKind)
                    .filter(([, n]) => n > 0)
                    .map(([k, n]) => `${k} ${n}`)
                    .join(', ')}
                  {r().truncated ? '; only the most recent views were counted.' : '.'}
                </p>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** An upload of the project's CSV or a Google Merchant feed, and what it did: written, refused rows (row, field, message). */
function ImportCard(props: { onImported: () => void }): JSX.Element {
  const files = useFiles();
  const [format, setFormat] = createSignal<'csv' | 'merchant'>('csv');
  const [file, setFile] = createSignal<File | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [report, setReport] = createSignal<CatalogImportReport | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    const f = file();
    if (!f) return setError('Choose a file to import.');
    setBusy(true);
    try {
      const type = format() === 'merchant' && /\.(tsv|txt)$/i.test(f.name) ? 'text/tab-separated-values' : 'text/csv';
      setReport(await files.upload<CatalogImportReport>('POST', '/catalog/imports', f, type, { format: format() }));
      props.onImported();
    } catch (err) {
      const p = problemOf(err);
      setError([p.message, ...Object.values(p.fields)].join(' '));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <form class="form" onSubmit={submit} novalidate>
        <SelectField
          label="Format"
          name="format"
          value={format()}
          options={[
            ['csv', 'The project’s CSV (the export’s columns)'],
            ['merchant', 'A Google Merchant feed (TSV or CSV)'],
          ]}
          onChange={(v) => setFormat(v as 'csv' | 'merchant')}
        />
        <div class="field-block">
          <label for="import-file">File</label>
          <span id="import-file-hint" class="hint">
            At most 10,000 products. Valid rows are written together; refused rows are listed and never written.
          </span>
          <input id="import-file" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" aria-describedby="import-file-hint" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <FormMessage message={error()} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <Show when={report()}>
        {(r) => (
          <div class="detail" role="status">
            <p class="strong">
              {r().written} of {r().rows} rows written; {r().refusedRows} refused. Catalogue version {r().version}.
            </p>
            <Show when={r().ignoredColumns.length > 0}>
              <p class="muted small">Columns not read: {r().ignoredColumns.join(', ')}.</p>
            </Show>
            <Show when={r().refused.length > 0}>
              <div class="table-scroll server-table">
                <table>
                  <caption class="sr-only">The refused rows</caption>
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Field</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().refused}>
                      {(x) => (
                        <tr>
                          <td class="num">{x.row}</td>
                          <td>
                            <code>{x.field || '(the row)'}</code>
                          </td>
                          <td>{x.message}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}

/** One product, all its facts. */
function ProductPanel(props: { sku: string; onClose: () => void }): JSX.Element {
  const state = useConsole();
  const product = useRead((sku: string) => state.api.get<CatalogProduct>(`/catalog/products/${encodeURIComponent(sku)}`), () => props.sku);
  return (
    <section class="card detail" aria-labelledby="product-title">
      <Switch>
        <Match when={product.problem()}>{(p) => <ErrorState problem={p()} retry={() => product.refetch()} />}</Match>
        <Match when={!product.data.latest || product.data.latest.sku !== props.sku}>
          <Loading what="the product" />
        </Match>
        <Match when={product.data.latest}>
          {(p) => (
            <>
              <div class="page-head">
                <h2 id="product-title">{p().name}</h2>
                <button type="button" class="small-button" onClick={() => props.onClose()}>
                  Close
                </button>
              </div>
              <dl class="kv">
                <dt>SKU</dt>
                <dd>{p().sku}</dd>
                <dt>Brand</dt>
                <dd>{p().brand ?? '—'}</dd>
                <dt>GTIN · MPN</dt>
                <dd>
                  {p().gtin ?? '—'} · {p().mpn ?? '—'}
                </dd>
                <dt>Category</dt>
                <dd>{p().category.join(' › ') || '—'}</dd>
                <dt>Price</dt>
                <dd>{priceOf(p())}</dd>
                <dt>Availability</dt>
                <dd>
                  {p().availability.replace(/_/g, ' ')}
                  {p().stock != null ? `, ${p().stock} in stock` : ''}
                </dd>
                <dt>Page</dt>
                <dd class="url">{p().url}</dd>
                <Show when={p().description}>
                  <dt>Description</dt>
                  <dd>{p().description}</dd>
                </Show>
                <Show when={Object.keys(p().attributes).length > 0}>
                  <dt>Attributes</dt>
                  <dd>
                    {Object.entries(p().attributes)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join('; ')}
                  </dd>
                </Show>
                <dt>Related</dt>
                <dd>
                  Accessories {p().related.accessories.join(', ') || '—'}; alternatives {p().related.alternatives.join(', ') || '—'}
                </dd>
              </dl>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** Catalogue: the enterprise's products (search, pages, one product), import and export, and how well viewed products resolve. */
export default function Catalogue(): JSX.Element {
  const state = useConsole();
  const files = useFiles();
  const [q, setQ] = createSignal('');
  const [typed, setTyped] = createSignal('');
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [open, setOpen] = createSignal<string | null>(null);
  const [exportError, setExportError] = createSignal<string | null>(null);
  const page = useRead((k: { q: string; cursor: string | null }) => state.api.get<CatalogProductList>('/catalog/products', { limit: PAGE_SIZE, q: k.q, cursor: k.cursor }), () => ({ q: q(), cursor: currentCursor(pager()) }));
  const canImport = () => mayChange(state.viewer(), 'POST', '/catalog/imports');
  const columns: Column<CatalogProduct>[] = [
    {
      header: 'SKU',
      accessorKey: 'sku',
      cell: (c) => (
        <button type="button" class="link" onClick={() => setOpen(c.row.original.sku)}>
          {c.row.original.sku}
        </button>
      ),
    },
    { header: 'Name', accessorKey: 'name', cell: (c) => <span class="strong">{c.getValue<string>()}</span> },
    { header: 'Brand', accessorKey: 'brand', cell: (c) => c.getValue<string | null>() ?? '—' },
    { header: 'Category', id: 'category', cell: (c) => c.row.original.category.join(' › ') || '—' },
    { header: 'Price', id: 'price', cell: (c) => priceOf(c.row.original) },
    { header: 'Availability', id: 'availability', cell: (c) => <span class={`tag ${c.row.original.availability === 'out_of_stock' ? 'warn' : ''}`}>{c.row.original.availability.replace(/_/g, ' ')}</span> },
  ];
  const exportCsv = async () => {
    setExportError(null);
    try {
      await files.download('/catalog/products.csv', 'catalog.csv');
    } catch (err) {
      setExportError(problemOf(err).message);
    }
  };
  return (
    <section class="page-section wide">
      <div class="page-head">
        <h1>Catalogue</h1>
        <button type="button" onClick={exportCsv}>
          Export CSV
        </button>
      </div>
      <p class="lead">The products the associates sell from: what the extension’s detected products resolve to, with prices, stock, alternatives and accessories.</p>
      <Alert message={exportError()} />
      <div class="split">
        <ResolutionCard />
        <Show when={canImport()} fallback={<p class="muted small card">Imports are for the enterprise’s admins; your role reads the catalogue.</p>}>
          <ImportCard onImported={() => void page.refetch()} />
        </Show>
      </div>
      <h2>Products</h2>
      <Show when={open()}>{(sku) => <ProductPanel sku={sku()} onClose={() => setOpen(null)} />}</Show>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed().trim());
          setPager(FIRST_PAGE);
        }}
      >
        <label>
          Search
          <input type="search" value={typed()} placeholder="SKU, name, brand, MPN or GTIN" onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <Switch>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the products" />
        </Match>
        <Match when={page.data.latest?.products.length === 0 && pageNumber(pager()) === 1}>
          <Empty title={q() ? `No product matches “${q()}”` : 'The catalogue is empty'}>{q() ? 'Try part of the name, the SKU or the GTIN.' : 'Import the shop’s products as CSV or a Google Merchant feed.'}</Empty>
        </Match>
        <Match when={page.data.latest}>
          {(list) => (
            <ServerTable
              caption="Products by SKU"
              columns={columns}
              rows={list().products}
              rowKey={(p) => p.sku}
              pager={cursorPager(pager, setPager, list().nextCursor)}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
