import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { ErrorCode } from '$lib/errors';
import type { Locale } from '$lib/i18n';
import { DomainError } from './domain-error';
import { userErrorOf } from './user-error';

/**
 * Limits on a tRPC request's raw JSON, checked before anything parses it. JSON.parse, the NUL walk
 * and zod all cost more the deeper an input nests (a 20 KB body nested 10,000 deep took seconds of
 * the only thread to refuse), and no form of the portal nests deeper than a few levels.
 */
export const MAX_INPUT_DEPTH = 32;
/**
 * The largest body of an ordinary call (the longest form, a callout with a 4,000-character
 * description, is about 13 KB), and the most JSON outside strings any call may carry.
 */
export const MAX_INPUT_BYTES = 1024 * 1024;
/**
 * Calls that carry a file as base64 in one string (bulk import: up to 10 MB; a certificate scan:
 * up to 5 MB). Their body is bounded only by the adapter's BODY_SIZE_LIMIT (80M by default), so the
 * service can tell a user whose file is too big so in words; the JSON around the file still counts
 * against MAX_INPUT_BYTES.
 */
export const UPLOAD_PROCEDURES: ReadonlySet<string> = new Set(['worker.import', 'career.certificate.add']);

export type InputVerdict = 'ok' | 'tooDeep' | 'tooLarge';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * One pass over raw JSON (UTF-8 bytes): the bracket depth outside strings, and the bytes outside
 * strings. Strings are skipped with indexOf, so a base64 file costs almost nothing. It does not
 * validate: malformed JSON it lets through is JSON.parse's to refuse, at no more depth or size.
 */
export function scanJson(json: Uint8Array, maxDepth = MAX_INPUT_DEPTH, maxStructure = MAX_INPUT_BYTES): InputVerdict {
  let depth = 0;
  let structure = 0;
  const n = json.length;
  for (let i = 0; i < n; i++) {
    const c = json[i]!;
    if (c === QUOTE) {
      // The closing quote is the first one after an even run of backslashes. Each backslash is looked
      // at once at most: the run stops at the previous quote, so the scan stays linear.
      let from = i + 1;
      for (;;) {
        const q = json.indexOf(QUOTE, from);
        if (q < 0) return 'ok'; // unterminated string: JSON.parse refuses it
        let k = q - 1;
        while (k > i && json[k] === BACKSLASH) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
        from = q + 1;
      }
      structure += 2;
    } else {
      structure++;
      if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++depth > maxDepth) return 'tooDeep';
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        depth--;
      }
    }
    if (structure > maxStructure) return 'tooLarge';
  }
  return 'ok';
}

const trimSlashes = (s: string) => s.replace(/^\/|\/$/g, '');

/** The byte cap of a request to `paths` (several for a batch). */
export function bodyLimitFor(paths: readonly string[]): number {
  return paths.some((p) => UPLOAD_PROCEDURES.has(p)) ? Infinity : MAX_INPUT_BYTES;
}

/** tRPC reads a body as JSON only under this media type (its jsonContentTypeHandler). */
function isJson(request: Request): boolean {
  return request.headers.get('content-type')?.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}

/** What is left of a refused body is read and dropped, so the client still gets its answer on a whole connection. */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // the client went away, or the adapter's own limit ended the body
    }
  })();
}

/** The body's bytes, or 'tooLarge' as soon as it passes `limit` (the rest is drained, not kept). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | 'tooLarge'> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    drain(reader);
    return 'tooLarge';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      drain(reader);
      return 'tooLarge';
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

const REFUSALS = {
  tooDeep: { code: 'INPUT_TOO_DEEP', trpc: 'BAD_REQUEST', status: 400 },
  tooLarge: { code: 'INPUT_TOO_LARGE', trpc: 'PAYLOAD_TOO_LARGE', status: 413 }
} as const satisfies Record<Exclude<InputVerdict, 'ok'>, { code: ErrorCode; trpc: keyof typeof TRPC_ERROR_CODES_BY_KEY; status: number }>;

/** The answer tRPC would give (the errorFormatter's shape in trpc.ts), one per call of a batch. */
function refusal(verdict: Exclude<InputVerdict, 'ok'>, paths: readonly string[], isBatch: boolean, locale: Locale, requestId: string): Response {
  const { code, trpc, status } = REFUSALS[verdict];
  const userError = userErrorOf(new DomainError(code), locale, requestId);
  const shape = (path: string) => ({
    error: { code: TRPC_ERROR_CODES_BY_KEY[trpc], message: userError.message, data: { code: trpc, httpStatus: status, path, userError } }
  });
  const body = isBatch ? paths.map(shape) : shape(paths[0] ?? '');
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export interface GuardOptions {
  /** Where the tRPC handler sits, '/api/trpc'. */
  endpoint: string;
  locale: Locale;
  requestId: string;
}

/**
 * Checks a request to /api/trpc before tRPC parses it: the `?input=` of a query and the body of a
 * mutation, by depth and by size. Returns the answer refusing it, or the request to hand on (a new
 * one over the same bytes when the body had to be read).
 */
export async function guardTrpcRequest(request: Request, { endpoint, locale, requestId }: GuardOptions): Promise<{ refused: Response } | { request: Request }> {
  const url = new URL(request.url);
  // The procedure path exactly as tRPC's fetch adapter takes it (not URL-decoded).
  const path = trimSlashes(trimSlashes(url.pathname).slice(trimSlashes(endpoint).length));
  const isBatch = url.searchParams.get('batch') === '1';
  const paths = isBatch ? path.split(',') : [path];
  const limit = bodyLimitFor(paths);

  const queryInput = url.searchParams.get('input');
  if (queryInput !== null) {
    const bytes = new TextEncoder().encode(queryInput);
    const verdict = bytes.length > limit ? 'tooLarge' : scanJson(bytes);
    if (verdict !== 'ok') return { refused: refusal(verdict, paths, isBatch, locale, requestId) };
  }
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return { request };

  const bytes = await readBody(request, limit);
  const verdict = bytes === 'tooLarge' ? 'tooLarge' : isJson(request) ? scanJson(bytes) : 'ok';
  if (verdict !== 'ok') return { refused: refusal(verdict, paths, isBatch, locale, requestId) };
  return {
    request: new Request(request.url, { method: request.method, headers: request.headers, body: bytes as Uint8Array<ArrayBuffer>, signal: request.signal })
  };
}
