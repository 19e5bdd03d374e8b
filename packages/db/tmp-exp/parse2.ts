import { createDatabase } from '../src/index.ts';
const h = await createDatabase({});
const pool = (h.db as any).$client;
await pool.query('create table t (a int primary key)');
await pool.query('insert into t values (1)');
await pool.query({ name: 'sel', text: 'select count(*) from t where a > $1', values: [0] });
try { await pool.query({ name: 'ins', text: 'insert into t values ($1)', values: [1] }); } catch (e) { console.log('err1', String(e)); }
try { await pool.query({ name: 'sel', text: 'select count(*) from t where a > $1', values: [0] }); console.log('sel again ok'); } catch (e) { console.log('err sel', String(e)); }
try { await pool.query({ name: 'ins', text: 'insert into t values ($1)', values: [2] }); console.log('ins again ok'); } catch (e) { console.log('err ins', String(e)); }
await h.close();
