import { sql } from 'kysely';
import type { RequestHandler } from './$types';

/** 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async ({ locals }) => {
  try {
    await sql`select 1`.execute(locals.db);
    return new Response('ok', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } });
  } catch {
    return new Response('database unavailable', { status: 503, headers: { 'content-type': 'text/plain' } });
  }
};
