import type { UserError } from '$lib/errors';
import type { ImportInput } from '$lib/server/worker/schema';
import type { ImportReport } from '$lib/server/worker/import';

/** A failure as the tRPC client would throw it, so userErrorOf() reads it the same way. */
export class ImportCallError extends Error {
  constructor(readonly data: { userError?: UserError } | undefined) {
    super(data?.userError?.message ?? 'import failed');
  }
}

/**
 * worker.import over plain HTTP, through XMLHttpRequest rather than the tRPC client: fetch cannot
 * report upload progress, and a large file on a slow phone connection takes a while to go up.
 */
export function postImport(input: ImportInput, onProgress: (fraction: number) => void, onUploaded: () => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/trpc/worker.import');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onUploaded();
    xhr.onerror = () => reject(new ImportCallError(undefined));
    xhr.onload = () => {
      let body: { result?: { data: ImportReport }; error?: { data?: { userError?: UserError } } } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (body?.result) resolve(body.result.data);
      else reject(new ImportCallError(body?.error?.data));
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
