import { readFile } from 'node:fs/promises';
import { InputError, parseCsv, requireColumns } from 'kit';

/** A dated launch or migration milestone drawn on the quarterly chart. */
export interface Milestone {
  date: string;
  kind: 'launch' | 'azure' | 'method';
  label: string;
  source: string;
}

const KINDS = new Set(['launch', 'azure', 'method']);

export async function readEvents(file: string): Promise<Milestone[]> {
  const { header, records } = parseCsv(await readFile(file, 'utf8'), file);
  requireColumns(header, ['date', 'kind', 'label', 'source'], file);
  return records.map(({ line, values }) => {
    const { date, kind, label, source } = values as Record<'date' | 'kind' | 'label' | 'source', string>;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw InputError.expected({ file, line, field: 'date' }, 'YYYY-MM-DD', date);
    if (!KINDS.has(kind))
      throw InputError.expected({ file, line, field: 'kind' }, 'launch, azure or method', kind);
    if (!source) throw InputError.expected({ file, line, field: 'source' }, 'a source', source);
    return { date, kind: kind as Milestone['kind'], label, source };
  });
}
