const BASE = 'http://gridcall.invalid';

/**
 * Where to go after signing in: a path of this site, or home. Read the way a browser reads it, so
 * `//evil.example`, `/\evil.example` and `/<TAB>/evil.example` (all another site to a browser)
 * go home too.
 */
export function sameSitePath(next: string | null | undefined): string {
  if (!next?.startsWith('/')) return '/';
  try {
    const url = new URL(next, BASE);
    return url.origin === BASE ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}
