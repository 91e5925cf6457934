import { runCli } from 'kit';
import { buildProgram } from './program.ts';

await runCli('when2meet', () => buildProgram().parseAsync(process.argv));
