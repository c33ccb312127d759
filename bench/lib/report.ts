import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { formatNumber, type Row } from './section.ts';

/** The machine a run measured, as one line to keep beside its table. */
export function describeMachine(now: Date): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  return `${model}, ${availableParallelism()} cores, ${memory}, ${type()} ${release()}, Node ${process.version}, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The rows as a Markdown table (readable in a terminal, pasted as is into the README), then their notes. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['benchmark', 'figure', 'unit', 'bare Hono', 'target', 'result'];
  const cells = rows.map((row) => [
    row.name,
    formatNumber(row.figure),
    row.unit,
    row.ceiling === null ? '—' : formatNumber(row.ceiling),
    row.target?.label ?? '—',
    row.target === null ? '—' : row.target.met ? 'ok' : row.target.miss,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  // Numbers align right so their digits line up down a column.
  const numeric = [false, true, false, true, false, false];
  const line = (values: string[]) =>
    `| ${values.map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (numeric[i] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  const notes = rows.flatMap((row) => (row.note ? [`- ${row.note}`] : []));
  return [line(header), rule, ...cells.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
