/** The CDNOW 1/10 sample (tests/fixtures/clv/) as a transaction CSV the workspace reads. */

/** Write CustomerID,InvoiceDate,Amount lines (date as YYYY-MM-DD) to a temporary file. */
export async function cdnowCSV(): Promise<string> {
  const text = await Deno.readTextFile(
    new URL("../fixtures/clv/CDNOW_sample.txt", import.meta.url),
  );
  const rows = ["CustomerID,InvoiceDate,Amount"];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const [, id, date, , dollars] = f as [string, string, string, string, string];
    rows.push(
      `${Number(id)},${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)},${dollars}`,
    );
  }
  const path = await Deno.makeTempFile({ prefix: "cdnow_", suffix: ".csv" });
  await Deno.writeTextFile(path, rows.join("\n") + "\n");
  return path;
}
