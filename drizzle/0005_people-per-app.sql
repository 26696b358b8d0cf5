DROP INDEX "people_platform_id";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "app" text;--> statement-breakpoint
-- People seen before apps had names were seen through the single app, whose default name is its platform.
UPDATE "people" SET "app" = "platform";--> statement-breakpoint
ALTER TABLE "people" ALTER COLUMN "app" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "union_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "people_app_id" ON "people" USING btree ("platform","app","platform_id");--> statement-breakpoint
CREATE INDEX "people_union" ON "people" USING btree ("platform","union_id");