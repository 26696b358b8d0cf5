CREATE TABLE "action_results" (
	"dedupe_key" text PRIMARY KEY NOT NULL,
	"alert_id" integer NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" integer NOT NULL,
	"type" text NOT NULL,
	"actor" text NOT NULL,
	"platform" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"fingerprint" text NOT NULL,
	"state" text NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"description" text,
	"url" text,
	"labels" jsonb NOT NULL,
	"annotations" jsonb NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"assignee" text,
	"snoozed_until" timestamp with time zone,
	"starts_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert" ON "alert_events" USING btree ("alert_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_fingerprint" ON "alerts" USING btree ("source","fingerprint") WHERE state <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_state_id" ON "alerts" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "alerts_source_id" ON "alerts" USING btree ("source","id");