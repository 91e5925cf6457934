// Worker threads start as plain Node: register tsx here, then load the TypeScript worker,
// the same way bin/gpusim.js starts the CLI. Works under `npx tsx`, `node bin/gpusim.js` and vitest.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
