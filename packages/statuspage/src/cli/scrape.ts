import type { Command } from 'commander';
import { createLogger, createProgress, InputError, levelFromFlags, numberFlag, type Progress } from 'kit';
import { z } from 'zod';
import { scrape } from '../scrape.ts';

const optionsSchema = z.object({
  site: z.url({ protocol: /^https?$/ }),
  out: z.string().min(1),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  full: z.boolean().default(false),
  force: z.boolean().default(false),
  // Numbers are parsed (and bounded) by their flags' numberFlag.
  concurrency: z.number(),
  delayMs: z.number(),
  quiet: z.boolean().default(false),
  verbose: z.boolean().default(false),
});

const EXPECTED: Record<string, string> = {
  site: 'an http(s) URL such as https://www.githubstatus.com',
  out: 'a folder path',
  since: 'a date YYYY-MM-DD',
};

export function registerScrapeCommand(program: Command): void {
  program
    .command('scrape')
    .description('Scrape /history and each incident into <out>/incidents.jsonl and incidents.csv')
    .requiredOption('--site <url>', 'the status site, e.g. https://www.githubstatus.com')
    .requiredOption('--out <dir>', 'folder for incidents.jsonl and incidents.csv')
    .option('--since <date>', 'only list incidents from this month on (YYYY-MM-DD)')
    .option('--full', 'refetch every incident instead of only new or unresolved ones')
    .option('--force', 'write even if far fewer incidents are found than stored')
    .option(
      '--concurrency <n>',
      'parallel detail requests',
      numberFlag('--concurrency', { integer: true, min: 1, max: 32 }),
      4,
    )
    .option(
      '--delay-ms <ms>',
      'minimum gap between two requests',
      numberFlag('--delay-ms', { integer: true, min: 0, max: 60_000, unit: 'milliseconds' }),
      100,
    )
    .option('-q, --quiet', 'warnings only')
    .option('-v, --verbose', 'debug output')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const key = String(issue.path[0] ?? '');
        throw InputError.expected({ field: `--${key}` }, EXPECTED[key] ?? issue.message, raw[key]);
      }
      const options = parsed.data;
      const logger = createLogger({ level: levelFromFlags(options), name: 'statuspage' });
      let bar: Progress | undefined;
      let barPhase = '';
      const result = await scrape({
        site: options.site,
        out: options.out,
        since: options.since,
        full: options.full,
        force: options.force,
        concurrency: options.concurrency,
        http: { delayMs: options.delayMs },
        logger,
        onProgress(phase, done, total) {
          if (phase !== barPhase) {
            bar?.finish();
            barPhase = phase;
            bar = phase === 'details' ? createProgress({ total, label: 'incidents' }) : undefined;
          }
          bar?.update(done);
          if (phase === 'history') logger.debug(`history page ${done}`);
        },
      });
      bar?.finish();
      logger.record('SCRAPE', result);
      if (result.missing.length > 0) logger.warn(`${result.missing.length} incidents could not be read`);
    });
}
