CREATE TABLE "incident_alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" integer NOT NULL,
	"source" text NOT NULL,
	"fingerprint" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"description" text,
	"url" text,
	"labels" jsonb NOT NULL,
	"annotations" jsonb NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "alerts_open_fingerprint";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "group_key" text;--> statement-breakpoint
UPDATE "alerts" SET "group_key" = 'fingerprint:' || "fingerprint";--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "group_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "common_labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "alert_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "firing_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "merged_into" integer;--> statement-breakpoint
UPDATE "alerts" SET "common_labels" = "labels", "firing_count" = CASE WHEN "state" = 'resolved' THEN 0 ELSE 1 END;--> statement-breakpoint
INSERT INTO "incident_alerts" ("id", "incident_id", "source", "fingerprint", "status", "title", "severity", "description", "url", "labels", "annotations", "count", "starts_at", "joined_at", "last_seen_at", "resolved_at")
  SELECT "id", "id", "source", "fingerprint", CASE WHEN "state" = 'resolved' THEN 'resolved' ELSE 'firing' END, "title", "severity", "description", "url", "labels", "annotations", "count", "starts_at", "opened_at", "last_seen_at", "resolved_at" FROM "alerts";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('incident_alerts', 'id'), GREATEST((SELECT max("id") FROM "incident_alerts"), 1), (SELECT count(*) > 0 FROM "incident_alerts"));--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_incident_id_alerts_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_alerts_member" ON "incident_alerts" USING btree ("incident_id","source","fingerprint");--> statement-breakpoint
CREATE INDEX "incident_alerts_fingerprint" ON "incident_alerts" USING btree ("source","fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_group" ON "alerts" USING btree ("source","group_key") WHERE state <> 'resolved';