import { parentPort } from 'node:worker_threads';
import { executeRun } from './execute-run.ts';
import type { WorkerReply, WorkerRequest } from './local.ts';

// One run at a time: the pool sends the next run when this one replies.
const port = parentPort;
if (!port) throw new Error('sweep worker: expected to run inside a worker thread');
port.on('message', async (request: WorkerRequest) => {
  const status = await executeRun(request.run, request.outDir, request.level ? { level: request.level } : {});
  const reply: WorkerReply = { status };
  port.postMessage(reply);
});
