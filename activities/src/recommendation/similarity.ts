import type { SituationFeatures } from '@hro/domain';

/**
 * How much each facet counts when comparing two situations. Alert names say most about
 * the failure mode; services and labels locate it; free text is noisy, so it counts least.
 */
export const SIMILARITY_WEIGHTS = { alertNames: 0.4, services: 0.25, labels: 0.2, text: 0.15 } as const;

// Words that carry no signal in alert summaries.
const STOP_WORDS = new Set(
  'a an and are as at be by for from has in is it of on or that the this to was were with'.split(' '),
);

/** Lower-cased word tokens of length >= 3 (digits-only tokens dropped: ids, counts). */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of text.toLowerCase().split(/[^a-z0-9_]+/)) {
    if (t.length >= 3 && !/^\d+$/.test(t) && !STOP_WORDS.has(t)) out.add(t);
  }
  return out;
}

/** |A ∩ B| / |A ∪ B|; undefined when both are empty (the facet says nothing). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number | undefined {
  if (a.size === 0 && b.size === 0) return undefined;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function labelPairs(f: SituationFeatures): Set<string> {
  const pairs = new Set(Object.entries(f.labels).map(([k, v]) => `${k}=${v}`));
  for (const env of f.environments) pairs.add(`environment=${env}`);
  return pairs;
}

/**
 * Similarity of two situations in [0, 1]: a weighted mean of Jaccard indices over alert
 * names, services, label pairs (environment included) and summary words. Facets empty on
 * both sides are left out and the remaining weights renormalised.
 */
export function similarity(a: SituationFeatures, b: SituationFeatures): number {
  const facets: [number, number | undefined][] = [
    [SIMILARITY_WEIGHTS.alertNames, jaccard(new Set(a.alertNames), new Set(b.alertNames))],
    [SIMILARITY_WEIGHTS.services, jaccard(new Set(a.services), new Set(b.services))],
    [SIMILARITY_WEIGHTS.labels, jaccard(labelPairs(a), labelPairs(b))],
    [SIMILARITY_WEIGHTS.text, jaccard(tokens(a.text), tokens(b.text))],
  ];
  let weight = 0;
  let sum = 0;
  for (const [w, j] of facets) {
    if (j === undefined) continue;
    weight += w;
    sum += w * j;
  }
  return weight === 0 ? 0 : sum / weight;
}
