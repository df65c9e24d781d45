/** An encoded answer and the search version it was read at (or after). */
interface CachedAnswer {
  version: number;
  body: string;
}

/**
 * The encoded answers of conditional reads by URL, least recently used first out, holding at most
 * `maxBytes` of answers (UTF-16 code units counted as bytes; 0 holds none). An answer is served only while
 * its search's version is the one it was stored under, so it is never staler than the ETag it goes with.
 */
export class AnswerCache {
  readonly #answers = new Map<string, CachedAnswer>();
  #bytes = 0;
  /** Lookups answered from the cache, and those that were not. */
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** The answer of `url` at `version`, if one is held. */
  get(url: string, version: number): string | undefined {
    const answer = this.#answers.get(url);
    if (answer?.version !== version) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.#answers.delete(url);
    this.#answers.set(url, answer);
    return answer.body;
  }

  set(url: string, version: number, body: string): void {
    const size = url.length + body.length;
    if (size > this.maxBytes) return;
    this.#drop(url);
    this.#answers.set(url, { version, body });
    this.#bytes += size;
    for (const oldest of this.#answers.keys()) {
      if (this.#bytes <= this.maxBytes) break;
      this.#drop(oldest);
    }
  }

  /** Bytes held: the URLs and answers together. */
  get bytes(): number {
    return this.#bytes;
  }

  #drop(url: string): void {
    const answer = this.#answers.get(url);
    if (!answer) return;
    this.#answers.delete(url);
    this.#bytes -= url.length + answer.body.length;
  }
}
