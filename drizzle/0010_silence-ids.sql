ALTER TABLE "alerts" ADD COLUMN "silence_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- A silence held before incidents silenced the one alert of its incident, whose incident_alerts id is the incident's (0009).
UPDATE "alerts" SET "silence_ids" = jsonb_build_object("id"::text, "silence_id") WHERE "silence_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" DROP COLUMN "silence_id";
