/** How mailctl prints answers: JSON for scripts (--json), aligned text for people. */
export type Printer = (value: unknown, columns?: string[]) => void;

export function printer(json: boolean, write: (text: string) => void): Printer {
  return (value, columns) => {
    if (json) return write(`${JSON.stringify(value, null, 2)}\n`);
    if (Array.isArray(value) && columns)
      return write(table(value as Array<Record<string, unknown>>, columns));
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(
        ([, v]) => v !== undefined,
      );
      const width = Math.max(...entries.map(([k]) => k.length));
      return write(entries.map(([k, v]) => `${k.padEnd(width)}  ${show(v)}`).join('\n') + '\n');
    }
    if (value !== undefined) write(`${String(value)}\n`);
  };
}

function show(value: unknown): string {
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value ?? '');
}

function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => columns.map((c) => show(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n') + '\n';
}
