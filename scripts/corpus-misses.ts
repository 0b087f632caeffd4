import { loadProductPages, parseHtml } from '../extension/features/detection/corpus-pages';
import { scoreProducts } from '../extension/features/detection/corpus-score';
import { detect } from '../extension/features/detection/detect';
const pages = loadProductPages().map(({ id, truth, html }) => ({ id, truth, detection: detect(parseHtml(html, truth.url), truth.url, null) }));
const s = scoreProducts(pages);
for (const [a, v] of Object.entries(s.attributes)) console.log(a, v.f1.toFixed(3), `tp ${v.tp} fp ${v.fp} fn ${v.fn}`);
const want = (process.argv[2] ?? 'price,sku,availability').split(',');
for (const m of s.misses.filter((m) => want.includes(m.attribute))) console.log(m.attribute, m.id, JSON.stringify(m.predicted), JSON.stringify(m.accepted), pages.find(p=>p.id===m.id)!.truth.url.slice(0,70));
