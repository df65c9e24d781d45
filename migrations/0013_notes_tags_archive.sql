ALTER TABLE "searches" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "searches" ADD COLUMN "tags" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "searches" ADD COLUMN "archived" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "tags" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "searches_tags_idx" ON "searches" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "trials_tags_idx" ON "trials" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "trials_train_key_idx" ON "trials" USING btree ("train_key");