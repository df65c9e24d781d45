import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { searchEvents, type SearchEventKind, type SearchEventRow } from '../schema/index';

export async function recordSearchEvent(db: Db, searchId: string, kind: SearchEventKind, detail: Record<string, unknown> = {}): Promise<void> {
  await db.insert(searchEvents).values({ searchId, kind, detail });
}

export async function searchEventLog(db: Db, searchId: string): Promise<SearchEventRow[]> {
  return db.select().from(searchEvents).where(eq(searchEvents.searchId, searchId)).orderBy(asc(searchEvents.id));
}
