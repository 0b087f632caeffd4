import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, spreadsheetText, writeCsv } from './csv.core';

const fieldsOf = (text: string, delimiter?: ',' | '\t' | ';') => {
  const read = readCsv(text, { delimiter });
  if (!read.ok) throw new Error(read.message);
  return read.records.map((r) => r.fields);
};

describe('reading delimited text (RFC 4180 and what exporters add)', () => {
  it.each<[string, string, string[][]]>([
    ['plain rows, CRLF', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['LF, no break after the last row', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['a lone CR between rows (old Mac exports)', 'a,b\r1,2', [['a', 'b'], ['1', '2']]],
    ['a byte-order mark is not part of the first header', '\uFEFFsku,name\r\nA,B\r\n', [['sku', 'name'], ['A', 'B']]],
    ['a quoted comma', 'a,"b,c",d', [['a', 'b,c', 'd']]],
    ['doubled quotes inside quotes', '"Mug ""XL""",2', [['Mug "XL"', '2']]],
    ['a line break inside quotes (CRLF kept)', '"line 1\r\nline 2",x\r\ny,z', [['line 1\r\nline 2', 'x'], ['y', 'z']]],
    ['empty fields, quoted and not', ',"",', [['', '', '']]],
    ['a quote inside an unquoted field stays', '12" pizza,x', [['12" pizza', 'x']]],
    ['blank lines are no records', 'a\r\n\r\n\r\nb\r\n\r\n', [['a'], ['b']]],
    ['a quoted empty field is a record', 'a\r\n""\r\nb', [['a'], [''], ['b']]],
    ['spaces are kept (the reader of the fields trims)', ' a , b ', [[' a ', ' b ']]],
    ['a quoted field at the end of the text', 'a,"b"', [['a', 'b']]],
  ])('%s', (_name, text, expected) => expect(fieldsOf(text)).toEqual(expected));

  it('reads tabs as the delimiter of TSV, commas then being text', () => {
    expect(fieldsOf('id\ttitle\r\nA-1\tMug, large\r\n', '\t')).toEqual([['id', 'title'], ['A-1', 'Mug, large']]);
  });

  it('reads quotes as text when told fields are never quoted', () => {
    expect(readCsv('id\ttitle\r\nA\t"Best" mug\t12" pan\r\n', { delimiter: '\t', quotes: false })).toMatchObject({
      ok: true,
      records: [{ fields: ['id', 'title'] }, { fields: ['A', '"Best" mug', '12" pan'] }],
    });
  });

  it('numbers records and the lines they start on, past a multi-line field and blank lines', () => {
    const read = readCsv('h1,h2\r\n"a\r\nb",c\r\n\r\nd,e\r\n');
    expect(read.ok && read.records.map((r) => [r.row, r.line])).toEqual([[1, 1], [2, 2], [3, 5]]);
  });

  it.each([
    ['an unterminated quote', 'a,b\r\n1,"open\r\n2,3\r\n', { ok: false, code: 'unterminated_quote', line: 2 }],
    ['text after a closing quote', 'a,b\r\n"x"y,2\r\n', { ok: false, code: 'text_after_quote', line: 2 }],
  ])('refuses %s, saying where', (_name, text, expected) => expect(readCsv(text)).toMatchObject(expected));

  it('stops after the most records asked for and says there were more', () => {
    expect(readCsv('a\nb\nc\n', { maxRecords: 2 })).toMatchObject({ ok: true, truncated: true, records: [{ fields: ['a'] }, { fields: ['b'] }] });
    expect(readCsv('a\nb\n', { maxRecords: 2 })).toMatchObject({ ok: true, truncated: false });
  });
});

describe('writing delimited text', () => {
  it('quotes only the fields that need it, CRLF after each record', () => {
    expect(writeCsv([['sku', 'name'], ['A-1', 'Mug, "big"'], ['B', 'two\nlines'], ['']])).toBe('sku,name\r\nA-1,"Mug, ""big"""\r\nB,"two\nlines"\r\n""\r\n');
  });

  it('gives a spreadsheet text it will not run as a formula, and numbers it can add', () => {
    expect(['=SUM(A1)', '+1', '-x', '@me', '\tx', 'plain', null, true].map((v) => spreadsheetText(v))).toEqual(["'=SUM(A1)", "'+1", "'-x", "'@me", "'\tx", 'plain', '', 'true']);
    expect(spreadsheetText({ numeric: '-12.50' })).toBe('-12.50');
  });

  // Text that is awkward on purpose: the delimiters, quotes, both line breaks, a BOM, other Unicode.
  const field = fc.string({ unit: fc.oneof(fc.constantFrom(',', ';', '\t', '"', '\r', '\n', '\uFEFF', ' ', 'é', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) });
  const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 20 });

  it.each([',', '\t', ';'] as const)('reads back what it wrote, field for field (delimiter %j)', (delimiter) => {
    fc.assert(
      fc.property(table, (rows) => {
        expect(fieldsOf(writeCsv(rows, delimiter), delimiter)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
