// `npm run analyze`: the committed figures (data/<figure>/) -> data/summary.json and charts/.
import { runCli } from 'kit';
import { analyze } from '../analyze.ts';

await runCli('analyze', async () => {
  const { files } = await analyze();
  for (const file of files) process.stdout.write(`${file}\n`);
});
