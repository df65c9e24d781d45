import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/index';

/** The objective the seeded trial `g` succeeds with: scattered in [0.5, 0.6), no two neighbours alike. */
export const seededObjective = (g: number) => 0.5 + ((g * 7919) % 1000) / 10_000;

/** The status of the seeded trial `g`: every 20th failed, diverged, pruned, cancelled in turn (ordinals 0 to 3 mod 20), the rest succeeded. */
export const seededStatus = (g: number) => (['failed', 'diverged', 'pruned', 'cancelled'] as const)[g % 20] ?? 'succeeded';

/**
 * Adds trials with ordinals from..to-1 beside a search's trial 0, as a large search holds them, in one statement,
 * with the statuses and objectives of `seededStatus` and `seededObjective`.
 */
export async function seedTrials(db: Db, searchId: string, from: number, to: number): Promise<void> {
  await db.execute(sql`
    insert into trials (id, search_id, ordinal, params, train_key, status, objective, attempt, created_at, started_at, finished_at)
    select gen_random_uuid(), first.search_id, g, first.params || jsonb_build_object('learning_rate', g * 1e-7), 'seeded-' || g,
      case g % 20 when 0 then 'failed' when 1 then 'diverged' when 2 then 'pruned' when 3 then 'cancelled' else 'succeeded' end,
      case when g % 20 >= 4 then 0.5 + ((g * 7919) % 1000) / 10000.0 end,
      1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:10Z'
    from generate_series(${from}::int, ${to - 1}::int) g, (select search_id, params from trials where search_id = ${searchId} and ordinal = 0) first`);
}
