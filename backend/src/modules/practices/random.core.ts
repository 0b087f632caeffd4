/**
 * Seeded randomness for the practices cores: a uniform source, the Beta draws Thompson sampling
 * needs, and a stable hash for deterministic assignments (the holdout).
 *
 * Nothing here reads Math.random or a clock: the caller injects a `Random` (in production a
 * seeded one it keeps, or one built from a seed it logs), so a ranking or an interval can be
 * reproduced from its seed.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** A seeded uniform source (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Marsaglia's polar method). */
export function normalSample(random: Random): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** A Gamma(shape, 1) draw by Marsaglia and Tsang's method; shapes below 1 by the boost u^(1/shape). */
export function gammaSample(random: Random, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`a Gamma shape must be positive, got ${shape}`);
  if (shape < 1) return gammaSample(random, shape + 1) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalSample(random);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - random(); // in (0, 1], so its log is finite
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw, as X / (X + Y) of two Gamma draws. */
export function betaSample(random: Random, alpha: number, beta: number): number {
  const x = gammaSample(random, alpha);
  const y = gammaSample(random, beta);
  return x / (x + y);
}

/** A 32-bit hash of a string (FNV-1a over its UTF-16 units, then murmur3's finaliser so every bit mixes). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
