CREATE TABLE "queue_refusals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"visitor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "csat" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "nps" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "ces" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "survey_comment" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "survey_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "queue_refusals" ADD CONSTRAINT "queue_refusals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_refusals" ADD CONSTRAINT "queue_refusals_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_refusals" ADD CONSTRAINT "queue_refusals_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_refusals_site_idx" ON "queue_refusals" USING btree ("site_id","created_at");