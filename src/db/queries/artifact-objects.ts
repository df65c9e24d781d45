import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { artifactChunks, artifactObjects } from '../schema/index';

/**
 * Replaces the object `name` with the chunks `chunks` yields, in one transaction: readers see the old
 * object or the whole new one.
 */
export async function writeArtifactObject(db: Db, name: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(artifactObjects).where(eq(artifactObjects.name, name));
    await tx.insert(artifactObjects).values({ name, size: 0 });
    let size = 0;
    let seq = 0;
    for await (const data of chunks) {
      await tx.insert(artifactChunks).values({ name, seq: seq++, data });
      size += data.byteLength;
    }
    await tx.update(artifactObjects).set({ size }).where(eq(artifactObjects.name, name));
  });
}

/** The object's chunk count, or undefined when there is no such object. */
export async function artifactObjectChunks(db: Db, name: string): Promise<number | undefined> {
  const [object] = await db
    .select({ chunks: sql<number>`count(${artifactChunks.seq})::int` })
    .from(artifactObjects)
    .leftJoin(artifactChunks, eq(artifactChunks.name, artifactObjects.name))
    .where(eq(artifactObjects.name, name))
    .groupBy(artifactObjects.name);
  return object?.chunks;
}

export async function readArtifactChunk(db: Db, name: string, seq: number): Promise<Uint8Array> {
  const [chunk] = await db.select({ data: artifactChunks.data }).from(artifactChunks).where(and(eq(artifactChunks.name, name), eq(artifactChunks.seq, seq)));
  if (!chunk) throw new Error(`artifact object ${name} lost its chunk ${seq} while being read`);
  return chunk.data;
}

export async function listArtifactObjects(db: Db, prefix: string): Promise<string[]> {
  const rows = await db
    .select({ name: artifactObjects.name })
    .from(artifactObjects)
    .where(sql`left(${artifactObjects.name}, ${prefix.length}) = ${prefix}`)
    .orderBy(artifactObjects.name);
  return rows.map((row) => row.name);
}

export async function deleteArtifactObjects(db: Db, names: readonly string[]): Promise<void> {
  if (names.length > 0) await db.delete(artifactObjects).where(inArray(artifactObjects.name, [...names]));
}
