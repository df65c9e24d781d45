ALTER TABLE "trials" ADD COLUMN "evaluations" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "metric_std_errors" jsonb;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "objective_bound" double precision;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "before_confirmation" jsonb;--> statement-breakpoint
CREATE INDEX "trials_search_bound_idx" ON "trials" USING btree ("search_id","objective_bound","ordinal") WHERE "trials"."objective_bound" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "trials_search_confirmed_idx" ON "trials" USING btree ("search_id","objective_bound","ordinal") WHERE "trials"."before_confirmation" IS NOT NULL;--> statement-breakpoint
-- the best trial: the confirmed one with the best pessimistic bound where confirm re-evaluated any, else the best bound where
-- trials have one (repeated evaluations), else the best objective
-- Each statement of this (volatile) function reads a fresh snapshot: the summary rows are locked first, so the best is
-- chosen only once every concurrent change of the same search has committed (else two trials finishing together
-- could each pick the best without the other, and the later write would keep a stale one).
CREATE OR REPLACE FUNCTION "search_summaries_apply"(changes "trial_status_change"[]) RETURNS void LANGUAGE sql AS $$
  SELECT 1 FROM search_summaries WHERE search_id IN (SELECT c.search_id FROM unnest(changes) AS c) ORDER BY search_id FOR UPDATE;
  WITH per_search AS (
    SELECT c.search_id, s.goal,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'queued'), 0) AS queued,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'running'), 0) AS running,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'succeeded'), 0) AS succeeded,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'failed'), 0) AS failed,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'diverged'), 0) AS diverged,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'infeasible'), 0) AS infeasible,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'pruned'), 0) AS pruned,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'cancelled'), 0) AS cancelled,
      bool_or(c.status = 'succeeded') AS best_may_change
    FROM unnest(changes) AS c
    JOIN search_summaries s ON s.search_id = c.search_id
    GROUP BY c.search_id, s.goal
  ), best AS (
    SELECT p.search_id, b.id, b.objective
    FROM per_search p
    LEFT JOIN LATERAL (
      SELECT ranked.id, ranked.objective FROM (
        (SELECT t.id, t.objective, 0 AS tier FROM trials t
          WHERE p.goal = 'maximize' AND t.search_id = p.search_id AND t.before_confirmation IS NOT NULL AND t.status = 'succeeded' AND t.objective_bound IS NOT NULL
          ORDER BY t.objective_bound DESC, t.ordinal LIMIT 1)
        UNION ALL
        (SELECT t.id, t.objective, 0 AS tier FROM trials t
          WHERE p.goal = 'minimize' AND t.search_id = p.search_id AND t.before_confirmation IS NOT NULL AND t.status = 'succeeded' AND t.objective_bound IS NOT NULL
          ORDER BY t.objective_bound ASC, t.ordinal LIMIT 1)
        UNION ALL
        (SELECT t.id, t.objective, 1 AS tier FROM trials t
          WHERE p.goal = 'maximize' AND t.search_id = p.search_id AND t.objective_bound IS NOT NULL AND t.status = 'succeeded'
          ORDER BY t.objective_bound DESC, t.ordinal LIMIT 1)
        UNION ALL
        (SELECT t.id, t.objective, 1 AS tier FROM trials t
          WHERE p.goal = 'minimize' AND t.search_id = p.search_id AND t.objective_bound IS NOT NULL AND t.status = 'succeeded'
          ORDER BY t.objective_bound ASC, t.ordinal LIMIT 1)
        UNION ALL
        (SELECT t.id, t.objective, 2 AS tier FROM trials t
          WHERE p.goal = 'maximize' AND t.search_id = p.search_id AND t.status = 'succeeded' AND t.objective IS NOT NULL
          ORDER BY t.objective DESC, t.ordinal LIMIT 1)
        UNION ALL
        (SELECT t.id, t.objective, 2 AS tier FROM trials t
          WHERE p.goal = 'minimize' AND t.search_id = p.search_id AND t.status = 'succeeded' AND t.objective IS NOT NULL
          ORDER BY t.objective ASC, t.ordinal LIMIT 1)
      ) ranked ORDER BY ranked.tier LIMIT 1
    ) b ON true
    WHERE p.best_may_change
  )
  UPDATE search_summaries s SET
    version = s.version + 1,
    queued = s.queued + p.queued,
    running = s.running + p.running,
    succeeded = s.succeeded + p.succeeded,
    failed = s.failed + p.failed,
    diverged = s.diverged + p.diverged,
    infeasible = s.infeasible + p.infeasible,
    pruned = s.pruned + p.pruned,
    cancelled = s.cancelled + p.cancelled,
    best_trial_id = CASE WHEN p.best_may_change THEN best.id ELSE s.best_trial_id END,
    best_objective = CASE WHEN p.best_may_change THEN best.objective ELSE s.best_objective END
  FROM per_search p LEFT JOIN best ON best.search_id = p.search_id
  WHERE s.search_id = p.search_id
$$;