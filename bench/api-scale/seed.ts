import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { checkSearchSummaries, insertSearch, type Db } from '../../src/db/index';
import { resolveSpec } from '../../src/search-spec/resolve';
import { searchSpecSchema } from '../../src/search-spec/search-spec';
import { postedParameterOrder } from '../../src/searches/index';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { shortRandomSearch } from '../search-specs';

/** Trials per INSERT statement. */
const BATCH = 10_000;

const specOf = (maxTrials: number) => searchSpecSchema.parse(shortRandomSearch(maxTrials, 8));

/** A search as a finished sweep leaves it: succeeded, its budget spent. */
async function insertFinishedSearch(db: Db, maxTrials: number): Promise<string> {
  const spec = specOf(maxTrials);
  const resolved = resolveSpec(spec, createTrainerRegistry());
  if (!resolved.ok) throw new Error(`the benchmark's spec does not resolve: ${JSON.stringify(resolved.issues)}`);
  const id = randomUUID();
  const finishedAt = new Date();
  await insertSearch(db, { id, name: resolved.spec.name, spec, resolved: resolved.spec, parameterOrder: postedParameterOrder(spec), workflowId: `search-${id}`, status: 'succeeded', reason: 'budget', startedAt: finishedAt, finishedAt });
  return id;
}

/**
 * Trials `from`..`to` (ordinals) as the trial workers record them: the parameters sampled, then a final
 * result. One in 20 failed (no objective, no metrics), one in 20 pruned at step 1, the rest succeeded.
 * The statement fires the summary triggers like any insert.
 */
async function insertFinishedTrials(db: Db, searchId: string, from: number, to: number): Promise<void> {
  await db.execute(sql`
    insert into trials (id, search_id, ordinal, params, train_key, status, objective, metrics, attempt, attempt_key, worker, error, pruned_at_step, started_at, finished_at)
    select gen_random_uuid(), ${searchId}::uuid, i, p.params, md5(p.params::text), o.status,
      case when o.status = 'failed' then null else o.accuracy end,
      case when o.status = 'failed' then '{}'::jsonb else jsonb_build_object('eval_accuracy', o.accuracy, 'eval_loss', 1 - o.accuracy) end,
      1, 'bench-' || i, 'api-scale',
      case when o.status = 'failed' then 'the trainer exited with code 1' end,
      case when o.status = 'pruned' then 1 end,
      now(), now()
    from generate_series(${from}::int, ${to}::int) as i
    cross join lateral (select jsonb_build_object(
      'learning_rate', 1e-5 * power(1000, i * 0.618034 - floor(i * 0.618034)),
      'temperature', i * 0.414214 - floor(i * 0.414214),
      'steps', 3) as params) p
    cross join lateral (select
      case i % 20 when 7 then 'failed' when 13 then 'pruned' else 'succeeded' end as status,
      0.5 + 0.45 * sin(i) as accuracy) o`);
}

async function insertSearchWithTrials(db: Db, trials: number): Promise<string> {
  const id = await insertFinishedSearch(db, trials);
  for (let from = 0; from < trials; from += BATCH) await insertFinishedTrials(db, id, from, Math.min(from + BATCH, trials) - 1);
  return id;
}

/**
 * `others` searches of `othersTrials` trials each, then the one of `trials` trials (the newest, first in the
 * list); returns its id. Throws unless every summary agrees with the aggregate over its trials.
 */
export async function seed(db: Db, { trials, others, othersTrials }: { trials: number; others: number; othersTrials: number }): Promise<string> {
  for (let n = 0; n < others; n++) await insertSearchWithTrials(db, othersTrials);
  const id = await insertSearchWithTrials(db, trials);
  const check = await checkSearchSummaries(db);
  if (check.mismatches.length > 0 || check.checked !== others + 1) throw new Error(`seeded summaries disagree with their trials: ${JSON.stringify(check.mismatches.slice(0, 3))}`);
  return id;
}
