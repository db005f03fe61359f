import { inflateRawSync } from 'node:zlib';

/**
 * Unpacked, a spreadsheet of a street's people is some tens of megabytes at most; an .xlsx that
 * unpacks to more is refused before the spreadsheet reader expands it in memory (a "zip bomb":
 * 10 MB that inflate to gigabytes).
 */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const MAX_ENTRIES = 5_000;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;

/**
 * Inflates every entry of the zip with a cap on the total output, trusting none of the sizes the
 * archive declares. 'ok' when all of it fits in `budget` bytes.
 */
export function unpackedSize(zip: Buffer, budget = MAX_UNPACKED_BYTES): 'ok' | 'tooLarge' | 'damaged' {
  try {
    const end = endOfCentralDirectory(zip);
    if (end === undefined) return 'damaged';
    const entries = zip.readUInt16LE(end + 10);
    if (entries > MAX_ENTRIES) return 'tooLarge';
    let at = zip.readUInt32LE(end + 16);
    let used = 0;
    for (let i = 0; i < entries; i++) {
      if (zip.readUInt32LE(at) !== CENTRAL) return 'damaged';
      const method = zip.readUInt16LE(at + 10);
      const packed = zip.readUInt32LE(at + 20);
      const local = zip.readUInt32LE(at + 42);
      at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
      if (zip.readUInt32LE(local) !== LOCAL) return 'damaged';
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + packed);
      if (method === STORED) used += data.length;
      else if (method === DEFLATE) used += inflateRawSync(data, { maxOutputLength: budget - used + 1 }).length;
      else return 'damaged';
      if (used > budget) return 'tooLarge';
    }
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'tooLarge' : 'damaged';
  }
}

/** Offset of the end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KiB. */
function endOfCentralDirectory(zip: Buffer): number | undefined {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  return undefined;
}
