/**
 * Where an artifact store keeps its bytes: named objects, each written whole or not at all (a reader
 * never sees half an object). Names are the store's (see store.ts), never a user's.
 */
export interface ObjectBackend {
  /** How URIs of this backend's artifacts begin (`file:///…/`, `postgres:`, `s3://bucket/prefix/`). */
  readonly uriPrefix: string;
  /** Stores a local file under `name`, replacing what was there. */
  putFile(name: string, file: string): Promise<void>;
  putBytes(name: string, bytes: Uint8Array): Promise<void>;
  /** Writes the object into a local file; false when there is no such object. */
  getFile(name: string, file: string): Promise<boolean>;
  getBytes(name: string): Promise<Buffer | undefined>;
  /** Names of the objects whose name starts with `prefix`. */
  list(prefix: string): Promise<string[]>;
  /** Removes the objects; a name without an object is no error. */
  delete(names: readonly string[]): Promise<void>;
}
