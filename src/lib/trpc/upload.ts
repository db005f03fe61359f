import type { UserError } from '$lib/errors';

/** A failure as the tRPC client would throw it, so userErrorOf() reads it the same way. */
export class UploadError extends Error {
  constructor(readonly data: { userError?: UserError } | undefined) {
    super(data?.userError?.message ?? 'upload failed');
  }
}

/**
 * One tRPC mutation over plain HTTP through XMLHttpRequest rather than the tRPC client: fetch
 * cannot report upload progress, and a file on a slow phone connection takes a while to go up.
 */
export function mutateWithProgress<T>(path: string, input: unknown, onProgress: (fraction: number) => void, onUploaded: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/trpc/${path}`);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onUploaded();
    xhr.onerror = () => reject(new UploadError(undefined));
    xhr.onload = () => {
      let body: { result?: { data: T }; error?: { data?: { userError?: UserError } } } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (body?.result) resolve(body.result.data);
      else reject(new UploadError(body?.error?.data));
    };
    xhr.send(JSON.stringify(input));
  });
}

/** The file's bytes as base64 (without the data: URL prefix). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
