import { randomUUID } from 'node:crypto';
import { error, redirect, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, validateSessionToken } from '$lib/server/auth/session';
import { isDatabaseUnavailable } from '$lib/server/domain-error';
import type { Actor } from '$lib/server/auth/actor';
import { isLocale, localeFromAcceptLanguage, translate } from '$lib/i18n';

export const init: ServerInit = async () => {
  const { database, stop } = await getRuntime();
  // The adapter closes the HTTP server on SIGTERM/SIGINT, then tells us: stop workers, close the database.
  process.once('sveltekit:shutdown', () => void stop());
  console.log(`[server] ready on ${database.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'}`);
};

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), geolocation=(), microphone=()'
};

export const handle: Handle = async ({ event, resolve }) => {
  const { database } = await getRuntime();
  event.locals.db = database.db;
  event.locals.requestId = randomUUID().slice(0, 8);
  const secure = event.url.protocol === 'https:';

  const cookieLocale = event.cookies.get('gc_locale');
  event.locals.locale = isLocale(cookieLocale) ? cookieLocale : localeFromAcceptLanguage(event.request.headers.get('accept-language'));

  event.locals.sessionExpired = false;
  const token = event.cookies.get(SESSION_COOKIE);
  event.locals.actor = token ? await checkSession(event, token, secure, isLocale(cookieLocale)) : null;

  // Guarded here, not only in layouts: layout and page loads run in parallel.
  const routeId = event.route.id ?? '';
  if (routeId.startsWith('/(app)') && !event.locals.actor) {
    const expired = event.locals.sessionExpired ? 'expired&' : '';
    redirect(303, `/login?${expired}next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  }
  if (routeId.startsWith('/(app)/admin') && !event.locals.actor?.memberships.some((m) => m.role === 'admin')) {
    error(403, { code: 'FORBIDDEN', message: translate(event.locals.locale, 'error.FORBIDDEN') });
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
  });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (secure) response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return response;
};

/** The signed-in person, or null when the session has ended (then the cookie goes) or cannot be checked. */
async function checkSession(event: RequestEvent, token: string, secure: boolean, localeChosen: boolean): Promise<Actor | null> {
  let result: Awaited<ReturnType<typeof validateSessionToken>>;
  try {
    result = await validateSessionToken(event.locals.db, token);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    // No reason to log anyone out: keep the cookie and say "try again". API calls answer 503 in their own shape.
    if (!event.url.pathname.startsWith('/api/trpc')) error(503, { code: 'UNAVAILABLE', message: translate(event.locals.locale, 'error.UNAVAILABLE') });
    event.locals.databaseUnavailable = true;
    return null;
  }
  if (!result) {
    event.locals.sessionExpired = true;
    clearSessionCookie(event.cookies, secure);
    return null;
  }
  if (!localeChosen) event.locals.locale = result.actor.locale;
  if (result.renewedUntil) setSessionCookie(event.cookies, token, result.renewedUntil, secure);
  return result.actor;
}

/** Unexpected errors: logged with the request id, shown to the user as one plain sentence. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  const requestId = event.locals.requestId ?? randomUUID().slice(0, 8);
  const locale = event.locals.locale ?? 'zh-CN';
  if (status === 404) return { code: 'NOT_FOUND', message: translate(locale, 'error.NOT_FOUND'), requestId };
  if (isDatabaseUnavailable(error)) {
    console.error(`[error ${requestId}] database unavailable:`, (error as Error).message);
    return { code: 'UNAVAILABLE', message: translate(locale, 'error.UNAVAILABLE'), requestId };
  }
  console.error(`[error ${requestId}]`, error);
  return { code: 'INTERNAL', message: translate(locale, 'error.INTERNAL'), requestId };
};
