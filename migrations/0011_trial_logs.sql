CREATE TABLE "trial_logs" (
	"trial_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"seq" integer NOT NULL,
	"byte_offset" bigint NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "trial_logs_trial_id_attempt_seq_pk" PRIMARY KEY("trial_id","attempt","seq")
);
--> statement-breakpoint
ALTER TABLE "trial_logs" ADD CONSTRAINT "trial_logs_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "attempt_key" text;
