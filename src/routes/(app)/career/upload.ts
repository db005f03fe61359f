/** What the server accepts, by the file's first bytes: the browser's own type may be missing or wrong. */
export async function looksLikeScan(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  return starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x25, 0x50, 0x44, 0x46, 0x2d);
}
