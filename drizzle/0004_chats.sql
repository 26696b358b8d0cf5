CREATE TABLE "chats" (
	"name" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
