import { Command } from 'commander';
import { runCli } from 'kit';
import { registerArrivalsCommand } from './arrivals.ts';
import { registerInspectCommand } from './inspect.ts';
import { registerPresetsCommand } from './presets.ts';
import { registerRunCommand } from './run.ts';
import { registerSolveCommand } from './solve.ts';
import { registerSweepCommand } from './sweep.ts';

const program = new Command('gpusim')
  .description('Round-based GPU cluster scheduling simulator (Gavel-style).')
  .showHelpAfterError();

registerRunCommand(program);
registerPresetsCommand(program);
registerInspectCommand(program);
registerSolveCommand(program);
registerSweepCommand(program);
registerArrivalsCommand(program);

await runCli('gpusim', () => program.parseAsync(process.argv));
