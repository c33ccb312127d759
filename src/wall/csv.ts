/**
 * CSV for spreadsheet apps: RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet would
 * read as a formula defused with a leading apostrophe (OWASP's advice against CSV injection).
 */

/** Written first in a CSV file so spreadsheet apps read it as UTF-8 (accents, any script). */
export const CSV_BOM = '\uFEFF';

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell, safe to open in a spreadsheet: formulas neutralised, quoted when it must be. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV lines, each ended by CRLF (no BOM: a file's first chunk adds it). */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
