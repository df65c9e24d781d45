ALTER TABLE "searches" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "searches_idempotency_key_uq" ON "searches" USING btree ("idempotency_key");