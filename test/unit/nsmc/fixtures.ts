import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadNsmc, nsmcDataFiles, type Review } from '../../../src/trainers/nsmc/dataset';
import { encodeReviews } from '../../../src/trainers/nsmc/features';
import { parseNsmcTrainParams, type NsmcTrainConfig } from '../../../src/trainers/nsmc/params';
import type { TrainingData } from '../../../src/trainers/nsmc/features';
import type { Params } from '../../../src/search-spec/space';

/** A small model and 2 epochs: enough to learn something from a few hundred reviews in well under a second. */
export function smallConfig(overrides: Params = {}): NsmcTrainConfig {
  return parseNsmcTrainParams({ hash_buckets: 4096, embedding_dim: 8, num_train_epochs: 2, learning_rate: 0.02, ...overrides });
}

export async function firstReviews(split: 'train' | 'test', count: number): Promise<Review[]> {
  const reviews = await loadNsmc(split === 'train' ? nsmcDataFiles.sliceTrain : nsmcDataFiles.sliceTest);
  return reviews.slice(0, count);
}

export function trainingData(reviews: readonly Review[], config: NsmcTrainConfig): TrainingData {
  return {
    features: encodeReviews(reviews.map((r) => r.text), { ngramMax: config.ngram_max, buckets: config.hash_buckets }),
    labels: Uint8Array.from(reviews, (r) => r.label),
  };
}

/** Writes reviews as an NSMC file in dir and returns its path. */
export async function writeNsmcFile(dir: string, name: string, reviews: readonly Review[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, ['id\tdocument\tlabel', ...reviews.map((r) => `${r.id}\t${r.text}\t${r.label}`)].join('\n') + '\n');
  return file;
}
