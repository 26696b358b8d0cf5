ALTER TABLE "cards" ADD COLUMN "failure" text;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "failed_at" timestamp with time zone;