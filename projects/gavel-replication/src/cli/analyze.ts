// `npm run analyze`: the committed figures (data/<figure>/) -> data/summary.json and charts/.
import { oneLine } from 'kit';
import { analyze } from '../analyze.ts';

try {
  const { files } = await analyze();
  for (const file of files) process.stdout.write(`${file}\n`);
} catch (error) {
  process.stderr.write(`analyze: ${oneLine(error)}\n`);
  process.exitCode = 1;
}
