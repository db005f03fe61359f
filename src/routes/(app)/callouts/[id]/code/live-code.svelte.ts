import { userErrorOf } from '$lib/errors';
import { t } from '$lib/i18n/page';
import { trpc } from '$lib/trpc/client';

type Code = { code: string; expiresAt: Date | string };
interface Start {
  code: Code | null;
  closed: string | null;
  /** The server's clock when the page was loaded: refreshes are timed by it, not by the phone's. */
  serverNow: number;
  opensAt: Date;
}

/** Longest wait setTimeout takes (about 24.8 days). */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * The site code on show, fetched again just after it expires. The server also takes the previous
 * minute's code, so arriving a moment late costs nothing; a stale code is dropped after that minute.
 */
export function liveCode(calloutId: string, start: Start) {
  let current = $state<Code | null>(start.code);
  let failure = $state(start.closed ?? '');
  let announce = $state('');
  let now = $state(Date.now());
  const skew = start.serverNow - Date.now();
  const serverTime = () => Date.now() + skew;
  // From the load a Date, from tRPC (plain JSON) an ISO string.
  const expiry = (c: Code) => (typeof c.expiresAt === 'string' ? Date.parse(c.expiresAt) : c.expiresAt.getTime());
  let timer: ReturnType<typeof setTimeout> | undefined;

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(refresh, Math.min(Math.max(ms, 1000), MAX_DELAY));
  }

  async function refresh() {
    try {
      const next = await trpc.callout.siteCode.query({ calloutId });
      const changed = next.code !== current?.code;
      current = next;
      failure = '';
      // Announced once a minute, digit by digit, never the countdown.
      if (changed) announce = t('siteCode.newCode', { code: next.code.split('').join(' ') });
      // Unchanged means this phone's clock ran ahead: ask again a little later.
      schedule(changed ? expiry(next) - serverTime() + 500 : 5000);
    } catch (err) {
      const error = userErrorOf(err, t('error.INTERNAL'));
      failure = error.message;
      if (error.code === 'NOT_CHECK_IN_TIME') {
        current = null;
        return;
      }
      if (current && serverTime() > expiry(current) + 60_000) current = null;
      schedule(10_000);
    }
  }

  /** Starts the clock; returns the function that stops it. */
  function begin() {
    const tick = setInterval(() => (now = Date.now()), 1000);
    if (current) schedule(expiry(current) - serverTime() + 500);
    else if (start.opensAt.getTime() > serverTime()) schedule(start.opensAt.getTime() - serverTime() + 1000);
    // A phone that slept has missed its timers.
    const wake = () => {
      if (document.visibilityState === 'visible' && current) void refresh();
    };
    document.addEventListener('visibilitychange', wake);
    return () => {
      clearInterval(tick);
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
    };
  }

  return {
    get code() {
      return current;
    },
    get failure() {
      return failure;
    },
    get announce() {
      return announce;
    },
    get secondsLeft() {
      return current ? Math.max(0, Math.ceil((expiry(current) - (now + skew)) / 1000)) : 0;
    },
    get notYetOpen() {
      return !current && start.opensAt.getTime() > now + skew;
    },
    begin
  };
}
