import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appRouter } from './router';
import { MAX_INPUT_BYTES, MAX_INPUT_DEPTH, UPLOAD_PROCEDURES, guardTrpcRequest, scanJson } from './input-guard';

const bytes = (s: string) => new TextEncoder().encode(s);
const scan = (s: string, depth?: number, structure?: number) => scanJson(bytes(s), depth, structure);
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

/** How deep a parsed value nests: 0 for a scalar, 1 for [] or {}. */
function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Object.values(v as object);
  return 1 + (children.length ? Math.max(...children.map(depthOf)) : 0);
}

describe('scanJson', () => {
  it('allows MAX_INPUT_DEPTH levels and refuses one more, in arrays and objects', () => {
    expect(scan(nested(MAX_INPUT_DEPTH))).toBe('ok');
    expect(scan(nested(MAX_INPUT_DEPTH + 1))).toBe('tooDeep');
    expect(scan('{"a":'.repeat(MAX_INPUT_DEPTH + 1) + '1' + '}'.repeat(MAX_INPUT_DEPTH + 1))).toBe('tooDeep');
    expect(scan('{"a":[{"b":[]}]}', 4)).toBe('ok');
    expect(scan('{"a":[{"b":[]}]}', 3)).toBe('tooDeep');
  });

  it('does not count brackets inside strings, whatever the escapes', () => {
    expect(scan(JSON.stringify({ a: '['.repeat(1000) }))).toBe('ok');
    expect(scan(JSON.stringify({ a: '\\"[[[[' + '['.repeat(100) }))).toBe('ok');
    // "\\" ends the string: the brackets after it are structure.
    expect(scan('["a\\\\",' + nested(40) + ']')).toBe('tooDeep');
    // "\"" does not: the brackets are still inside the string.
    expect(scan('["a\\"' + '['.repeat(40) + '"]')).toBe('ok');
    expect(scan('["\\u005b' + '['.repeat(40) + '"]')).toBe('ok');
  });

  it('agrees with JSON.parse on the depth of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const depth = depthOf(value);
        expect(scanJson(bytes(text), depth)).toBe('ok');
        if (depth > 0) expect(scanJson(bytes(text), depth - 1)).toBe('tooDeep');
      }),
      { numRuns: 500 }
    );
  });

  it('counts only what is outside strings against the size: a long base64 string is fine, a wide array is not', () => {
    expect(scan(JSON.stringify({ kind: 'workers', contentBase64: 'A'.repeat(3 * MAX_INPUT_BYTES) }))).toBe('ok');
    expect(scan('[' + '0,'.repeat(MAX_INPUT_BYTES / 2) + '0]')).toBe('tooLarge');
    expect(scan('[' + '"",'.repeat(MAX_INPUT_BYTES / 3) + '""]')).toBe('tooLarge');
  });

  it('lets malformed JSON through for JSON.parse to refuse', () => {
    expect(scan('{"a": "unterminated [[[[[[[[')).toBe('ok');
    expect(scan(']]]]]]')).toBe('ok');
    expect(scan('')).toBe('ok');
  });

  it('is linear: 10,000 deep is refused at once, and a run of escapes does not go quadratic', () => {
    const t0 = performance.now();
    expect(scan(nested(10_000))).toBe('tooDeep');
    expect(scan('["' + '\\"'.repeat(500_000) + '"]')).toBe('ok');
    expect(scan('["' + '\\\\'.repeat(500_000) + '"]')).toBe('ok');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('the upload procedures', () => {
  it('exist in the router (a renamed one would be cut off at 1 MB)', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    for (const path of UPLOAD_PROCEDURES) expect(procedures).toContain(path);
  });
});

describe('guardTrpcRequest', () => {
  const opts = { endpoint: '/api/trpc', locale: 'zh-CN' as const, requestId: 'abcd1234' };
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    new Request(`http://localhost/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);

  it('hands an ordinary body on unchanged', async () => {
    const body = JSON.stringify({ identifier: '13800000005', password: '密码[' });
    const out = await guardTrpcRequest(post('auth.login', body), opts);
    expect('request' in out && (await out.request.text())).toBe(body);
  });

  it('refuses a deep body in the shape tRPC answers with, one entry per call of a batch', async () => {
    const out = await guardTrpcRequest(post('auth.login,auth.me?batch=1', `{"0":${nested(5000)}}`), opts);
    expect('refused' in out).toBe(true);
    const res = (out as { refused: Response }).refused;
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json).toHaveLength(2);
    expect(json[1].error).toEqual({
      code: -32600,
      message: '提交的内容格式过于复杂，无法处理。请刷新页面后再试。',
      data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'auth.me', userError: { code: 'INPUT_TOO_DEEP', message: '提交的内容格式过于复杂，无法处理。请刷新页面后再试。', requestId: 'abcd1234' } }
    });
  });

  it('refuses a body over the limit by its Content-Length, and by its bytes when it has none', async () => {
    // Refused on the header alone, before a byte is read.
    const declared = await guardTrpcRequest(post('auth.login', '{}', { 'content-length': String(MAX_INPUT_BYTES + 1) }), opts);
    expect('refused' in declared && declared.refused.status).toBe(413);
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 40) c.enqueue(chunk);
        else c.close();
      }
    });
    const streamed = await guardTrpcRequest(post('auth.login', stream), { ...opts, locale: 'en' });
    expect('refused' in streamed).toBe(true);
    const json = await (streamed as { refused: Response }).refused.json();
    expect(json.error.data.userError).toMatchObject({ code: 'INPUT_TOO_LARGE', message: 'The data sent is too large to be processed. Please reload the page and try again.' });
  });

  it('lets an upload be bigger than 1 MB, and refuses a query whose ?input= nests too deep', async () => {
    const upload = JSON.stringify({ kind: 'workers', fileName: 'a.csv', contentBase64: 'QUJD'.repeat(MAX_INPUT_BYTES) });
    const out = await guardTrpcRequest(post('worker.import', upload), opts);
    expect('request' in out && (await out.request.text()).length).toBe(upload.length);
    const query = await guardTrpcRequest(new Request(`http://localhost/api/trpc/auth.me?input=${encodeURIComponent(nested(100))}`), opts);
    expect('refused' in query && query.refused.status).toBe(400);
  });
});
