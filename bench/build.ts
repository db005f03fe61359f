import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestMtime(root: string, path: string): number {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full, { recursive: true }).map((f) => statSync(join(full, String(f))).mtimeMs));
}

/** Runs `vite build` when build/ is missing or older than its inputs; its output goes to stderr to keep stdout for the table. */
export function ensureBuilt(root: string): void {
  const built = join(root, 'build/index.js');
  const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(...INPUTS.map((p) => newestMtime(root, p)));
  if (!stale) return;
  console.error('[bench] build/ is missing or stale: running vite build');
  const result = spawnSync(join(root, 'node_modules/.bin/vite'), ['build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}
