import { oneLine } from 'kit';
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`when2meet: ${oneLine(error)}\n`);
  process.exitCode = 1;
}
