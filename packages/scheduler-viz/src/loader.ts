import { type RunFile, runFileFromData } from 'scheduler/format';
import type { DecodeRequest, DecodeResponse } from './decode.worker.ts';
import type { Derived } from './derive.ts';

export type RunSource =
  | { url: string; name?: string }
  | { file: File }
  | { bytes: ArrayBuffer; name: string };

export interface LoadedRun {
  name: string;
  file: RunFile;
  derived: Derived;
  /** Worker time to fetch, decode, validate and derive. */
  loadMs: number;
}

/** One Worker per viewer; requests are answered in any order, matched by id. */
export class RunLoader {
  #worker: Worker | undefined;
  #pending = new Map<
    number,
    { resolve: (run: LoadedRun) => void; reject: (error: Error) => void; name: string }
  >();
  #nextId = 1;

  load(source: RunSource): Promise<LoadedRun> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const name =
      'file' in source
        ? source.file.name
        : 'bytes' in source
          ? source.name
          : (source.name ?? displayName(source.url));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, name });
      const request: DecodeRequest =
        'url' in source
          ? { id, name, url: new URL(source.url, location.href).href }
          : 'file' in source
            ? { id, name, file: source.file }
            : { id, name, bytes: source.bytes };
      worker.postMessage(request, 'bytes' in request ? [request.bytes] : []);
    });
  }

  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(new Error('viewer closed'));
    this.#pending.clear();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<DecodeResponse>) => {
      const response = event.data;
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if ('error' in response) pending.reject(new Error(response.error));
      else
        pending.resolve({
          name: pending.name,
          file: runFileFromData(response.data),
          derived: response.derived,
          loadMs: response.loadMs,
        });
    };
    worker.onerror = (event) => {
      for (const pending of this.#pending.values())
        pending.reject(new Error(`decoder worker failed: ${event.message}`));
      this.#pending.clear();
    };
    this.#worker = worker;
    return worker;
  }
}

/** A readable name for a run URL: the served run's key, or the last path segments. */
export function displayName(url: string): string {
  const served = /\/@gpuviz\/file\/([^?#]+)/.exec(url);
  if (served) return decodeURIComponent(served[1]!).replace(/\/run\.gpuviz$/, '');
  const path = url.split(/[?#]/)[0]!.split('/').filter(Boolean);
  return path.slice(-2).join('/') || url;
}
