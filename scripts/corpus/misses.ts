/**
 * Every miss of the detection on the corpus's product pages, to look at: the F1 of each
 * attribute, then one line per wrong or missing value (attribute, page id, predicted, accepted, url).
 *
 *   npx tsx scripts/corpus-misses.ts [price,sku,availability]
 */
import { loadProductPages, parseHtml } from './pages';
import { scoreProducts } from './score';
import { detect } from '../../extension/features/detection/detect';

const wanted = (process.argv[2] ?? 'price,sku,availability').split(',');
const pages = loadProductPages().map(({ id, truth, html }) => ({ id, truth, detection: detect(parseHtml(html, truth.url), truth.url, null) }));
const score = scoreProducts(pages);
for (const [attribute, s] of Object.entries(score.attributes)) console.log(attribute, s.f1.toFixed(3), `tp ${s.tp} fp ${s.fp} fn ${s.fn}`);
for (const miss of score.misses.filter((m) => wanted.includes(m.attribute))) {
  const url = pages.find((p) => p.id === miss.id)!.truth.url;
  console.log(miss.attribute, miss.id, JSON.stringify(miss.predicted), JSON.stringify(miss.accepted), url);
}
