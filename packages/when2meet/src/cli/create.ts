import type { Command } from 'commander';
import { createEventOperation } from '../operations/create.ts';
import { runOperation } from '../operations/operation.ts';
import { contextFor, globalsOf } from './common.ts';

interface CreateOptions {
  name: string;
  dates?: string;
  days?: string;
  from: string;
  to: string;
  timezone?: string;
}

const list = (text: string | undefined) => text?.split(',').map((item) => item.trim());

export function registerCreateCommand(program: Command): void {
  program
    .command('create')
    .description('Create an event and print its URL.')
    .requiredOption('--name <name>', 'event name')
    .option('--dates <list>', 'specific dates, comma separated: 2026-12-01,2026-12-03')
    .option('--days <list>', 'days of the week instead of dates: mon,wed,fri')
    .option('--from <hh:00>', 'first hour offered', '09:00')
    .option('--to <hh:00>', 'end of the last hour offered (24:00 = midnight)', '17:00')
    .option('--timezone <iana>', "event time zone (default: this machine's)")
    .action(async (options: CreateOptions, command: Command) => {
      const created = await runOperation(
        createEventOperation,
        {
          name: options.name,
          dates: list(options.dates),
          days: list(options.days),
          from: options.from,
          to: options.to,
          timezone: options.timezone,
        },
        contextFor(globalsOf(command)),
      );
      process.stdout.write(`${created.url}\n`);
    });
}
