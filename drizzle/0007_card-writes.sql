ALTER TABLE "cards" ADD COLUMN "answer_version" integer;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "answer_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "writing_until" timestamp with time zone;