ALTER TABLE "search_summaries" ADD COLUMN "infeasible" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "search_summaries_apply"(changes "trial_status_change"[]) RETURNS void LANGUAGE sql AS $$
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
      (SELECT t.id, t.objective FROM trials t
        WHERE p.goal = 'maximize' AND t.search_id = p.search_id AND t.status = 'succeeded' AND t.objective IS NOT NULL
        ORDER BY t.objective DESC, t.ordinal LIMIT 1)
      UNION ALL
      (SELECT t.id, t.objective FROM trials t
        WHERE p.goal = 'minimize' AND t.search_id = p.search_id AND t.status = 'succeeded' AND t.objective IS NOT NULL
        ORDER BY t.objective ASC, t.ordinal LIMIT 1)
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
