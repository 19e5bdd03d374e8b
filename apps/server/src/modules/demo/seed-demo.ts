/**
 * The embedded install's first start: a demo site (key `demo`, channels Sales and Support) and a
 * demo admin. Idempotent: a second start finds the site and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { agents, channelAgents, channels, faqArticles, siteAgents, sites, type Database } from '@parley/db';
import { faqSearchText } from '../sites/index.ts';
import { hashPassword } from '../auth/passwords.ts';

export const DEMO_SITE_KEY = 'demo';

export async function seedDemo(
  db: Database,
  admin: { email: string; password: string },
): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: sites.id }).from(sites).where(eq(sites.siteKey, DEMO_SITE_KEY));
  if (existing) return { created: false };
  const passwordHash = await hashPassword(admin.password);
  await db.transaction(async (tx) => {
    const [site] = await tx
      .insert(sites)
      .values({
        siteKey: DEMO_SITE_KEY,
        name: 'Demo Shop',
        identitySecret: randomBytes(32).toString('base64url'),
        widget: {
          color: '#2563eb',
          position: 'right',
          language: 'auto',
          greeting: 'Hi! How can we help you today?',
          prechat: { name: 'optional', email: 'optional' },
          triggers: [{ id: 'demo-welcome', urlPattern: '*/demo*', delaySeconds: 20, message: 'Questions about an order? We are online — ask us here.' }],
        },
      })
      .returning();
    const demoChannels = await tx
      .insert(channels)
      .values([
        { siteId: site!.id, name: 'Sales', position: 0 },
        { siteId: site!.id, name: 'Support', position: 1 },
      ])
      .returning();
    let [agent] = await tx.select().from(agents).where(eq(agents.email, admin.email));
    if (!agent) {
      [agent] = await tx
        .insert(agents)
        .values({ email: admin.email, name: 'Demo Admin', passwordHash, role: 'admin' })
        .returning();
    }
    await tx.insert(siteAgents).values({ siteId: site!.id, agentId: agent!.id });
    await tx.insert(channelAgents).values(demoChannels.map((c) => ({ channelId: c.id, agentId: agent!.id })));
    await tx.insert(faqArticles).values(
      DEMO_FAQ.map((a, position) => ({ siteId: site!.id, ...a, position, searchText: faqSearchText(a.title, a.body) })),
    );
  });
  return { created: true };
}

const DEMO_FAQ: { language: 'en' | 'vi'; title: string; body: string }[] = [
  { language: 'en', title: 'How long does delivery take?', body: 'Orders ship within one working day. Delivery takes 2–4 days in Hanoi and Ho Chi Minh City, 3–6 days elsewhere.' },
  { language: 'en', title: 'How do I return an item?', body: 'You can return any item within 30 days. Start a return from your order page; we send a courier to collect it.' },
  { language: 'en', title: 'Which payment methods do you accept?', body: 'Cards, bank transfer, e-wallets and cash on delivery.' },
  { language: 'vi', title: 'Giao hàng mất bao lâu?', body: 'Đơn hàng được gửi trong một ngày làm việc. Giao hàng mất 2–4 ngày ở Hà Nội và TP. Hồ Chí Minh, 3–6 ngày ở các tỉnh khác.' },
  { language: 'vi', title: 'Làm sao để đổi trả hàng?', body: 'Bạn có thể đổi trả trong vòng 30 ngày. Hãy bắt đầu từ trang đơn hàng; chúng tôi sẽ cử người đến nhận hàng.' },
  { language: 'vi', title: 'Cửa hàng nhận những hình thức thanh toán nào?', body: 'Thẻ, chuyển khoản ngân hàng, ví điện tử và thanh toán khi nhận hàng (COD).' },
];
