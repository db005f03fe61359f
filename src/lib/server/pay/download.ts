/** RFC 6266 with RFC 5987's filename*: the Chinese name for browsers, an ASCII fallback for the rest. */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

/** A pay document as a download: private to the signed-in user, never kept by shared caches. */
export function downloadResponse(content: Uint8Array, mimeType: string, fileName: string, asciiFallback: string): Response {
  return new Response(new Uint8Array(content), {
    headers: {
      'content-type': mimeType,
      'content-disposition': contentDisposition(fileName, asciiFallback),
      'content-length': String(content.length),
      'cache-control': 'private, no-store'
    }
  });
}
