import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { appRouter } from '$lib/server/router';
import { guardTrpcRequest } from '$lib/server/input-guard';

const ENDPOINT = '/api/trpc';

const handler: RequestHandler = async (event) => {
  // Depth and size are refused here, before tRPC parses any JSON.
  const guarded = await guardTrpcRequest(event.request, { endpoint: ENDPOINT, locale: event.locals.locale, requestId: event.locals.requestId });
  if ('refused' in guarded) return guarded.refused;
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req: guarded.request,
    router: appRouter,
    createContext: () => ({
      db: event.locals.db,
      actor: event.locals.actor,
      sessionExpired: event.locals.sessionExpired,
      databaseUnavailable: event.locals.databaseUnavailable,
      locale: event.locals.locale,
      requestId: event.locals.requestId,
      ip: event.getClientAddress(),
      cookies: event.cookies,
      secureCookies: event.url.protocol === 'https:'
    }),
    onError: ({ error, path, ctx }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc ${ctx?.requestId ?? '-'}] ${path ?? '?'}:`, error.cause ?? error);
    }
  });
};

export const GET = handler;
export const POST = handler;
