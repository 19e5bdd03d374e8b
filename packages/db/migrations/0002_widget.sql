CREATE TABLE "faq_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"search_text" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "source" text DEFAULT 'visitor' NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "current_url" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "pages" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "faq_articles" ADD CONSTRAINT "faq_articles_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "faq_articles_site_idx" ON "faq_articles" USING btree ("site_id","language");--> statement-breakpoint
CREATE UNIQUE INDEX "visitors_site_external_idx" ON "visitors" USING btree ("site_id","external_id") WHERE "visitors"."verified";