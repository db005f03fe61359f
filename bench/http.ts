import { DEMO, portal } from './portal';
import { withSeededServer, type Kind } from './seeded';
import { timeSequential } from './stats';

export const WARMUP = 50;
export const REQUESTS = 500;
const TIMEOUT_MS = 10_000;

/** Sequential round trips of auth.me as the demo volunteer, on one keep-alive connection as a browser would. */
export async function roundTrip(kind: Kind): Promise<{ p50: number; p95: number }> {
  return withSeededServer(kind, {}, async (server) => {
    const volunteer = await portal(server.url, TIMEOUT_MS).login(DEMO.volunteer);
    const me = async () => {
      const answer = await volunteer.query<{ userId?: string }>('auth.me');
      if (!answer.data?.userId) throw new Error(`auth.me answered no userId: ${JSON.stringify(answer.data)}`);
      return answer;
    };
    const { p50, p95 } = await timeSequential(WARMUP, REQUESTS, me);
    return { p50, p95 };
  });
}
