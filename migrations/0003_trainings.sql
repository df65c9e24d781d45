CREATE TABLE "trainings" (
	"train_key" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"holder" text NOT NULL,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"model_uri" text NOT NULL,
	"metrics" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "trainings_status_idx" ON "trainings" USING btree ("status");