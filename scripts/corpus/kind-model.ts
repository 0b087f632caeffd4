import { SIGN_NAMES, signVector, type PageSigns } from '../../extension/features/detection/visible/page-signs';
import type { KindModel } from '../../extension/features/detection/visible/page-kind';

/**
 * Learns the page-kind model's weights from labelled pages: logistic regression by gradient
 * descent with a small L2 penalty, in plain TypeScript. Pure and deterministic.
 */
export interface KindExample {
  signs: PageSigns;
  product: boolean;
}

export interface TrainOptions {
  iterations?: number;
  rate?: number;
  l2?: number;
}

export function trainKindModel(examples: readonly KindExample[], { iterations = 4000, rate = 0.5, l2 = 0.01 }: TrainOptions = {}): KindModel {
  const xs = examples.map((e) => signVector(e.signs));
  const ys = examples.map((e) => (e.product ? 1 : 0));
  // Each class weighs the same, however many pages of it there are.
  const positives = ys.filter((y) => y === 1).length;
  const negatives = ys.length - positives;
  const classWeight = (y: number) => (y === 1 ? ys.length / (2 * Math.max(1, positives)) : ys.length / (2 * Math.max(1, negatives)));
  const w = new Array<number>(SIGN_NAMES.length).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(w.length).fill(0);
    let gb = 0;
    xs.forEach((x, i) => {
      let z = b;
      for (let j = 0; j < w.length; j++) z += w[j]! * x[j]!;
      const err = (1 / (1 + Math.exp(-z)) - ys[i]!) * classWeight(ys[i]!);
      for (let j = 0; j < w.length; j++) gw[j]! += err * x[j]!;
      gb += err;
    });
    for (let j = 0; j < w.length; j++) w[j]! -= rate * (gw[j]! / xs.length + l2 * w[j]!);
    b -= rate * (gb / xs.length);
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { bias: round(b), weights: Object.fromEntries(SIGN_NAMES.map((name, j) => [name, round(w[j]!)])) as KindModel['weights'] };
}

/**
 * The corpus cut in two halves by shop (every page of one shop on the same side), so that what
 * is learned on one half is judged on shops it never saw. Deterministic: by a hash of the host.
 */
export function halfOf(url: string): 0 | 1 {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^www\d*\./, '');
  } catch {
    host = url;
  }
  // The shop, not the country site: amazon.de and amazon.co.uk are one shop; so are the cities of craigslist.org.
  const labels = host.split('.');
  while (labels.length > 1 && /^([a-z]{2}|com|co|org|net|gov|edu|ac)$/.test(labels[labels.length - 1]!)) labels.pop();
  const shop = labels[labels.length - 1]!;
  let hash = 2166136261;
  for (const ch of shop) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return (hash & 1) as 0 | 1;
}
