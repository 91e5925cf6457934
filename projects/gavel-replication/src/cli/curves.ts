// `npm run curves`: data/paper-curves/<figure>.curves.json from the digitized file.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCurveFiles } from '../curves.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'paper-curves');
for (const path of writeCurveFiles(dir)) process.stdout.write(`${path}\n`);
