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

/** A growable Int32Array: the full corpus has over 20 million feature ids. */
class IdBuffer {
  ids = new Int32Array(1 << 16);
  length = 0;

  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }
}

function appendFeatureIds(text: string, config: FeatureConfig, out: IdBuffer): void {
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

export function encodeReviews(texts: readonly string[], config: FeatureConfig): EncodedReviews {
  const buffer = new IdBuffer();
  const offsets = new Int32Array(texts.length + 1);
  texts.forEach((text, i) => {
    appendFeatureIds(text, config, buffer);
    offsets[i + 1] = buffer.length;
  });
  return { ids: buffer.ids.slice(0, buffer.length), offsets, count: texts.length };
}

/** Encoded reviews with their labels: what training reads. */
export interface TrainingData {
  features: EncodedReviews;
  labels: Uint8Array;
}
