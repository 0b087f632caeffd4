/**
 * Delimited text as RFC 4180 has it, read and written: fields separated by a delimiter (a comma,
 * or a tab for TSV), records by CRLF (or LF, or CR), a field in double quotes may hold the
 * delimiter, line breaks and doubled quotes. Reading also takes what spreadsheets and feed
 * exporters add: a byte-order mark, a last record without its line break, blank lines (skipped),
 * and quotes inside an unquoted field (kept as they are). Pure: text in, records out.
 */

/** One record and where it starts: its 1-based record number (blank lines not counted) and line. */
export interface CsvRecord {
  fields: string[];
  /** The record's number, the first (the header, when there is one) being 1. */
  row: number;
  /** The line of the text it starts on, from 1. */
  line: number;
}

export type CsvRead =
  | { ok: true; records: CsvRecord[]; truncated: boolean }
  | { ok: false; code: 'unterminated_quote' | 'text_after_quote'; line: number; message: string };

export interface CsvOptions {
  delimiter?: ',' | '\t' | ';';
  /** Stop after this many records (the caller refuses a larger file): `truncated` says there was more. */
  maxRecords?: number;
  /** False: a quote is text like any other (a Merchant data source without "quoted fields"). */
  quotes?: boolean;
}

/**
 * The records of `text`.
 *
 *   readCsv('sku,name\r\n"A-1","Mug, ""big"""\r\n') → records [["sku","name"], ["A-1",'Mug, "big"']]
 */
export function readCsv(text: string, { delimiter = ',', maxRecords = Infinity, quotes = true }: CsvOptions = {}): CsvRead {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // A line with nothing on it is no record (a spreadsheet's trailing blank lines).
    if (text[i] === '\n' || text[i] === '\r') {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    if (records.length >= maxRecords) return { ok: true, records, truncated: true };
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (quotes && text[i] === '"') {
        const quoteLine = line;
        let value = '';
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) return { ok: false, code: 'unterminated_quote', line: quoteLine, message: `the quoted field opened on line ${quoteLine} is never closed` };
          const part = text.slice(i, close);
          value += part;
          line += lineBreaks(part);
          if (text[close + 1] === '"') {
            value += '"';
            i = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          return { ok: false, code: 'text_after_quote', line, message: `line ${line}: text after a closing quote (a quote inside a quoted field is written twice: "")` };
        }
        field = value;
      } else {
        let end = i;
        while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    records.push({ fields, row: records.length + 1, line: start });
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    }
  }
  return { ok: true, records, truncated: false };
}

/** Line breaks in `s`, CRLF counted once. */
function lineBreaks(s: string): number {
  return s.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * Records as delimited text, CRLF after each, a field quoted when it must be (it holds the
 * delimiter, a quote or a line break) and a record of one empty field as `""` (an empty line
 * would be no record). `readCsv(writeCsv(rows))` gives `rows` back.
 */
export function writeCsv(rows: readonly (readonly string[])[], delimiter: ',' | '\t' | ';' = ','): string {
  // A field opening with a byte-order mark is quoted too: unquoted at the start of the text, reading would drop the mark.
  const quote = (field: string) => (field.includes(delimiter) || /^\uFEFF|["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
  return rows.map((fields) => (fields.length === 1 && fields[0] === '' ? '""' : fields.map(quote).join(delimiter)) + '\r\n').join('');
}

/** A number the writer made ("-12.50"), kept a number in the sheet. */
export interface CsvNumber {
  numeric: string;
}
export type CsvCell = string | boolean | null | CsvNumber;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's text for a file a spreadsheet will open: a text it would run as a formula (starting with
 * = + - @, tab or CR) gets a leading apostrophe; a number the writer made stays a number so the sheet
 * can add it; null is empty. Quoting is the writer's (`writeCsv`).
 */
export function spreadsheetText(value: CsvCell): string {
  const text = value === null ? '' : typeof value === 'object' ? value.numeric : String(value);
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
}
