import { InputError } from './errors.ts';

export type CsvValue = string | number | boolean | null | undefined;

/** Quote a field only when it needs it (RFC 4180). Non-finite numbers and null become empty. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with a header line; columns fix the order. Ends with a newline. */
export function toCsv<Row extends Record<string, CsvValue>>(
  rows: Iterable<Row>,
  columns: readonly (keyof Row & string)[],
): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\n')}\n`;
}

export interface CsvRecord {
  /** 1-based line number in the file, for error messages. */
  line: number;
  values: Record<string, string>;
}

/**
 * Parse CSV text with a header row. Quoted fields may hold commas, quotes and newlines.
 * `file` is only used to name the place in errors.
 */
export function parseCsv(text: string, file = '<csv>'): { header: string[]; records: CsvRecord[] } {
  const rows: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  let sawAny = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      sawAny = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      sawAny = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (sawAny || field !== '') {
        fields.push(field);
        rows.push({ line: rowLine, fields });
      }
      fields = [];
      field = '';
      sawAny = false;
      line++;
      rowLine = line;
    } else {
      field += ch;
      sawAny = true;
    }
  }
  if (inQuotes) throw new InputError({ file, line: rowLine }, 'unterminated quoted field');
  if (sawAny || field !== '') {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  const headerRow = rows.shift();
  if (!headerRow) throw new InputError({ file, line: 1 }, 'expected a header row, got an empty file');
  const header = headerRow.fields.map((name) => name.trim());
  const records = rows.map(({ line: at, fields: values }) => {
    if (values.length !== header.length) {
      throw new InputError({ file, line: at }, `expected ${header.length} fields, got ${values.length}`);
    }
    const record: Record<string, string> = {};
    header.forEach((name, index) => {
      record[name] = values[index]!;
    });
    return { line: at, values: record };
  });
  return { header, records };
}

/** Require columns to exist in a parsed header, naming the first that is missing. */
export function requireColumns(header: readonly string[], columns: readonly string[], file: string): void {
  for (const column of columns) {
    if (!header.includes(column)) {
      throw new InputError({ file, line: 1, field: column }, `expected a column "${column}" in the header`);
    }
  }
}
