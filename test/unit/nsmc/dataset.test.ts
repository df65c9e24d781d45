import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNsmc, nsmcDataFiles, parseNsmc } from '../../../src/trainers/nsmc/dataset';
import { encodeReviews, normaliseReview } from '../../../src/trainers/nsmc/features';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'nsmc-data-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const sample = ['id\tdocument\tlabel', '1\t"""재밌다""" 최고\t1', '2\t\t0', '3\t별로 "그냥" 그래요\t0', ''].join('\n');

describe('NSMC files', () => {
  it('splits on tabs only, keeps quotes as characters and skips empty documents', () => {
    expect(parseNsmc(sample)).toEqual([
      { id: '1', text: '"""재밌다""" 최고', label: 1 },
      { id: '3', text: '별로 "그냥" 그래요', label: 0 },
    ]);
    expect(() => parseNsmc('id\tdocument\tlabel\n1\ttwo\tfields\textra\n')).toThrow(/3 tab-separated fields/);
    expect(() => parseNsmc('id,document,label\n')).toThrow(/header/);
  });

  it('reads gzip files transparently', async () => {
    const plain = path.join(scratch, 'sample.tsv');
    await writeFile(plain, sample);
    await writeFile(`${plain}.gz`, gzipSync(sample));
    expect(await loadNsmc(`${plain}.gz`)).toEqual(await loadNsmc(plain));
  });

  it('ships the slice with the counts its README gives', async () => {
    const [train, test] = await Promise.all([loadNsmc(nsmcDataFiles.sliceTrain), loadNsmc(nsmcDataFiles.sliceTest)]);
    expect(train).toHaveLength(10_221);
    expect(test).toHaveLength(5_272);
    expect(train.filter((r) => r.label === 0)).toHaveLength(5_126);
  });
});

describe('hashed character n-grams', () => {
  it('normalises width, case and whitespace', () => {
    expect(normaliseReview('  ＡＢＣ  영화\t\n최고 ')).toBe('abc 영화 최고');
  });

  it('emits every 1..ngramMax-gram of the space-padded text, Hangul syllables as characters', () => {
    const { ids, offsets } = encodeReviews(['좋아', '좋아'], { ngramMax: 3, buckets: 1 << 20 });
    // " 좋아 " has 4 characters: 4 unigrams + 3 bigrams + 2 trigrams
    expect(offsets[1]).toBe(9);
    expect(Array.from(ids.subarray(0, 9))).toEqual(Array.from(ids.subarray(9, 18)));
    expect(new Set(ids.subarray(0, 9)).size).toBe(8); // the two edge spaces are the same unigram
    expect(Math.max(...encodeReviews(['아주 긴 리뷰입니다'], { ngramMax: 4, buckets: 97 }).ids)).toBeLessThan(97);
  });
});
