/**
 * Seeded generator of invoice lines in the Online Retail style (InvoiceNo,
 * StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID,
 * Country) for the RFM journey.
 *
 * What it models: a year of trading (1 December 2023 to 30 November 2024,
 * no Saturday trading, a busy autumn), several thousand customers whose
 * number of orders and spend are heavy-tailed, customers who start late or
 * stop buying, a few countries. And the flaws real exports carry: guest
 * orders without a CustomerID, exact duplicate lines, cancellations (InvoiceNo
 * starting with "C", negative quantity) about 2% of lines, some of them for
 * purchases made before the period, free items (price 0), bad-debt
 * adjustments (negative price), stock adjustments (negative quantity without
 * a "C"), and a few bulk buyers and very expensive manual lines.
 *
 * `deno task data transactions` rewrites the bundled
 * `data/transactions_sample.csv` (50,000 lines);
 * `deno task data transactions --lines 1000000 --out bench/data` writes
 * `transactions_1000000.csv` and `.parquet` for the benchmarks.
 * The same seed always writes the same bytes.
 *
 * @module
 */
import { createRandom, type Random } from "../lib/random.ts";
import { duckdb, sqlString } from "../lib/io/duckdb.ts";

/** Options for {@link generateTransactions}. */
export interface GenerateTransactionsOptions {
  /** Number of invoice lines (data rows), default 50,000. */
  lines?: number;
  /** Number of customers, default lines / 16. */
  customers?: number;
  /** Seed, default 20240601. */
  seed?: number;
}

/** The header of the generated files. */
export const TRANSACTION_COLUMNS = [
  "InvoiceNo",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "UnitPrice",
  "CustomerID",
  "Country",
] as const;

const START = Date.UTC(2023, 11, 1); // 2023-12-01
const DAYS = 366;
const DAY_MS = 86_400_000;

const COUNTRIES: readonly [string, number][] = [
  ["United Kingdom", 0.82],
  ["Germany", 0.05],
  ["France", 0.045],
  ["EIRE", 0.03],
  ["Spain", 0.02],
  ["Netherlands", 0.015],
  ["Belgium", 0.01],
  ["Switzerland", 0.01],
];

const ADJECTIVES = [
  "WHITE",
  "RED",
  "PINK",
  "BLUE",
  "VINTAGE",
  "RETRO",
  "JUMBO",
  "SMALL",
  "REGENCY",
  "HEART",
  "STAR",
  "PAISLEY",
  "SPOTTY",
  "GLASS",
  "WOODEN",
  "ZINC",
];
const NOUNS = [
  "HANGING T-LIGHT HOLDER",
  "LUNCH BAG",
  "CAKE STAND",
  "TEA CUP AND SAUCER",
  "PARTY BUNTING",
  "DOORMAT",
  "CANDLE",
  "PHOTO FRAME",
  "SHOPPING BAG",
  "ALARM CLOCK",
  "STORAGE TIN",
  "NAPKINS",
  "CHRISTMAS DECORATION",
  "WATER BOTTLE",
  "PAPER CHAIN KIT",
  "WALL ART",
  "BAKING SET",
  "PURSE",
];

interface Product {
  code: string;
  description: string;
  price: number;
}

interface Line {
  product: number;
  quantity: number;
  price: number;
}

interface Invoice {
  /** Milliseconds since epoch (UTC, minute precision). */
  time: number;
  /** "" for an ordinary invoice, "C" for a cancellation, "A" for an adjustment. */
  prefix: string;
  customer: number; // -1 = guest (no CustomerID)
  lines: Line[];
  /** Index of the line duplicated right after itself, per line (true = duplicated). */
  duplicated: boolean[];
}

function pick<T>(random: Random, items: readonly [T, number][]): T {
  let u = random.next();
  for (const [item, weight] of items) {
    if (u < weight) return item;
    u -= weight;
  }
  return items[items.length - 1]![0];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Relative trading intensity of a day (0 = 2023-12-01): busy autumn, no Saturdays. */
function seasonality(day: number): number {
  const date = new Date(START + day * DAY_MS);
  if (date.getUTCDay() === 6) return 0;
  const month = date.getUTCMonth(); // 0 = January
  const monthly = [0.7, 0.65, 0.85, 0.8, 0.9, 0.85, 0.85, 0.9, 1.25, 1.4, 1.8, 1.1];
  return monthly[month]!;
}

function makeProducts(random: Random, n: number): Product[] {
  const products: Product[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    let code: string;
    do {
      code = String(20000 + random.int(70000));
      if (random.next() < 0.25) code += "ABCDEFGHJKLMNPRSTUVW"[random.int(20)];
    } while (used.has(code));
    used.add(code);
    const adjective = ADJECTIVES[random.int(ADJECTIVES.length)]!;
    const noun = NOUNS[random.int(NOUNS.length)]!;
    // Some descriptions carry a comma, as real exports do (the writer quotes them).
    const description = random.next() < 0.05
      ? `${adjective} ${noun}, SET OF 3`
      : `${adjective} ${noun}`;
    // Log-normal prices around £2.50, a few cents to tens of pounds.
    const price = Math.min(60, Math.max(0.19, round2(Math.exp(0.9 + 0.8 * random.normal()))));
    products.push({ code, description, price });
  }
  return products;
}

/** Typical pack sizes; wholesalers multiply them. */
const PACKS: readonly [number, number][] = [
  [1, 0.3],
  [2, 0.16],
  [3, 0.08],
  [4, 0.08],
  [6, 0.12],
  [8, 0.04],
  [10, 0.05],
  [12, 0.1],
  [24, 0.05],
  [48, 0.02],
];

function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Generate invoice lines as CSV text chunks (header first), in invoice order.
 * Yields chunks of a few thousand lines so a million lines never sit in one string.
 *
 * @example
 * ```ts
 * import { generateTransactions } from "./generate_transactions.ts";
 * const text = [...generateTransactions({ lines: 100, seed: 1 })].join("");
 * text.split("\n").length; // 102 (header, 100 lines, final newline)
 * ```
 */
export function* generateTransactions(
  options: GenerateTransactionsOptions = {},
): Generator<string> {
  const target = options.lines ?? 50_000;
  const nCustomers = Math.max(10, options.customers ?? Math.round(target / 16));
  const random = createRandom(options.seed ?? 20240601);
  const products = makeProducts(random, Math.max(50, Math.min(3000, Math.round(target / 60))));
  const nProducts = products.length;

  // Customers: heavy-tailed activity, start and end of activity, wholesale factor, country.
  const weight = new Float64Array(nCustomers);
  const first = new Int32Array(nCustomers);
  const last = new Int32Array(nCustomers);
  const wholesale = new Float64Array(nCustomers);
  const country: string[] = [];
  let totalWeight = 0;
  for (let c = 0; c < nCustomers; c++) {
    weight[c] = Math.exp(1.1 * random.normal());
    totalWeight += weight[c]!;
    first[c] = Math.max(0, Math.floor(-180 + random.next() * (DAYS + 180)));
    // Many stay to the end; others lapse after an exponential lifetime.
    last[c] = random.next() < 0.45
      ? DAYS - 1
      : Math.min(DAYS - 1, first[c]! + Math.floor(-200 * Math.log(1 - random.next())));
    wholesale[c] = random.next() < 0.1 ? 2 + random.int(9) : 1;
    country.push(pick(random, COUNTRIES));
  }
  const cumulative = new Float64Array(nCustomers);
  let acc = 0;
  for (let c = 0; c < nCustomers; c++) cumulative[c] = acc += weight[c]! / totalWeight;

  function drawCustomer(): number {
    const u = random.next();
    let lo = 0, hi = nCustomers - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function drawDay(from: number, to: number): number {
    for (let attempt = 0; attempt < 30; attempt++) {
      const day = from + random.int(to - from + 1);
      if (random.next() * 1.8 < seasonality(day)) return day;
    }
    return from;
  }

  function drawTime(day: number): number {
    const minute = 8 * 60 + random.int(11 * 60);
    return START + day * DAY_MS + minute * 60_000;
  }

  function drawLine(customer: number): Line {
    const u = random.next();
    const product = Math.floor(nProducts * u * u); // popular products first
    const factor = customer >= 0 ? wholesale[customer]! : 1;
    let quantity = pick(random, PACKS) * factor;
    let price = products[product]!.price;
    const r = random.next();
    if (r < 0.0006) quantity = 1000 + random.int(20000); // bulk buyer
    else if (r < 0.0009) price = round2(500 + random.next() * 7500); // manual / carriage line
    else if (r < 0.0035) price = 0; // free item
    else if (r < 0.0045) quantity = -(1 + random.int(12)); // stock adjustment without a "C"
    return { product, quantity, price };
  }

  function drawInvoice(customer: number, day: number): Invoice {
    const n = 1 + Math.floor(-4.5 * Math.log(1 - random.next()));
    const lines: Line[] = [];
    for (let i = 0; i < n; i++) lines.push(drawLine(customer));
    return {
      time: drawTime(day),
      prefix: "",
      customer,
      lines,
      duplicated: lines.map(() => random.next() < 0.01),
    };
  }

  function lineCount(invoice: Invoice): number {
    return invoice.lines.length + invoice.duplicated.filter(Boolean).length;
  }

  const invoices: Invoice[] = [];
  let total = 0;
  function add(invoice: Invoice): void {
    invoices.push(invoice);
    total += lineCount(invoice);
  }

  // Each purchase may be followed by a cancellation of some of its lines.
  function maybeCancel(purchase: Invoice): void {
    if (purchase.customer < 0 || random.next() >= 0.085) return;
    const k = Math.min(purchase.lines.length, 1 + Math.floor(-0.8 * Math.log(1 - random.next())));
    const lines = purchase.lines.slice(0, k).filter((l) => l.quantity > 0).map((l) => ({
      product: l.product,
      quantity: -(random.next() < 0.7 ? l.quantity : Math.max(1, Math.floor(l.quantity / 2))),
      price: l.price,
    }));
    if (lines.length === 0) return;
    const day = Math.floor((purchase.time - START) / DAY_MS);
    const later = Math.min(DAYS - 1, day + random.int(30));
    add({
      time: Math.max(purchase.time + 60_000, drawTime(later)),
      prefix: "C",
      customer: purchase.customer,
      lines,
      duplicated: lines.map(() => false),
    });
  }

  // Every customer buys at least once, then orders go to customers by weight.
  let c = 0;
  while (total < target) {
    let customer: number;
    if (c < nCustomers) customer = c++;
    else customer = drawCustomer();
    const r = random.next();
    if (r < 0.1) {
      // Guest order: no CustomerID.
      add(drawInvoice(-1, drawDay(0, DAYS - 1)));
    } else if (r < 0.106) {
      // Cancellation of a purchase made before the period (nothing to net against).
      add({
        time: drawTime(drawDay(0, 60)),
        prefix: "C",
        customer,
        lines: [{ product: random.int(nProducts), quantity: -(1 + random.int(12)), price: 2.95 }],
        duplicated: [false],
      });
    } else if (r < 0.108) {
      // Bad-debt adjustment: negative price, no customer.
      add({
        time: drawTime(drawDay(0, DAYS - 1)),
        prefix: "A",
        customer: -1,
        lines: [{ product: 0, quantity: 1, price: -round2(100 + random.next() * 5000) }],
        duplicated: [false],
      });
    } else {
      const purchase = drawInvoice(customer, drawDay(first[customer]!, last[customer]!));
      add(purchase);
      maybeCancel(purchase);
    }
  }

  // Invoice numbers follow time; the last invoice is cut so exactly `target` lines are written.
  invoices.sort((a, b) => a.time - b.time);
  yield TRANSACTION_COLUMNS.join(",") + "\n";
  let written = 0;
  let chunk: string[] = [];
  for (let i = 0; i < invoices.length && written < target; i++) {
    const inv = invoices[i]!;
    const number = `${inv.prefix}${536365 + i}`;
    const when = formatTime(inv.time);
    const id = inv.customer >= 0 ? String(12346 + inv.customer) : "";
    const place = inv.customer >= 0 ? country[inv.customer]! : pick(random, COUNTRIES);
    for (let j = 0; j < inv.lines.length && written < target; j++) {
      const line = inv.lines[j]!;
      const product = inv.prefix === "A"
        ? { code: "B", description: "Adjust bad debt" }
        : products[line.product]!;
      const text = `${number},${product.code},${
        quote(product.description)
      },${line.quantity},${when},${line.price},${id},${place}\n`;
      chunk.push(text);
      written++;
      if (inv.duplicated[j] && written < target) {
        chunk.push(text);
        written++;
      }
      if (chunk.length >= 5000) {
        yield chunk.join("");
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk.join("");
}

/** Write generated lines to a CSV file (streamed in chunks). */
export async function writeTransactionsCSV(
  path: string,
  options: GenerateTransactionsOptions = {},
): Promise<void> {
  const tmp = `${path}.partial`;
  const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  try {
    for (const chunk of generateTransactions(options)) {
      const bytes = encoder.encode(chunk);
      let offset = 0;
      while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
    }
  } finally {
    file.close();
  }
  await Deno.rename(tmp, path);
}

/** Convert a generated CSV to Parquet through DuckDB (as a warehouse export would look). */
export async function csvToParquet(csvPath: string, parquetPath: string): Promise<void> {
  const con = await duckdb();
  const tmp = `${parquetPath}.partial`;
  await con.run(
    `COPY (SELECT * FROM read_csv(${
      sqlString(csvPath)
    }, header = true, types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'CustomerID': 'VARCHAR'}))
     TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  await Deno.rename(tmp, parquetPath);
}
