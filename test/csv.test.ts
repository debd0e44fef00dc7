import { parse as strictParse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CsvFormatError, CsvReader, parseCsv } from "../src/response/csv.js";

// The client's CSV reader against a strict RFC 4180 reading (csv-parse, which refuses what the
// RFC does not allow), on the edge cases Cognigy's exports can hold, whole and in pieces of every size.
const strict = (text: string) =>
  strictParse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, bom: true });

function inPieces(text: string, size: number) {
  const reader = new CsvReader();
  const records = [];
  for (let at = 0; at < text.length; at += size) records.push(...reader.push(text.slice(at, at + size)));
  records.push(...reader.end());
  return records;
}

const corpus: Record<string, string> = {
  plain: "_id,name,provider\n1,LLM 1,openAI\n2,LLM 2,azureOpenAI\n",
  "quoted commas and quotes": '_id,name,description\n1,"LLM, large","he said ""hi"""\n2,"""quoted""",""\n',
  "CR/LF and LF inside quoted fields": '_id,notes\n1,"first\r\nsecond"\n2,"a\nb\nc"\n',
  "CRLF line ends": "_id,name\r\n1,a\r\n2,b\r\n",
  "a BOM": "\uFEFF_id,name\n1,a\n",
  "empty fields": '_id,name,description\n1,,\n,,\n2,"",x\n',
  "header only, with a line break": "_id,name,provider\n",
  "header only, without": "_id,name,provider",
  "no final line break": "_id,name\n1,a\n2,b",
  "empty lines": "_id,name\n\n1,a\n\n\n2,b\n\n",
  "unicode split anywhere": '_id,name\n1,Zürich 🚀\n2,"日本, 語"\n',
  "a column named __proto__": "__proto__,name\nx,y\n",
};

describe("CSV as a strict RFC 4180 reading gives it", () => {
  test.each(Object.entries(corpus))("%s: the same records, whole and in pieces of 1 to 17 characters", (_, text) => {
    const expected = strict(text);
    expect(parseCsv(text)).toEqual(expected);
    for (let size = 1; size <= 17; size++) expect(inPieces(text, size)).toEqual(expected);
  });

  test("a column named __proto__ is a field, not the record's prototype", () => {
    const [record] = parseCsv(corpus["a column named __proto__"]!);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record!)).toEqual(["__proto__", "name"]);
  });

  test.each([
    [
      "a record with fewer fields than the header",
      "a,b,c\n1,2,3\n4,5\n",
      "record 2 has 2 fields, the header 3",
      [{ a: "1", b: "2", c: "3" }],
    ],
    ["a record with more fields", "a,b\n1,2,3\n", "record 1 has 3 fields, the header 2", []],
    ["a quote left open", 'a,b\n1,"2\n3,4\n', "a quoted field of record 1 is not closed at the end of the body", []],
    [
      "a quote inside an unquoted field",
      'a,b\n1,x"y\n',
      "record 1: a quote inside a field that does not start with one",
      [],
    ],
    [
      "text after a closing quote",
      'a,b\n1,"x"y\n',
      "record 1: a closing quote must be followed by a comma or a line break",
      [],
    ],
  ])("refuses %s, as the strict reading does, after the records before it", (_, text, message, before) => {
    expect(() => strict(text)).toThrow();
    expect(() => parseCsv(text)).toThrow(new CsvFormatError(message));
    for (const size of [1, 2, 5, text.length]) {
      const reader = new CsvReader();
      const records = [];
      let error: unknown;
      try {
        for (let at = 0; at < text.length; at += size) records.push(...reader.push(text.slice(at, at + size)));
        records.push(...reader.end());
      } catch (caught) {
        error = caught;
      }
      expect(records).toEqual(before);
      expect(error).toEqual(new CsvFormatError(message));
    }
  });

  test("any table written per RFC 4180 reads back as it was, however the text is cut", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r", "é", "🚀") });
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) =>
        fc.tuple(
          fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: width, maxLength: width }),
          fc.array(fc.array(field, { minLength: width, maxLength: width }), { maxLength: 20 }),
        ),
      );
    const quote = (value: string) =>
      /[",\r\n]/.test(value) || value === "" ? `"${value.replaceAll('"', '""')}"` : value;
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 40 }), fc.boolean(), ([header, rows], size, crlf) => {
        const end = crlf ? "\r\n" : "\n";
        const text = [header, ...rows].map((row) => row.map(quote).join(",")).join(end) + end;
        const expected = rows.map((row) => Object.fromEntries(header.map((name, column) => [name, row[column]])));
        expect(inPieces(text, size)).toEqual(expected);
        expect(strict(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
