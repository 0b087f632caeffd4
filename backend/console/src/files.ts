import { ApiProblem, apiUrl, problemFrom, requestHeaders, UNREACHABLE } from './api.core';
import { useConsole } from './state';

/**
 * Files to and from the API with the console's session: a CSV export or a statement (the
 * enterprise header travels with the request, so a plain link cannot carry it) saved under its
 * name, and a raw upload (a CSV import, a document's file). Refusals are the API client's Problems.
 */
export function useFiles() {
  const state = useConsole();
  const options = { csrfToken: () => state.me()?.csrfToken ?? null, enterpriseId: state.enterpriseId };
  const call = async (method: string, path: string, query: Record<string, string | number | undefined | null>, body?: Blob | string, type?: string): Promise<Response> => {
    const headers = requestHeaders(method, options, false);
    if (body !== undefined) headers['content-type'] = type || 'application/octet-stream';
    let res: Response;
    try {
      res = await window.fetch(apiUrl(path, query), { method, credentials: 'same-origin', headers, ...(body !== undefined ? { body } : {}) });
    } catch {
      throw new ApiProblem(UNREACHABLE);
    }
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      if (res.status === 401 && state.me()) state.setMe(null);
      throw new ApiProblem(problemFrom(res.status, parsed));
    }
    return res;
  };
  return {
    /** GETs a file and hands it to the browser to save as `name` (or the server's name). */
    download: async (path: string, name: string, query: Record<string, string | number | undefined | null> = {}) => {
      const res = await call('GET', path, query);
      const disposition = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
      saveBlob(await res.blob(), disposition ?? name);
    },
    /** Sends a raw body (a file, a text) and reads the JSON answer. */
    upload: async <T>(method: 'POST' | 'PUT', path: string, body: Blob | string, type: string, query: Record<string, string | number | undefined | null> = {}): Promise<T> => {
      const res = await call(method, path, query, body, type);
      return (await res.json()) as T;
    },
  };
}

/** Saves what the page made (a report's CSV) as a file. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
