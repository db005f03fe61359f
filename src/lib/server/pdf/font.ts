import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Noto Sans CJK SC cut down to GB 2312 + 通用规范汉字表 (see assets/fonts/README.md). Like
 * migrations/, found from the directory the server starts in. PDFKit embeds only the glyphs used,
 * with a ToUnicode map, so the text of a document can be searched and copied.
 */
export const CJK_FONT = resolve('assets/fonts/NotoSansCJKsc-Regular-subset.otf');

let fontBytes: Promise<Buffer> | undefined;

/** The font's bytes, read once per process; a failed read is retried next time. */
export function cjkFont(): Promise<Buffer> {
  fontBytes ??= readFile(CJK_FONT).catch((err: unknown) => {
    fontBytes = undefined;
    throw err;
  });
  return fontBytes;
}
