import { createDatabase } from '../src/index.ts';
const h = await createDatabase({});
const pool = (h.db as any).$client;
await pool.query('create table t (a int primary key)');
await pool.query('insert into t values (1)');
const client = await pool.connect();
const c = (client as any).connection;
const orig = c.stream.push.bind(c.stream);
c.stream.push = (chunk: any) => { if (chunk) console.log('recv', [...new Set([...chunk].filter((_: number, i: number) => false))], Buffer.from(chunk).subarray(0, 60).toString('latin1').replace(/[^\x20-\x7e]/g, '.')); return orig(chunk); };
const p1 = client.query({ name: 'ins', text: 'insert into t values ($1)', values: [1] }).catch((e: any) => console.log('err1', String(e)));
const p2 = client.query('select 1 as one').then((r: any) => console.log('B', r.rows)).catch((e: any) => console.log('errB', String(e)));
await Promise.all([p1, p2]);
console.log('parsed', Object.keys(c.parsedStatements), 'submitted', Object.keys(c.submittedNamedStatements));
try { await client.query({ name: 'ins', text: 'insert into t values ($1)', values: [2] }); console.log('second ok'); } catch (e) { console.log('err2', String(e)); }
client.release();
await h.close();
