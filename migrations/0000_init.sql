CREATE TABLE "searches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"spec" jsonb NOT NULL,
	"resolved" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"workflow_id" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"search_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"params" jsonb NOT NULL,
	"train_key" text NOT NULL,
	"training_reused" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"objective" double precision,
	"metrics" jsonb,
	"attempt" integer DEFAULT 0 NOT NULL,
	"worker" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trial_metrics" (
	"trial_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"epoch" integer,
	"values" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trial_metrics_trial_id_step_pk" PRIMARY KEY("trial_id","step")
);
--> statement-breakpoint
CREATE TABLE "checkpoints" (
	"train_key" text NOT NULL,
	"epoch" integer NOT NULL,
	"uri" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkpoints_train_key_epoch_pk" PRIMARY KEY("train_key","epoch")
);
--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_search_id_searches_id_fk" FOREIGN KEY ("search_id") REFERENCES "public"."searches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_metrics" ADD CONSTRAINT "trial_metrics_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "searches_created_idx" ON "searches" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "trials_search_ordinal_uq" ON "trials" USING btree ("search_id","ordinal");--> statement-breakpoint
CREATE INDEX "trials_search_status_objective_idx" ON "trials" USING btree ("search_id","status","objective");