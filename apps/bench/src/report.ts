/**
 * Rewrites the results section of apps/bench/README.md (between the markers) from a results
 * file, so the README can follow the latest full run:
 *
 *   pnpm --filter @parley/bench report results/<date>.json
 *
 * Without an argument it takes the newest non-smoke file in results/.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './markdown.ts';
import type { Results } from './summary.ts';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function newestResults(): string {
  const dir = join(benchDir, 'results');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('-smoke')).sort();
  if (!files.length) throw new Error(`no results in ${dir}: run \`pnpm bench\` first`);
  return join(dir, files.at(-1)!);
}

const file = process.argv[2] ? resolve(process.cwd(), process.argv[2]) : newestResults();
const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
const readmePath = join(benchDir, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} section`);
const section = `${START}\n\nFrom \`results/${file.split('/').at(-1)}\`:\n\n${renderMarkdown(results)}\n\n${END}`;
writeFileSync(readmePath, readme.slice(0, from) + section + readme.slice(to + END.length));
process.stdout.write(`README.md updated from ${file}\n`);
