import type { Command } from 'commander';
import { CLUSTER_PRESETS } from '../cluster/presets.ts';

export function registerPresetsCommand(program: Command): void {
  program
    .command('presets')
    .description('List the cluster presets: GPU types and node sizes.')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  gpusim presets\n  gpusim presets --json\n')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(CLUSTER_PRESETS, null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      for (const preset of CLUSTER_PRESETS) {
        const gpus = preset.groups.reduce((sum, group) => sum + group.gpusPerNode * group.nodes, 0);
        const nodes = preset.groups.reduce((sum, group) => sum + group.nodes, 0);
        lines.push(`${preset.name}: ${gpus} GPUs on ${nodes} nodes. ${preset.description}`);
        for (const type of preset.gpuTypes) {
          const groups = preset.groups.filter((group) => group.type === type);
          const total = groups.reduce((sum, group) => sum + group.gpusPerNode * group.nodes, 0);
          const shape = groups.map((group) => `${group.nodes} x ${group.gpusPerNode}`).join(' + ');
          lines.push(`  ${type.padEnd(8)} ${String(total).padStart(5)} GPUs  (${shape})`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
