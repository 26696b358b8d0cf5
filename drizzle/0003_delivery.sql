CREATE TABLE "chat_status" (
	"chat" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"code" text,
	"failed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "folded_alerts" (
	"alert_id" integer NOT NULL,
	"chat" text NOT NULL,
	"summary_id" integer NOT NULL,
	CONSTRAINT "folded_alerts_alert_id_chat_pk" PRIMARY KEY("alert_id","chat")
);
--> statement-breakpoint
CREATE TABLE "rate_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"stamps" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "storm_summaries" (
	"id" serial PRIMARY KEY NOT NULL,
	"chat" text NOT NULL,
	"group_key" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_fold_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"rendered_version" integer DEFAULT 0 NOT NULL,
	"rendered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "folded_alerts" ADD CONSTRAINT "folded_alerts_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "folded_alerts" ADD CONSTRAINT "folded_alerts_summary_id_storm_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."storm_summaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "folded_alerts_summary" ON "folded_alerts" USING btree ("summary_id");--> statement-breakpoint
CREATE INDEX "storm_summaries_chat_key" ON "storm_summaries" USING btree ("chat","group_key","last_fold_at");