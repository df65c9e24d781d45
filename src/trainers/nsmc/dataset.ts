import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Label index 0 = negative, 1 = positive, as in the NSMC files. */
export interface Review {
  id: string;
  text: string;
  label: 0 | 1;
}

function repoData(relative: string): string {
  return fileURLToPath(new URL(`../../../data/nsmc/${relative}`, import.meta.url));
}

/** Data files shipped with the repository: the 10k/5k slice and the full corpus (gzipped). */
export const nsmcDataFiles = {
  sliceTrain: repoData('train.tsv'),
  sliceTest: repoData('test.tsv'),
  fullTrain: repoData('full/ratings_train.txt.gz'),
  fullTest: repoData('full/ratings_test.txt.gz'),
} as const;

/**
 * Parses the NSMC format: a header line, then id \t document \t label per line. Quotes are ordinary
 * characters (the corpus wraps some reviews in runs of `"`), so lines are split on tabs only.
 * Rows with an empty document are skipped, as the full corpus has a few.
 */
export function parseNsmc(content: string, source = 'input'): Review[] {
  const lines = content.split('\n');
  const header = lines[0]?.replace(/\r$/, '');
  if (header !== 'id\tdocument\tlabel') throw new Error(`${source}: expected header "id\\tdocument\\tlabel", got ${JSON.stringify(header)}`);
  const reviews: Review[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line === '') continue;
    const fields = line.split('\t');
    if (fields.length !== 3) throw new Error(`${source}:${i + 1}: expected 3 tab-separated fields, got ${fields.length}`);
    const [id, text, label] = fields as [string, string, string];
    if (label !== '0' && label !== '1') throw new Error(`${source}:${i + 1}: label must be 0 or 1, got ${JSON.stringify(label)}`);
    if (text.trim() === '') continue;
    reviews.push({ id, text, label: label === '1' ? 1 : 0 });
  }
  return reviews;
}

/** Reads an NSMC file; a path ending in .gz is decompressed first. */
export async function loadNsmc(path: string): Promise<Review[]> {
  const raw = await readFile(path);
  const bytes = path.endsWith('.gz') ? gunzipSync(raw) : raw;
  return parseNsmc(bytes.toString('utf8'), path);
}
