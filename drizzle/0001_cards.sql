CREATE TABLE "cards" (
	"id" serial PRIMARY KEY NOT NULL,
	"alert_id" integer NOT NULL,
	"chat" text NOT NULL,
	"platform" text NOT NULL,
	"ref" text NOT NULL,
	"rendered_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cards_alert_chat" ON "cards" USING btree ("alert_id","chat");--> statement-breakpoint
CREATE INDEX "cards_platform_ref" ON "cards" USING btree ("platform","ref");