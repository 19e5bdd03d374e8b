import { createDatabase } from '../src/index.ts';
const h = await createDatabase({});
const pool = (h.db as any).$client;
console.log('idleTimeout', pool.options.idleTimeoutMillis);
await pool.query({ name: 'sel', text: 'select 1 as x where $1::int > 0', values: [1] });
console.log('clients', pool.totalCount);
await new Promise((r) => setTimeout(r, 11000));
console.log('clients after idle', pool.totalCount);
try { await pool.query({ name: 'sel', text: 'select 1 as x where $1::int > 0', values: [1] }); console.log('sel again ok'); } catch (e) { console.log('err sel', String(e)); }
await h.close();
