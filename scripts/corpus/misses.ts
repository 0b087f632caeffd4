/**
 * Every miss of the detection on the corpus's product pages, to look at: the F1 of each
 * attribute, then one line per wrong or missing value (attribute, page id, predicted, accepted, url).
 * With --stripped, on the pages without their structured data (the visible-page heuristics alone).
 *
 *   npx tsx scripts/corpus/misses.ts [price,sku,availability] [--stripped]
 */
import { loadProductPages, parseHtml } from './pages';
import { scoreProducts } from './score';
import { stripStructuredData } from './strip';
import { detect } from '../../extension/features/detection/detect';

const args = process.argv.slice(2);
const stripped = args.includes('--stripped');
const wanted = (args.find((a) => !a.startsWith('--')) ?? 'price,sku,availability').split(',');
const pages = loadProductPages().map(({ id, truth, html }) => {
  const doc = parseHtml(html, truth.url);
  if (stripped) stripStructuredData(doc);
  const detection = detect(doc, truth.url, null);
  doc.defaultView?.close();
  return { id, truth, detection };
});
const score = scoreProducts(pages);
for (const [attribute, s] of Object.entries(score.attributes)) console.log(attribute, s.f1.toFixed(3), `tp ${s.tp} fp ${s.fp} fn ${s.fn}`);
for (const miss of score.misses.filter((m) => wanted.includes(m.attribute))) {
  const url = pages.find((p) => p.id === miss.id)!.truth.url;
  console.log(miss.attribute, miss.id, JSON.stringify(miss.predicted), JSON.stringify(miss.accepted), url);
}
