import type { CsvRecord } from "./content.js";

/** A CSV body that breaks RFC 4180: a ragged record, a stray or unclosed quote. */
export class CsvFormatError extends Error {}

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;

/**
 * Reads CSV as RFC 4180 writes it (the first record names the columns), in pieces of any size:
 * `push` returns the records its text completed, `end` the rest. Quoted fields may hold commas,
 * doubled quotes and line breaks; records end with LF or CRLF; a leading BOM and empty lines are
 * skipped. What a strict reading refuses is a {@link CsvFormatError}: a record with more or fewer
 * fields than the header, a quote inside an unquoted field or after a closing one, a quote left
 * open at the end.
 *
 * Hand-written, where the rest of the client uses libraries: of the parsers measured on a 63 MB
 * Cognigy-shaped export (Node 20, this project's machine), the strict one (csv-parse) read 19–23
 * MB/s, papaparse 40–55; the fast ones pass ragged records silently (udsv, 137–175 MB/s, merges
 * them into their neighbours and drops records after an unclosed quote; d3-dsv, about 100 MB/s as
 * arrays, needs a second pass to check them, which took it to 55–70). This one finds each
 * delimiter with `indexOf`: 118–146 MB/s on the same export, decoding included.
 */
export class CsvReader {
  #header: string[] | undefined;
  /** Whether a column is named `__proto__`: its records are built with defineProperty. */
  #protoColumn = false;
  /** Text from the start of the first incomplete record. */
  #rest = "";
  #started = false;
  /** Records read, the header included: the next one's number for messages is this. */
  #records = 0;

  /** A format error met after some records of a piece: thrown by the next push or end, once those are out. */
  #error: CsvFormatError | undefined;

  push(text: string): CsvRecord[] {
    if (this.#error) throw this.#error;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return this.#readUpToError(this.#rest + text, false);
  }

  end(): CsvRecord[] {
    if (this.#error) throw this.#error;
    const rest = this.#rest;
    this.#rest = "";
    return this.#readUpToError(rest, true);
  }

  // The records before a format error come out first; the error follows with the next piece.
  #readUpToError(text: string, final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    try {
      this.#read(text, final, records);
    } catch (error) {
      if (!(error instanceof CsvFormatError) || records.length === 0) throw error;
      this.#error = error;
    }
    return records;
  }

  // Reads every complete record of `text` into `records`; keeps what follows the last one for the next piece.
  #read(text: string, final: boolean, records: CsvRecord[]): void {
    const length = text.length;
    let at = 0;
    // The next comma, line feed and quote at or after `at` (length when there is none), found again only once passed.
    let comma = -1;
    let newline = -1;
    let quote = -1;
    // One array for every record's fields, emptied for the next: no allocation per record.
    const fields: string[] = [];
    while (at < length) {
      const start = at;
      fields.length = 0;
      let complete = false;
      // One record: fields until a line break outside quotes.
      for (;;) {
        if (at >= length) {
          // The record ran to the end of the text: complete only at the end of the body.
          if (!final) break;
          fields.push("");
          complete = true;
          break;
        }
        if (text.charCodeAt(at) === QUOTE) {
          // A quoted field: up to the quote that is not doubled.
          let value = "";
          let from = at + 1;
          let close: number;
          for (;;) {
            close = text.indexOf('"', from);
            if (close === -1 || (close + 1 === length && !final)) break;
            if (text.charCodeAt(close + 1) !== QUOTE) break;
            value += text.slice(from, close + 1);
            from = close + 2;
          }
          if (close === -1) {
            if (final)
              throw new CsvFormatError(
                `a quoted field of record ${this.#records} is not closed at the end of the body`,
              );
            break;
          }
          if (close + 1 === length && !final) break;
          value += text.slice(from, close);
          fields.push(value);
          at = close + 1;
          const after = text.charCodeAt(at);
          if (after === COMMA) {
            at++;
            continue;
          }
          if (at >= length) {
            complete = true;
            break;
          }
          if (after === NEWLINE || (after === RETURN && text.charCodeAt(at + 1) === NEWLINE)) {
            at += after === NEWLINE ? 1 : 2;
            complete = true;
            break;
          }
          if (after === RETURN && at + 1 >= length) {
            if (!final) break;
            at++;
            complete = true;
            break;
          }
          throw new CsvFormatError(
            `record ${this.#records}: a closing quote must be followed by a comma or a line break`,
          );
        }
        // An unquoted field: up to the next comma or line break; a quote inside it is refused.
        if (comma < at) {
          comma = text.indexOf(",", at);
          if (comma === -1) comma = length;
        }
        if (newline < at) {
          newline = text.indexOf("\n", at);
          if (newline === -1) newline = length;
        }
        if (quote < at) {
          quote = text.indexOf('"', at);
          if (quote === -1) quote = length;
        }
        const byComma = comma < newline;
        const end = byComma ? comma : newline;
        if (end === length && !final) break;
        if (quote < end)
          throw new CsvFormatError(`record ${this.#records}: a quote inside a field that does not start with one`);
        if (byComma) {
          fields.push(text.slice(at, end));
          at = end + 1;
          continue;
        }
        // The field ends the record (at a line feed, or the end of the body): a CR before the LF is the line break's.
        fields.push(text.slice(at, end > at && text.charCodeAt(end - 1) === RETURN ? end - 1 : end));
        at = end + 1;
        complete = true;
        break;
      }
      if (!complete) {
        this.#rest = text.slice(start);
        return;
      }
      // An empty line: no record.
      if (fields.length === 1 && fields[0] === "" && at - start <= 2) continue;
      this.#records++;
      if (!this.#header) {
        this.#header = fields.slice();
        this.#protoColumn = fields.includes("__proto__");
        continue;
      }
      const header = this.#header;
      if (fields.length !== header.length)
        throw new CsvFormatError(
          `record ${this.#records - 1} has ${fields.length} fields, the header ${header.length}`,
        );
      const record: CsvRecord = {};
      if (this.#protoColumn)
        for (let column = 0; column < fields.length; column++) define(record, header[column]!, fields[column]!);
      else for (let column = 0; column < fields.length; column++) record[header[column]!] = fields[column]!;
      records.push(record);
    }
    this.#rest = "";
  }
}

// A column named `__proto__` is kept as a field, not taken for the record's prototype.
function define(record: CsvRecord, name: string, value: string): void {
  if (name === "__proto__")
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  else record[name] = value;
}

/** A whole CSV body as records. */
export function parseCsv(text: string): CsvRecord[] {
  const reader = new CsvReader();
  const records = reader.push(text);
  for (const record of reader.end()) records.push(record);
  return records;
}
