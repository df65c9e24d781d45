import { open } from 'node:fs/promises';
import { artifactObjectChunks, deleteArtifactObjects, listArtifactObjects, readArtifactChunk, writeArtifactObject, type Db } from '../db/index';
import type { ObjectBackend } from './objects';

/** Bytes per row of artifact_chunks: a chunk is one bind parameter, and is what a read holds in memory. */
const CHUNK_BYTES = 1024 * 1024;
/** Names of objects per DELETE, under PostgreSQL's 65,535 bind parameters. */
const DELETE_BATCH = 1_000;

async function* fileChunks(file: string): AsyncIterable<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    for (;;) {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* bytesChunks(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

/** Objects in the service's database (tables artifact_objects and artifact_chunks), chunked bytea. */
export function postgresBackend(db: Db): ObjectBackend {
  return {
    uriPrefix: 'postgres:',
    putFile: (name, file) => writeArtifactObject(db, name, fileChunks(file)),
    putBytes: (name, bytes) => writeArtifactObject(db, name, bytesChunks(bytes)),
    async getFile(name, file) {
      const chunks = await artifactObjectChunks(db, name);
      if (chunks === undefined) return false;
      const handle = await open(file, 'w');
      try {
        for (let seq = 0; seq < chunks; seq++) await handle.write(await readArtifactChunk(db, name, seq));
      } finally {
        await handle.close();
      }
      return true;
    },
    async getBytes(name) {
      const chunks = await artifactObjectChunks(db, name);
      if (chunks === undefined) return undefined;
      const parts: Uint8Array[] = [];
      for (let seq = 0; seq < chunks; seq++) parts.push(await readArtifactChunk(db, name, seq));
      return Buffer.concat(parts);
    },
    list: (prefix) => listArtifactObjects(db, prefix),
    async delete(names) {
      for (let at = 0; at < names.length; at += DELETE_BATCH) await deleteArtifactObjects(db, names.slice(at, at + DELETE_BATCH));
    },
  };
}
