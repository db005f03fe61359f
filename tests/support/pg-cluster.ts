import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries; other layouts can point PG_BIN elsewhere. */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const canRunOwnCluster = existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));

/**
 * A throwaway PostgreSQL cluster of the test's own, in a temporary directory on its own port, so a
 * test may stop and restart it without touching the shared server the other suites use.
 * PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user.
 */
export interface PgCluster {
  url: string;
  /** `pg_ctl restart -m fast`: every connection is told the server is shutting down. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m immediate`: the server dies without a checkpoint, as on power loss. */
  crash(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startCluster(): Promise<PgCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'gridcall-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chown(dir, ...(await postgresIds()));
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]) : run(join(PG_BIN, tool), args);
  const ctl = (...args: string[]) =>
    pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 -c fsync=on`;

  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const start = async () => void (await ctl('-o', options, 'start'));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => void (await ctl('-o', options, '-m', 'fast', 'restart')),
    crash: async () => void (await ctl('-m', 'immediate', 'stop')),
    start,
    destroy: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  };
}

async function postgresIds(): Promise<[number, number]> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return [Number(uid.stdout), Number(gid.stdout)];
}
