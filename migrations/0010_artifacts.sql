CREATE TABLE "artifact_chunks" (
	"name" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "artifact_chunks_name_seq_pk" PRIMARY KEY("name","seq")
);
--> statement-breakpoint
CREATE TABLE "artifact_objects" (
	"name" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "artifact_chunks" ADD CONSTRAINT "artifact_chunks_name_artifact_objects_name_fk" FOREIGN KEY ("name") REFERENCES "public"."artifact_objects"("name") ON DELETE cascade ON UPDATE no action;