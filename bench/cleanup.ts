const pending = new Set<() => Promise<void>>();

/**
 * Registers a cleanup and returns a function that runs it once. Ctrl-C or SIGTERM runs every cleanup
 * still pending before exiting, so no server or bench database outlives the run.
 */
export function defer(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const run = () => {
    pending.delete(run);
    done ??= cleanup().catch((err) => console.error('[bench] cleanup failed:', (err as Error).message));
    return done;
  };
  pending.add(run);
  return run;
}

async function runPending(): Promise<void> {
  await Promise.all([...pending].map((run) => run()));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[bench] ${signal}: cleaning up`);
    void runPending().finally(() => process.exit(130));
  });
}
