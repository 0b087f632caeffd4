/**
 * The console's lists over a large enterprise, on Postgres and on PGlite: 100,000 sessions of one
 * enterprise (with their events, aggregates as ingest writes them, opportunities on a tenth, two
 * offers each, engagements on a third of those), seeded in batches straight into the tables; then
 * the API (app.http.request) is asked, `--requests` times each, for the sessions list's first page
 * (as is, narrowed by site and opportunity, searched by text, sorted by cart value), the enterprise's
 * engagements, and the report over the seeded month (`GET /api/v1/reports`, by associate and day).
 *
 *   npm run bench -- console [--sessions 100000] [--pglite-sessions 100000] [--requests 200]
 */
import { sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { createApp } from '../backend/src/app';
import { type Db, openDb } from '../backend/src/db/open';
import { rowsOf } from '../backend/src/db/records';
import { defaultDeps } from '../backend/src/deps';
import { quantile, table, withBenchDatabase } from './lib';

const DAY = 86_400_000;
const PERIOD_DAYS = 30;

interface Figures {
  database: string;
  sessions: number;
  seed_s: number;
  page_p50_ms: number;
  page_p99_ms: number;
  filtered_p50_ms: number;
  filtered_p99_ms: number;
  search_p99_ms: number;
  cart_sort_p99_ms: number;
  engagements_p99_ms: number;
  report_p50_ms: number;
  report_p99_ms: number;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sessions: { type: 'string', default: '100000' },
      'pglite-sessions': { type: 'string', default: '100000' },
      requests: { type: 'string', default: '200' },
    },
  });
  const requests = Number(values.requests);
  const postgres = await withBenchDatabase((url) => measure(url, Number(values.sessions), requests));
  const pglite = await measure(undefined, Number(values['pglite-sessions']), requests);
  table([postgres, pglite] as unknown as Record<string, string | number>[]);
  console.log('');
  console.log(
    JSON.stringify({
      bench: 'console',
      sessions: postgres.sessions,
      sessions_page_p50_ms: postgres.page_p50_ms,
      sessions_page_p99_ms: postgres.page_p99_ms,
      sessions_filtered_p99_ms: postgres.filtered_p99_ms,
      sessions_search_p99_ms: postgres.search_p99_ms,
      sessions_cart_sort_p99_ms: postgres.cart_sort_p99_ms,
      engagements_p99_ms: postgres.engagements_p99_ms,
      report_p50_ms: postgres.report_p50_ms,
      report_p99_ms: postgres.report_p99_ms,
      pglite_sessions: pglite.sessions,
      pglite_sessions_page_p99_ms: pglite.page_p99_ms,
      pglite_sessions_filtered_p99_ms: pglite.filtered_p99_ms,
      pglite_sessions_search_p99_ms: pglite.search_p99_ms,
      pglite_report_p99_ms: pglite.report_p99_ms,
    }),
  );
}

async function measure(databaseUrl: string | undefined, count: number, requests: number): Promise<Figures> {
  const database = await openDb(databaseUrl ? { databaseUrl, poolSize: 4 } : {});
  try {
    const app = createApp(defaultDeps(database.db, database.kind, { log: () => {} }));
    const enterprise = await app.tenancy.createEnterprise('Bench Console');
    await app.tenancy.addSite(enterprise.id, { name: 'Bench Volt', domain: 'volt.bench' });
    await app.tenancy.addSite(enterprise.id, { name: 'Bench Summit', domain: 'summit.bench' });
    const key = (await app.tenancy.createApiKey(enterprise.id, 'bench')).key;
    const end = Date.now();
    const started = performance.now();
    await seed(database.db, enterprise.id, count, new Date(end));
    const seedS = (performance.now() - started) / 1000;
    await database.db.execute(sql`analyze`);

    const from = new Date(end - PERIOD_DAYS * DAY).toISOString();
    const to = new Date(end + DAY).toISOString();
    const time = async (path: string) => {
      const samples: number[] = [];
      for (let i = 0; i < requests + 5; i++) {
        const t = performance.now();
        const res = await app.http.request(path, { headers: { authorization: `Bearer ${key}` } });
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        if (i >= 5) samples.push(performance.now() - t);
      }
      return samples.sort((a, b) => a - b);
    };
    const page = await time('/api/v1/sessions');
    const filtered = await time('/api/v1/sessions?site=volt.bench&hasOpportunity=true');
    const search = await time('/api/v1/sessions?q=espresso');
    const cartSort = await time('/api/v1/sessions?sort=cartValue');
    const engagementList = await time('/api/v1/enterprise/engagements?status=ended');
    const report = await time(`/api/v1/reports?groupBy=associate,day&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const r = (n: number) => Math.round(n * 10) / 10;
    return {
      database: database.kind,
      sessions: count,
      seed_s: r(seedS),
      page_p50_ms: r(quantile(page, 0.5)),
      page_p99_ms: r(quantile(page, 0.99)),
      filtered_p50_ms: r(quantile(filtered, 0.5)),
      filtered_p99_ms: r(quantile(filtered, 0.99)),
      search_p99_ms: r(quantile(search, 0.99)),
      cart_sort_p99_ms: r(quantile(cartSort, 0.99)),
      engagements_p99_ms: r(quantile(engagementList, 0.99)),
      report_p50_ms: r(quantile(report, 0.5)),
      report_p99_ms: r(quantile(report, 0.99)),
    };
  } finally {
    await database.close();
  }
}

const PRODUCTS = ['Espresso Machine', 'Noise Cancelling Headphones', 'Trail Running Shoes', 'Mirrorless Camera', 'Gaming Laptop', 'Down Jacket', 'Smart Watch', 'Robot Vacuum', 'Tent 4P', 'Soundbar'];

/**
 * The enterprise's month, written in batches of set-based inserts: shoppers, sessions (aggregates
 * shaped as ingest writes them: products seen, a search, a cart, the site, a customer id on one in
 * five), three events each, opportunities on every tenth session, two offers each, engagements on
 * every third opportunity (ended, an outcome on half).
 */
export async function seed(db: Db, enterpriseId: string, count: number, end: Date): Promise<void> {
  const span = PERIOD_DAYS * DAY;
  const endIso = end.toISOString();
  const products = JSON.stringify(PRODUCTS);
  const siteId = await siteOf(db, enterpriseId);
  await db.execute(sql`
    insert into associates (id, email, password_hash, display_name, employer_id, languages, timezone, schedule, capacity, contact, presence, presence_changed_at, created_at)
    select md5(${enterpriseId} || 'a' || i)::uuid, 'bench-' || i || '@associates.example', 'x', 'Associate ' || i, ${enterpriseId}, '{en}', 'UTC', '[]', 3,
      '{"notify":true,"sound":false,"channels":["chat"]}', 'available', ${endIso}::timestamptz, ${endIso}::timestamptz
    from generate_series(0, 19) i`);
  const BATCH = 10_000;
  for (let lo = 0; lo < count; lo += BATCH) {
    const hi = Math.min(count, lo + BATCH) - 1;
    await db.execute(sql`
      insert into shoppers (id, token_hash, locale, created_at)
      select md5(${enterpriseId} || 's' || i)::uuid, md5(${enterpriseId} || 't' || i), 'en-US', ${endIso}::timestamptz - interval '60 days'
      from generate_series(${lo}::int, ${hi}::int) i`);
    await db.execute(sql`
      with s as (
        select i, md5(${enterpriseId} || 'x' || i)::uuid as id, md5(${enterpriseId} || 's' || i)::uuid as shopper_id,
          ${endIso}::timestamptz - make_interval(secs => (i::float8 / ${count}) * ${span / 1000}) as started_at,
          (i % 1800) + 5 as secs,
          ${products}::jsonb ->> (i % 10) as product,
          ${products}::jsonb ->> ((i / 10) % 10) as second,
          case when i % 3 = 0 then 'summit.bench' else 'volt.bench' end as site
        from generate_series(${lo}::int, ${hi}::int) i
      )
      insert into sessions (id, shopper_id, enterprise_id, started_at, last_event_at, event_count, aggregate, updated_at, evaluated_at)
      select id, shopper_id, ${enterpriseId}, started_at, started_at + make_interval(secs => secs), 3,
        jsonb_build_object(
          'eventCount', 3, 'pageViews', 2, 'pagesByKind', jsonb_build_object('product', 2),
          'products', jsonb_build_array(
            jsonb_build_object('key', 'sku:' || (i % 500), 'name', product, 'url', 'https://' || site || '/p/' || (i % 500), 'price', ((i % 900) + 20) || '.00', 'currency', 'USD', 'brand', 'Brand ' || (i % 40),
              'category', jsonb_build_array('Cat ' || (i % 10)), 'availability', 'InStock', 'views', 1 + i % 4, 'dwellMs', (i % 120) * 1000, 'firstSeenAt', started_at, 'lastSeenAt', started_at),
            jsonb_build_object('key', 'sku:' || ((i + 7) % 500), 'name', second, 'url', 'https://' || site || '/p/' || ((i + 7) % 500), 'price', ((i % 300) + 10) || '.00', 'currency', 'USD', 'brand', null,
              'category', jsonb_build_array('Cat ' || ((i / 10) % 10)), 'availability', null, 'views', 1, 'dwellMs', 4000, 'firstSeenAt', started_at, 'lastSeenAt', started_at)),
          'categories', jsonb_build_array(jsonb_build_object('path', jsonb_build_array('Cat ' || (i % 10)), 'views', 1)),
          'searches', case when i % 4 = 0 then jsonb_build_array(jsonb_build_object('terms', lower(second), 'count', 1, 'lastAt', started_at)) else '[]'::jsonb end,
          'dwellMs', secs * 1000,
          'cart', case when i % 5 = 0
            then jsonb_build_object('items', jsonb_build_array(jsonb_build_object('key', 'sku:' || (i % 500), 'name', product, 'quantity', 1, 'price', ((i % 900) + 20) || '.00', 'currency', 'USD')),
              'value', ((i % 900) + 20) || '.00', 'currency', 'USD', 'totals', jsonb_build_array(jsonb_build_object('currency', 'USD', 'value', ((i % 900) + 20) || '.00')), 'updatedAt', started_at)
            else jsonb_build_object('items', '[]'::jsonb, 'value', '0.00', 'currency', null, 'totals', '[]'::jsonb, 'updatedAt', null) end,
          'sites', jsonb_build_array(site), 'lastUrl', 'https://' || site || '/p/' || (i % 500), 'left', false,
          'customerId', case when i % 5 = 1 then 'C-' || (i % 5000) else null end, 'customerClaim', null),
        started_at + make_interval(secs => secs), started_at + make_interval(secs => secs)
      from s`);
    await db.execute(sql`
      insert into events (id, shopper_id, session_id, site_id, client_event_id, type, at, received_at, url, data)
      select md5(${enterpriseId} || 'e' || i || '-' || k)::uuid, s.shopper_id, s.id, ${siteId}, 'evt-' || i || '-' || k,
        case k when 0 then 'page_view' when 1 then 'product_view' else 'heartbeat' end,
        s.started_at + make_interval(secs => k * 2), s.started_at + make_interval(secs => k * 2), s.aggregate->>'lastUrl',
        case k when 0 then jsonb_build_object('kind', 'product') when 1 then jsonb_build_object('product', s.aggregate->'products'->0) else jsonb_build_object('activeMs', 15000) end
      from generate_series(${lo}::int, ${hi}::int) i
      join sessions s on s.id = md5(${enterpriseId} || 'x' || i)::uuid
      cross join generate_series(0, 2) k`);
  }
  // Opportunities on every tenth session; two offers each; an engagement on every third.
  await db.execute(sql`
    insert into opportunities (id, enterprise_id, session_id, shopper_id, status, score, reasons, rules_version, segment, customer_external_id, opened_at, due_at, offer_state, closed_at, close_reason, origin)
    select md5(${enterpriseId} || 'o' || s.i)::uuid, ${enterpriseId}, s.id, s.shopper_id,
      case when s.i % 30 = 0 then 'engaged' else 'unserved' end, 12, '[{"conditionId":"long-dwell","points":12}]', 1,
      '{"category":["Cat 1"],"minLevel":1}', null, s.started_at + interval '20 seconds', null, null,
      case when s.i % 30 = 0 then null else s.started_at + interval '5 minutes' end, case when s.i % 30 = 0 then null else 'nobody_accepted' end, 'detected'
    from (select i, md5(${enterpriseId} || 'x' || i)::uuid as id, md5(${enterpriseId} || 's' || i)::uuid as shopper_id,
            ${endIso}::timestamptz - make_interval(secs => (i::float8 / ${count}) * ${span / 1000}) as started_at
          from generate_series(0, ${count - 1}::int, 10) i) s`);
  await db.execute(sql`
    insert into offers (id, opportunity_id, associate_id, wave, priority, status, score, reasons, offered_at, expires_at, answered_at, end_reason)
    select md5(o.id::text || k)::uuid, o.id, md5(${enterpriseId} || 'a' || ((abs(hashtext(o.id::text)) + k) % 20))::uuid, 1, 'may',
      case when o.status = 'engaged' and k = 0 then 'accepted' when k = 0 then 'missed' else 'declined' end, 0.8, '[]',
      o.opened_at, o.opened_at + interval '30 seconds', o.opened_at + interval '10 seconds', null
    from opportunities o cross join generate_series(0, 1) k where o.enterprise_id = ${enterpriseId}`);
  await db.execute(sql`
    insert into engagements (id, opportunity_id, enterprise_id, associate_id, shopper_id, session_id, customer_external_id, category, status, invited_at, expires_at, answered_at, ended_at, end_reason)
    select md5(o.id::text || 'e')::uuid, o.id, ${enterpriseId}, f.associate_id, o.shopper_id, o.session_id, null, '{"Cat 1"}', 'ended',
      o.opened_at + interval '10 seconds', o.opened_at + interval '70 seconds', o.opened_at + interval '20 seconds', o.opened_at + interval '10 minutes', 'associate_ended'
    from opportunities o join offers f on f.opportunity_id = o.id and f.status = 'accepted' where o.enterprise_id = ${enterpriseId}`);
  await db.execute(sql`
    insert into outcomes (engagement_id, sale, amount, currency, recorded_by, recorded_at)
    select e.id, (abs(hashtext(e.id::text)) % 2) = 0, '120.00', 'USD', 'associate', e.ended_at from engagements e where e.enterprise_id = ${enterpriseId}`);
}

async function siteOf(db: Db, enterpriseId: string): Promise<string> {
  return rowsOf<{ id: string }>(await db.execute(sql`select id from sites where enterprise_id = ${enterpriseId} and domain = 'volt.bench'`))[0]!.id;
}
