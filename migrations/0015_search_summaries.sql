CREATE TABLE "search_summaries" (
	"search_id" uuid PRIMARY KEY NOT NULL,
	"goal" text NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"queued" integer DEFAULT 0 NOT NULL,
	"running" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"diverged" integer DEFAULT 0 NOT NULL,
	"pruned" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"best_trial_id" uuid,
	"best_objective" double precision
);
--> statement-breakpoint
ALTER TABLE "search_summaries" ADD CONSTRAINT "search_summaries_search_id_searches_id_fk" FOREIGN KEY ("search_id") REFERENCES "public"."searches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trials_search_objective_idx" ON "trials" USING btree ("search_id","objective","ordinal");--> statement-breakpoint
CREATE TYPE "trial_status_change" AS ("search_id" uuid, "status" text, "delta" integer);
--> statement-breakpoint
CREATE FUNCTION "search_summaries_apply"(changes "trial_status_change"[]) RETURNS void LANGUAGE sql AS $$
  WITH per_search AS (
    SELECT c.search_id, s.goal,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'queued'), 0) AS queued,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'running'), 0) AS running,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'succeeded'), 0) AS succeeded,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'failed'), 0) AS failed,
      coalesce(sum(c.delta) FILTER (WHERE c.status = 'diverged'), 0) AS diverged,
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
    pruned = s.pruned + p.pruned,
    cancelled = s.cancelled + p.cancelled,
    best_trial_id = CASE WHEN p.best_may_change THEN best.id ELSE s.best_trial_id END,
    best_objective = CASE WHEN p.best_may_change THEN best.objective ELSE s.best_objective END
  FROM per_search p LEFT JOIN best ON best.search_id = p.search_id
  WHERE s.search_id = p.search_id
$$;
--> statement-breakpoint
CREATE FUNCTION "search_summaries_track_trials"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM search_summaries_apply(array(SELECT row(search_id, status, 1)::trial_status_change FROM new_trials));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM search_summaries_apply(array(
      SELECT row(search_id, status, -1)::trial_status_change FROM old_trials
      UNION ALL SELECT row(search_id, status, 1)::trial_status_change FROM new_trials));
  ELSE
    PERFORM search_summaries_apply(array(SELECT row(search_id, status, -1)::trial_status_change FROM old_trials));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "trials_summary_insert" AFTER INSERT ON "trials" REFERENCING NEW TABLE AS new_trials
  FOR EACH STATEMENT EXECUTE FUNCTION search_summaries_track_trials();
--> statement-breakpoint
CREATE TRIGGER "trials_summary_update" AFTER UPDATE ON "trials" REFERENCING OLD TABLE AS old_trials NEW TABLE AS new_trials
  FOR EACH STATEMENT EXECUTE FUNCTION search_summaries_track_trials();
--> statement-breakpoint
CREATE TRIGGER "trials_summary_delete" AFTER DELETE ON "trials" REFERENCING OLD TABLE AS old_trials
  FOR EACH STATEMENT EXECUTE FUNCTION search_summaries_track_trials();
--> statement-breakpoint
CREATE FUNCTION "search_summaries_track_searches"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_summaries (search_id, goal) SELECT id, resolved #>> '{objective,goal}' FROM new_searches;
  ELSE
    UPDATE search_summaries s SET version = s.version + 1 FROM new_searches n WHERE s.search_id = n.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "searches_summary_insert" AFTER INSERT ON "searches" REFERENCING NEW TABLE AS new_searches
  FOR EACH STATEMENT EXECUTE FUNCTION search_summaries_track_searches();
--> statement-breakpoint
CREATE TRIGGER "searches_summary_update" AFTER UPDATE ON "searches" REFERENCING NEW TABLE AS new_searches
  FOR EACH STATEMENT EXECUTE FUNCTION search_summaries_track_searches();
--> statement-breakpoint
INSERT INTO search_summaries (search_id, goal) SELECT id, resolved #>> '{objective,goal}' FROM searches;
--> statement-breakpoint
SELECT search_summaries_apply(array(SELECT row(search_id, status, 1)::trial_status_change FROM trials));
