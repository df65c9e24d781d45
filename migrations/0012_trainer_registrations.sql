CREATE TABLE "trainer_registrations" (
	"instance" text NOT NULL,
	"worker" text NOT NULL,
	"trainer" text NOT NULL,
	"descriptor" jsonb NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trainer_registrations_instance_trainer_pk" PRIMARY KEY("instance","trainer")
);
--> statement-breakpoint
CREATE INDEX "trainer_registrations_last_seen_idx" ON "trainer_registrations" USING btree ("last_seen_at");