import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { searchCommandKinds, searchEvents, type SearchCommandKind, type SearchEventKind, type SearchEventRow } from '../schema/index';

export async function recordSearchEvent(db: Db, searchId: string, kind: SearchEventKind, detail: Record<string, unknown> = {}): Promise<void> {
  await db.insert(searchEvents).values({ searchId, kind, detail });
}

export async function searchEventLog(db: Db, searchId: string): Promise<SearchEventRow[]> {
  return db.select().from(searchEvents).where(eq(searchEvents.searchId, searchId)).orderBy(asc(searchEvents.id));
}

/** The latest command a search accepted (created, cancel requested, resumed, ...). */
export async function lastSearchCommand(db: Db, searchId: string): Promise<SearchCommandKind | undefined> {
  const [row] = await db
    .select({ kind: searchEvents.kind })
    .from(searchEvents)
    .where(and(eq(searchEvents.searchId, searchId), inArray(searchEvents.kind, [...searchCommandKinds])))
    .orderBy(desc(searchEvents.id))
    .limit(1);
  return row?.kind as SearchCommandKind | undefined;
}
