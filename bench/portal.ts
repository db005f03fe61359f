// Talking to the built portal over HTTP as a browser would: plain (non-batched) tRPC, keep-alive, a session cookie.

// The demo city from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias, which
// tsx only resolves once `svelte-kit sync` has run.
export const DEMO_PASSWORD = 'Gridcall2026';
export const DEMO = {
  /** 王管理, admin of the city 某市. */
  admin: '13800000001',
  /** 李人事, HR of 城东区. */
  hr: '13800000002',
  /** 陈咨询, counselor at 东湖街道. */
  counselor: '13800000003',
  /** 张网格, grid worker of 湖滨社区第一网格. */
  gridWorker: '13800000004',
  /** 刘志愿, volunteer living in 湖滨社区. */
  volunteer: '13800000005',
  /** 孙复核, second HR of 城东区. */
  secondHr: '13800000006'
} as const;
export const UNITS = { city: '某市', district: '城东区', westDistrict: '城西区', street: '东湖街道', community: '湖滨社区', grid: '第一网格' } as const;

/** One answer: its data, the time from sending to its last byte (parsing left out), its size, and the session it set. */
export interface Answer<T> {
  data: T;
  ms: number;
  bytes: number;
  cookie?: string;
}

export interface Unit {
  id: string;
  name: string;
  level: string;
  children: Unit[];
}

export interface Portal {
  url: string;
  /** The gc_session cookie sent with every call, once signed in. */
  cookie?: string;
  /** A tRPC query: GET with ?input=. */
  query<T>(path: string, input?: unknown): Promise<Answer<T>>;
  /** A tRPC mutation: POST with a JSON body. */
  mutate<T>(path: string, input?: unknown): Promise<Answer<T>>;
  /** The same portal, signed in as `phone` (a demo account, unless a password is given). */
  login(phone: string, password?: string): Promise<Portal>;
  /** The same portal, signed in as a newly registered volunteer. */
  register(input: { name: string; phone: string; password: string; homeCommunityId: string }): Promise<Portal>;
  /** The org unit called names[0], or its descendant called names[1], and so on. */
  unit(...names: string[]): Promise<Unit>;
}

async function call<T>(url: string, timeoutMs: number, cookie: string | undefined, method: 'GET' | 'POST', path: string, input: unknown): Promise<Answer<T>> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let target = `${url}/api/trpc/${path}`;
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeoutMs) };
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(input ?? null);
  } else if (input !== undefined) {
    target += `?input=${encodeURIComponent(JSON.stringify(input))}`;
  }
  let res: Response;
  let text: string;
  const start = performance.now();
  try {
    res = await fetch(target, init);
    text = await res.text();
  } catch (err) {
    const { name, message, cause } = err as Error;
    throw new Error(name === 'TimeoutError' ? `${path}: no answer within ${timeoutMs / 1000} s` : `${path}: ${message}`, { cause });
  }
  const ms = performance.now() - start;
  let body: { result?: { data: T } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below
  }
  if (!res.ok || !body?.result) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  return { data: body.result.data, ms, bytes: Buffer.byteLength(text), cookie: session?.split(';')[0] };
}

function findUnit(nodes: Unit[], name: string): Unit | undefined {
  for (const n of nodes) {
    const hit = n.name === name ? n : findUnit(n.children, name);
    if (hit) return hit;
  }
  return undefined;
}

/** A client of the portal at `url`; every call fails after `timeoutMs`. */
export function portal(url: string, timeoutMs: number, cookie?: string): Portal {
  const signIn = async (path: string, input: unknown) => {
    const answer = await call(url, timeoutMs, undefined, 'POST', path, input);
    if (!answer.cookie) throw new Error(`${path} set no gc_session cookie`);
    return portal(url, timeoutMs, answer.cookie);
  };
  const query = <T>(path: string, input?: unknown) => call<T>(url, timeoutMs, cookie, 'GET', path, input);
  return {
    url,
    cookie,
    query,
    mutate: <T>(path: string, input?: unknown) => call<T>(url, timeoutMs, cookie, 'POST', path, input),
    login: (phone, password = DEMO_PASSWORD) => signIn('auth.login', { identifier: phone, password }),
    register: (input) => signIn('auth.register', input),
    unit: async (...names) => {
      let nodes = (await query<Unit[]>('org.tree')).data;
      let unit: Unit | undefined;
      for (const name of names) {
        unit = findUnit(nodes, name);
        if (!unit) throw new Error(`org.tree has no ${names.join(' › ')}: was the demo seeded?`);
        nodes = unit.children;
      }
      if (!unit) throw new Error('unit(): no name given');
      return unit;
    }
  };
}

/** callout.create then callout.publish, as the grid worker `worker`: the open callout's id. */
export async function publishCallout(worker: Portal, input: Record<string, unknown>): Promise<string> {
  const { data } = await worker.mutate<{ id: string }>('callout.create', input);
  await worker.mutate('callout.publish', { calloutId: data.id });
  return data.id;
}
