import { eq } from 'drizzle-orm';
import { sites, type Database } from '@parley/db';

/** Whether the site lets agents see visitors' drafts (the "sneak peek"); on unless turned off. */
export async function typingPreviewAllowed(db: Database, siteId: string): Promise<boolean> {
  const [site] = await db.select({ widget: sites.widget }).from(sites).where(eq(sites.id, siteId));
  return site?.widget.typingPreview !== false;
}
