/**
 * The portal's tRPC API as an outside client meets it: plain JSON over HTTP, a session cookie.
 * For tests that run the built server (tests/server), where no in-process caller exists.
 */

export interface Answer<T = unknown> {
  status: number;
  data?: T;
  error?: { message: string; data?: { code?: string; httpStatus?: number; userError?: { code: string; message: string } } };
  /** The session cookie the answer set (`gc_session=…`), if any. */
  cookie?: string;
  setCookie: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly answer: Answer
  ) {
    super(`${path}: ${answer.status} ${JSON.stringify(answer.error)}`);
  }
}

async function answerOf<T>(res: Response): Promise<Answer<T>> {
  const setCookie = res.headers.get('set-cookie');
  const session = setCookie?.match(/gc_session=[^;]*/)?.[0];
  const text = await res.text();
  let body: { result?: { data: T }; error?: Answer['error'] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a proxy or crash page; status says enough
  }
  return { status: res.status, data: body.result?.data, error: body.error, cookie: session && session !== 'gc_session=' ? session : undefined, setCookie };
}

/** The portal's own error code of a failed call (LOGIN_LOCKED, SLOT_TAKEN …). */
export const codeOf = (answer: Answer) => answer.error?.data?.userError?.code;

/** A query (GET) or mutation (POST), answered whatever the status. */
export async function call<T = unknown>(base: string, kind: 'query' | 'mutation', path: string, input?: unknown, cookie?: string, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const h: Record<string, string> = { ...headers, ...(cookie ? { cookie } : {}) };
  if (kind === 'query') {
    const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return answerOf<T>(await fetch(`${base}/api/trpc/${path}${qs}`, { headers: h }));
  }
  return answerOf<T>(
    await fetch(`${base}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(input ?? {}) })
  );
}

/** The data of a successful call, or an ApiError naming the path and the answer. */
export async function ok<T = unknown>(base: string, kind: 'query' | 'mutation', path: string, input?: unknown, cookie?: string): Promise<T> {
  const answer = await call<T>(base, kind, path, input, cookie);
  if (answer.status !== 200) throw new ApiError(path, answer);
  return answer.data as T;
}

export const query = <T = unknown>(base: string, path: string, input?: unknown, cookie?: string) => ok<T>(base, 'query', path, input, cookie);
export const mutate = <T = unknown>(base: string, path: string, input?: unknown, cookie?: string) => ok<T>(base, 'mutation', path, input, cookie);

export const DEMO_PASSWORD = 'Gridcall2026';

/** Signs in and returns the session cookie (`gc_session=…`). */
export async function login(base: string, identifier: string, password = DEMO_PASSWORD, cookie?: string): Promise<string> {
  const answer = await call(base, 'mutation', 'auth.login', { identifier, password }, cookie);
  if (answer.status !== 200 || !answer.cookie) throw new ApiError('auth.login', answer);
  return answer.cookie;
}

interface UnitNode {
  id: string;
  name: string;
  level: string;
  children: UnitNode[];
}

/** Unit ids by path of names below the city, e.g. '城东区', '湖滨社区', '湖滨社区/第一网格'. */
export async function units(base: string): Promise<(path: string) => string> {
  const tree = await query<UnitNode[]>(base, 'org.tree');
  const byName = new Map<string, string>();
  const walk = (nodes: UnitNode[], parent?: UnitNode) => {
    for (const n of nodes) {
      byName.set(n.level === 'grid' && parent ? `${parent.name}/${n.name}` : n.name, n.id);
      walk(n.children, n);
    }
  };
  walk(tree);
  return (path) => {
    const id = byName.get(path);
    if (!id) throw new Error(`no unit ${path}`);
    return id;
  };
}

/** An ISO instant `ms` from now. */
export const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
export const HOUR = 3600_000;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
