/**
 * Learns the page-kind model from the corpus and writes its weights to
 * extension/features/detection/visible/page-kind.model.ts; prints how each half of the corpus
 * (split by shop) is judged by a model learned on the other half.
 *
 *   npx tsx scripts/corpus/train-kind.ts [--dry]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handRule, productLikelihood, PRODUCT_THRESHOLD } from '../../extension/features/detection/visible/page-kind';
import { halfOf, trainKindModel } from './kind-model';
import { corpusSigns } from './signs';

const rows = corpusSigns();
for (const half of [0, 1] as const) {
  const model = trainKindModel(rows.filter((r) => halfOf(r.url) !== half));
  const held = rows.filter((r) => halfOf(r.url) === half);
  const right = held.filter((r) => productLikelihood(r.signs, model) > PRODUCT_THRESHOLD === r.product).length;
  const ruled = held.filter((r) => handRule(r.signs) === r.product).length;
  console.log(`half ${half}: model learned on ${rows.length - held.length} rows: ${right}/${held.length} right (${(right / held.length).toFixed(3)}); hand rule ${ruled}/${held.length} (${(ruled / held.length).toFixed(3)})`);
  for (const r of held.filter((r) => productLikelihood(r.signs, model) > PRODUCT_THRESHOLD !== r.product)) console.log('  wrong', r.product ? 'product' : 'other', r.stripped ? 'stripped' : 'plain', r.url.slice(0, 80), JSON.stringify(r.signs));
}
const model = trainKindModel(rows);
const right = rows.filter((r) => productLikelihood(r.signs, model) > PRODUCT_THRESHOLD === r.product).length;
console.log(`all: ${right}/${rows.length}`, JSON.stringify(model));
if (!process.argv.includes('--dry')) {
  const file = join(import.meta.dirname, '../../extension/features/detection/visible/page-kind.model.ts');
  writeFileSync(
    file,
    `import type { KindModel } from './page-kind';

/**
 * The page-kind model's weights, learned from the corpus (product pages and other pages, as
 * saved and with their structured data stripped) by scripts/corpus/train-kind.ts. Do not edit
 * by hand: run the script again.
 */
export const PAGE_KIND_MODEL: KindModel = ${JSON.stringify(model, null, 2)};
`,
  );
  console.log('wrote', file);
}
