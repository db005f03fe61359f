import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../tests/support/server';
import { ensureBuilt } from './build';
import { MEASUREMENTS, Skip, type RowSpec } from './measurements';
import { postgresReachable, PG_URL } from './postgres';

interface Row extends RowSpec {
  value: number | null;
  note: string;
}

const failed = (err: unknown) => {
  const cause = (err as Error).cause as Error | undefined;
  return `FAILED: ${(err as Error).message.split('\n')[0]}${cause ? ` (${cause.message})` : ''}`;
};

const RESULTS = join(ROOT, 'bench/results.json');
// A failed run must not leave the previous run's numbers looking current.
await rm(RESULTS, { force: true });
ensureBuilt(ROOT);
const pgUp = await postgresReachable();
const unreachable = `PostgreSQL unreachable at ${PG_URL.replace(/\/\/[^@/]*@/, '//')}`;

const rows: Row[] = [];
const value = (name: string) => rows.find((r) => r.name === name)?.value ?? null;
for (const m of MEASUREMENTS) {
  let values: (number | null)[] = [];
  let notes: string[];
  try {
    if (m.postgres && !pgUp) throw new Skip(unreachable);
    const found = await m.run({ pgUp, value });
    if (found.values.length !== m.rows.length) throw new Error(`${found.values.length} values for ${m.rows.length} rows`);
    values = found.values;
    notes = m.rows.map((_, i) => (Array.isArray(found.note) ? found.note[i]! : found.note));
  } catch (err) {
    notes = m.rows.map(() => (err instanceof Skip ? `skipped: ${err.message}` : failed(err)));
  }
  m.rows.forEach((spec, i) => rows.push({ ...spec, value: values[i] ?? null, note: notes[i]! }));
}

const header = { name: 'measurement', value: 'value', unit: 'unit', note: 'conditions' };
const cells = [header, ...rows.map((r) => ({ ...r, value: r.value === null ? '—' : r.value.toFixed(r.digits ?? 1) }))];
const width = (k: 'name' | 'value' | 'unit') => Math.max(...cells.map((c) => c[k].length));
const line = (c: (typeof cells)[number]) =>
  `${c.name.padEnd(width('name'))}  ${c.value.padStart(width('value'))}  ${c.unit.padEnd(width('unit'))}  ${c.note}`;
console.log(cells.map(line).join('\n'));

const results = Object.fromEntries(rows.filter((r) => r.value !== null).map((r) => [r.name, { value: r.value, unit: r.unit }]));
await writeFile(RESULTS, JSON.stringify(results, null, 2) + '\n');
if (rows.some((r) => r.note.startsWith('FAILED'))) process.exitCode = 1;
