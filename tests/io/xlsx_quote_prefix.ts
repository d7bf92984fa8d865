// Which cells of a workbook's first sheet carry Excel's quote prefix (the
// style that keeps a cell text even when it is edited), read from the XML.
import * as XLSX from "xlsx";

/** References (`A2`, …) of the cells in sheet1 whose style has `quotePrefix="1"`. */
export function quotePrefixedCells(bytes: Uint8Array): string[] {
  const cfb = XLSX.CFB.read(bytes, { type: "array" });
  const xml = (path: string) =>
    new TextDecoder().decode(XLSX.CFB.find(cfb, path)!.content as Uint8Array);
  const xfs = xml("/xl/styles.xml").split("<cellXfs")[1]!.split("</cellXfs>")[0]!;
  const styles = [...xfs.matchAll(/<xf [^>]*>/g)].map((m) => m[0].includes('quotePrefix="1"'));
  const cells = [
    ...xml("/xl/worksheets/sheet1.xml").matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?/g),
  ];
  return cells.filter((m) => m[2] !== undefined && styles[Number(m[2])]).map((m) => m[1]!);
}
