// Decodes and validates run files off the main thread, then hands the typed arrays over
// without copying (their buffers are transferred).
import { decodeRunData, type RunData } from 'scheduler/format';
import { type Derived, deriveRun } from './derive.ts';

export type DecodeRequest = { id: number; name: string } & (
  | { url: string }
  | { bytes: ArrayBuffer }
  | { file: File }
);
export type DecodeResponse = { id: number } & (
  | { data: RunData; derived: Derived; loadMs: number }
  | { error: string }
);

interface WorkerScope {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(message: DecodeResponse, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async (event) => {
  const request = event.data;
  const started = performance.now();
  try {
    const bytes = await readBytes(request);
    const data = decodeRunData(bytes, { source: request.name });
    const derived = deriveRun(data);
    const buffers = new Set<ArrayBuffer>();
    const shares = data.shares ? Object.values(data.shares) : [];
    for (const value of [...Object.values(data), ...data.metrics, ...shares, ...Object.values(derived)]) {
      if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer);
    }
    scope.postMessage({ id: request.id, data, derived, loadMs: performance.now() - started }, [...buffers]);
  } catch (error) {
    scope.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
};

async function readBytes(request: DecodeRequest): Promise<ArrayBuffer> {
  if ('bytes' in request) return request.bytes;
  if ('file' in request) return request.file.arrayBuffer();
  const response = await fetch(request.url);
  if (!response.ok)
    throw new Error(
      `${request.url}: HTTP ${response.status} ${response.statusText}, expected a run.gpuviz file`,
    );
  return response.arrayBuffer();
}
