CREATE TABLE "console_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "failure" text;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "answer_version" integer;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "answer_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "writing_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "console_sessions_last_seen" ON "console_sessions" USING btree ("last_seen_at");