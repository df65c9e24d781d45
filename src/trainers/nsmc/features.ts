/**
 * Hashed character n-grams: the review is normalised (NFKC, lower case, whitespace runs collapsed),
 * wrapped in one space on each side so n-grams at word edges are distinct, and every n-gram of
 * 1..ngramMax UTF-16 code units (a Hangul syllable is one unit) is hashed with 32-bit FNV-1a into
 * one of `buckets` embedding rows. Repeated n-grams count repeatedly, as in an EmbeddingBag.
 */
export interface FeatureConfig {
  ngramMax: number;
  buckets: number;
}

/** Feature rows of many reviews, flattened: review i owns ids[offsets[i] .. offsets[i+1]). */
export interface EncodedReviews {
  ids: Int32Array;
  offsets: Int32Array;
  count: number;
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

export function normaliseReview(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function appendFeatureIds(text: string, config: FeatureConfig, out: number[]): void {
  const padded = ` ${normaliseReview(text)} `;
  for (let start = 0; start < padded.length; start++) {
    let hash = fnvOffset;
    const end = Math.min(padded.length, start + config.ngramMax);
    for (let i = start; i < end; i++) {
      hash = Math.imul(hash ^ padded.charCodeAt(i), fnvPrime);
      out.push((hash >>> 0) % config.buckets);
    }
  }
}

export function featureIds(text: string, config: FeatureConfig): Int32Array {
  const ids: number[] = [];
  appendFeatureIds(text, config, ids);
  return Int32Array.from(ids);
}

export function encodeReviews(texts: readonly string[], config: FeatureConfig): EncodedReviews {
  const ids: number[] = [];
  const offsets = new Int32Array(texts.length + 1);
  texts.forEach((text, i) => {
    appendFeatureIds(text, config, ids);
    offsets[i + 1] = ids.length;
  });
  return { ids: Int32Array.from(ids), offsets, count: texts.length };
}
