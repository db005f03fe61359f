/**
 * Reading the site QR code with the camera: the browser's own BarcodeDetector where it has one
 * (Android Chrome), else jsQR on frames drawn to a canvas. Both run in the page, so the strict CSP
 * (scripts from self only, no blob: workers, no WebAssembly) holds.
 */
export type Decode = (video: HTMLVideoElement) => Promise<string | null>;

interface NativeDetector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

export async function qrDecoder(): Promise<Decode> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (Native && (await Native.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d canvas');
  return async (video) => {
    const { videoWidth: w, videoHeight: h } = video;
    if (!w || !h) return null;
    // A phone's 1080p frame is more than a QR code held up close needs, and slow to search.
    const scale = Math.min(1, 640 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}

export type ScanResult = { code: string } | { otherCallout: true } | null;

/** The QR code holds `${origin}/callouts/<id>/check-in?code=<6 digits>`; six bare digits are taken too. */
export function readScan(text: string, calloutId: string): ScanResult {
  const plain = text.trim();
  if (/^\d{6}$/.test(plain)) return { code: plain };
  let url: URL;
  try {
    url = new URL(plain);
  } catch {
    return null;
  }
  const path = /^\/callouts\/([^/]+)\/check-in\/?$/.exec(url.pathname);
  const code = url.searchParams.get('code') ?? '';
  if (!path || !/^\d{6}$/.test(code)) return null;
  return path[1] === calloutId ? { code } : { otherCallout: true };
}
