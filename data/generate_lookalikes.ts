/**
 * Seeded lookalikes of two well-known public customer files, with their
 * schema, size and quirks but synthetic values, plus a plain wide/tall numeric
 * file for scale tests. Nothing here is bundled: `deno task data lookalikes
 * --out DIR` writes `DIR/card_holders.csv` and `DIR/marketing_campaign.tsv`.
 *
 * - {@link generateCardHolders}: the credit-card customer file (8,950 card
 *   holders, 18 columns, `CUST_ID` C10001…): heavy-tailed money columns,
 *   frequencies in [0, 1] as months-with-activity / tenure, `TENURE` mostly 12,
 *   313 blank `MINIMUM_PAYMENTS` (most of them on holders who paid nothing)
 *   and one blank `CREDIT_LIMIT` on data row 5204.
 * - {@link generateMarketingCampaign}: the marketing-campaign file (2,240
 *   customers, tab-separated, 29 columns): shuffled `ID`s, `Dt_Customer` as
 *   dd-mm-yyyy, 24 blank incomes and one of 666666, the rare marital levels
 *   `Alone`, `Absurd` and `YOLO`, Education `2n Cycle`, three birth years
 *   before 1900, constant `Z_CostContact` (3) and `Z_Revenue` (11).
 * - {@link generateWideTall}: `x1…xN` numbers from a few latent groups with a
 *   few blank cells, e.g. 1,100,000 × 6 or 10,000 × 60.
 *
 * The same options always give the same text.
 *
 * @module
 */
import { createRandom, type Random } from "../lib/random.ts";
import { formatDayMonthYear, pickWeighted, shuffledIndexes } from "./generate_messy_customers.ts";

/** Options for {@link generateCardHolders}. */
export interface GenerateCardHoldersOptions {
  /** Data rows, default 8,950 (as the public file). */
  rows?: number;
  /** Seed, default 20260301. */
  seed?: number;
}

/** The card-holder file's header, in order. */
export const CARD_HOLDER_COLUMNS = [
  "CUST_ID",
  "BALANCE",
  "BALANCE_FREQUENCY",
  "PURCHASES",
  "ONEOFF_PURCHASES",
  "INSTALLMENTS_PURCHASES",
  "CASH_ADVANCE",
  "PURCHASES_FREQUENCY",
  "ONEOFF_PURCHASES_FREQUENCY",
  "PURCHASES_INSTALLMENTS_FREQUENCY",
  "CASH_ADVANCE_FREQUENCY",
  "CASH_ADVANCE_TRX",
  "PURCHASES_TRX",
  "CREDIT_LIMIT",
  "PAYMENTS",
  "MINIMUM_PAYMENTS",
  "PRC_FULL_PAYMENT",
  "TENURE",
] as const;

/**
 * Where the card-holder file's blanks fall for `rows` rows: exactly 313
 * blank `MINIMUM_PAYMENTS` at 8,950 rows (in proportion otherwise), and the
 * 1-based data row whose `CREDIT_LIMIT` is blank (5204, or the middle row of
 * a smaller file).
 *
 * @example
 * ```ts
 * import { cardHolderBlanks } from "./generate_lookalikes.ts";
 * cardHolderBlanks(8950); // { minimumPayments: 313, creditLimitRow: 5204 }
 * ```
 */
export function cardHolderBlanks(rows: number): {
  minimumPayments: number;
  creditLimitRow: number;
} {
  return {
    minimumPayments: Math.round((rows * 313) / 8950),
    creditLimitRow: rows >= 5204 ? 5204 : Math.ceil(rows / 2),
  };
}

/** Six decimals at most, as the public file prints them (`0.818182`). */
function num(x: number): string {
  return String(Number(x.toFixed(6)));
}

function logNormal(random: Random, median: number, sigma: number, max = Infinity): number {
  for (;;) {
    const x = median * Math.exp(sigma * random.normal());
    if (x <= max) return x; // drawn again above the public file's maximum
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Tenure in months: 12 for most holders, 6 to 11 for the rest. */
const TENURES: readonly (readonly [number, number])[] = [
  [12, 0.847],
  [11, 0.041],
  [10, 0.026],
  [9, 0.02],
  [8, 0.022],
  [7, 0.021],
  [6, 0.023],
];

/** Kinds of holder behind the file: share, and the chance of each activity. */
const HOLDER_KINDS = [
  // Revolvers living on cash advances.
  { share: 0.3, oneoff: 0.3, install: 0.3, cash: 0.95, use: 0.6, full: 0.02 },
  // Transactors: big one-off purchases, often paid in full.
  { share: 0.25, oneoff: 0.95, install: 0.5, cash: 0.15, use: 0.15, full: 0.45 },
  // Installment buyers.
  { share: 0.27, oneoff: 0.2, install: 0.95, cash: 0.1, use: 0.25, full: 0.15 },
  // Hardly active.
  { share: 0.18, oneoff: 0.15, install: 0.15, cash: 0.2, use: 0.08, full: 0.05 },
] as const;

const KIND_WEIGHTS = HOLDER_KINDS.map((k, j) => [j, k.share] as const);

/** Months (0 … tenure) with some activity, leaning to `lean` ∈ (0, 1) of the tenure. */
function months(random: Random, tenure: number, lean: number): number {
  const share = clamp(lean + 0.3 * random.normal(), 1 / tenure, 1);
  return Math.max(1, Math.round(share * tenure));
}

/**
 * Make the credit-card customer file as CSV text.
 *
 * @example
 * ```ts
 * import { generateCardHolders } from "./generate_lookalikes.ts";
 * const text = generateCardHolders({ rows: 3, seed: 1 });
 * text.split("\n")[1]!.startsWith("C10001,"); // true
 * ```
 */
export function generateCardHolders(options: GenerateCardHoldersOptions = {}): string {
  const rows = checkRows(options.rows ?? 8950);
  const random = createRandom(options.seed ?? 20260301);
  const blanks = cardHolderBlanks(rows);
  const noMinimum = new Set(shuffledIndexes(random, rows).subarray(0, blanks.minimumPayments));
  const lines: string[] = [CARD_HOLDER_COLUMNS.join(",")];
  for (let i = 0; i < rows; i++) {
    const kind = HOLDER_KINDS[pickWeighted(random, KIND_WEIGHTS)]!;
    const tenure = pickWeighted(random, TENURES);
    const limit = clamp(Math.round(logNormal(random, 3000, 0.75) / 50) * 50, 50, 30000);
    const oneoffMonths = random.next() < kind.oneoff ? months(random, tenure, 0.35) : 0;
    const installMonths = random.next() < kind.install ? months(random, tenure, 0.6) : 0;
    const cashMonths = random.next() < kind.cash ? months(random, tenure, 0.3) : 0;
    const purchaseMonths = Math.min(
      tenure,
      Math.max(oneoffMonths, installMonths) +
        (oneoffMonths > 0 && installMonths > 0 ? random.int(Math.min(oneoffMonths, 3) + 1) : 0),
    );
    const oneoff = oneoffMonths > 0 ? logNormal(random, 180 * oneoffMonths, 1.1, 40_761) : 0;
    const install = installMonths > 0 ? logNormal(random, 60 * installMonths, 0.9, 22_500) : 0;
    const purchasesTrx = purchaseMonths === 0
      ? 0
      : Math.round(purchaseMonths * logNormal(random, 1.6, 0.6));
    const cash = cashMonths > 0 ? logNormal(random, 450 * cashMonths, 0.9, 47_137) : 0;
    const cashTrx = cashMonths === 0 ? 0 : Math.round(cashMonths * logNormal(random, 1.3, 0.5));
    const balance = random.next() < 0.03
      ? 0
      : Math.min(limit * 1.3, logNormal(random, limit * kind.use, 0.7, 19_043));
    const balanceFrequency = random.next() < 0.7
      ? 1
      : clamp(Math.round(tenure * (0.75 + 0.3 * random.normal())), 0, tenure) / tenure;
    let payments = logNormal(random, 0.8 * (oneoff + install + cash) + 0.3 * balance, 0.6, 50_721);
    let minimum: number | undefined = Math.min(
      balance > 0 ? balance * clamp(0.2 * Math.exp(random.normal()), 0.01, 3) : 0,
      10 * limit,
    ) + logNormal(random, 40, 0.8);
    if (noMinimum.has(i)) {
      minimum = undefined;
      if (random.next() < 0.77) payments = 0;
    }
    const fullShare = random.next() < kind.full
      ? (random.next() < 0.3 ? 1 : random.int(tenure) / tenure)
      : 0;
    lines.push([
      `C${10001 + i}`,
      num(balance),
      num(balanceFrequency),
      num(oneoff + install),
      num(oneoff),
      num(install),
      num(cash),
      num(purchaseMonths / tenure),
      num(oneoffMonths / tenure),
      num(installMonths / tenure),
      num(cashMonths / tenure),
      String(cashTrx),
      String(purchasesTrx),
      i + 1 === blanks.creditLimitRow ? "" : num(limit),
      num(payments),
      minimum === undefined ? "" : num(minimum),
      num(fullShare),
      String(tenure),
    ].join(","));
  }
  return lines.join("\n") + "\n";
}

/** Options for {@link generateMarketingCampaign}. */
export interface GenerateMarketingCampaignOptions {
  /** Data rows, default 2,240 (as the public file). */
  rows?: number;
  /** Seed, default 20260302. */
  seed?: number;
}

/** The marketing-campaign file's header, in order. */
export const MARKETING_COLUMNS = [
  "ID",
  "Year_Birth",
  "Education",
  "Marital_Status",
  "Income",
  "Kidhome",
  "Teenhome",
  "Dt_Customer",
  "Recency",
  "MntWines",
  "MntFruits",
  "MntMeatProducts",
  "MntFishProducts",
  "MntSweetProducts",
  "MntGoldProds",
  "NumDealsPurchases",
  "NumWebPurchases",
  "NumCatalogPurchases",
  "NumStorePurchases",
  "NumWebVisitsMonth",
  "AcceptedCmp3",
  "AcceptedCmp4",
  "AcceptedCmp5",
  "AcceptedCmp1",
  "AcceptedCmp2",
  "Complain",
  "Z_CostContact",
  "Z_Revenue",
  "Response",
] as const;

/**
 * How many rows of the marketing file carry each quirk for `rows` rows: at
 * 2,240 rows (as the public file) 24 blank incomes, one income of 666666,
 * three birth years before 1900 and the rare marital levels Alone 3,
 * Absurd 2, YOLO 2; in proportion otherwise, at least one of each.
 *
 * @example
 * ```ts
 * import { marketingQuirks } from "./generate_lookalikes.ts";
 * marketingQuirks(2240).blankIncome; // 24
 * ```
 */
export function marketingQuirks(rows: number): {
  blankIncome: number;
  extremeIncome: number;
  oldBirthYears: number;
  alone: number;
  absurd: number;
  yolo: number;
} {
  const scaled = (n: number) => Math.max(1, Math.round((rows * n) / 2240));
  return {
    blankIncome: scaled(24),
    extremeIncome: scaled(1),
    oldBirthYears: scaled(3),
    alone: scaled(3),
    absurd: scaled(2),
    yolo: scaled(2),
  };
}

const EDUCATION: readonly (readonly [string, number])[] = [
  ["Graduation", 0.503],
  ["PhD", 0.217],
  ["Master", 0.165],
  ["2n Cycle", 0.091],
  ["Basic", 0.024],
];
const MARITAL: readonly (readonly [string, number])[] = [
  ["Married", 0.387],
  ["Together", 0.259],
  ["Single", 0.215],
  ["Divorced", 0.104],
  ["Widow", 0.035],
];
const OLD_BIRTH_YEARS = [1893, 1899, 1896];
const FIRST_DAY = Date.UTC(2012, 6, 30);
const ENROLMENT_DAYS = 700; // to 29-06-2014
const DAY_MS = 86_400_000;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Make the marketing-campaign file as tab-separated text.
 *
 * @example
 * ```ts
 * import { generateMarketingCampaign } from "./generate_lookalikes.ts";
 * const text = generateMarketingCampaign({ rows: 5, seed: 1 });
 * text.split("\n")[0]!.split("\t").length; // 29
 * ```
 */
export function generateMarketingCampaign(
  options: GenerateMarketingCampaignOptions = {},
): string {
  const rows = checkRows(options.rows ?? 2240);
  const random = createRandom(options.seed ?? 20260302);
  const quirks = marketingQuirks(rows);
  const ids = shuffledIndexes(random, rows <= 11192 ? 11192 : rows * 5).subarray(0, rows);
  const cells: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const year = Math.round(clamp(1969 + 11.7 * random.normal(), 1940, 1996));
    const education = pickWeighted(random, EDUCATION);
    const marital = pickWeighted(random, MARITAL);
    const base = education === "Basic" ? 20_000 : education === "PhD" ? 56_000 : 52_000;
    const income = Math.round(
      clamp(base + 20_000 * random.normal() + (1969 - year) * -150, 1730, 162_397),
    );
    const z = (income - 52_000) / 21_000;
    const kids = pickWeighted(
      random,
      z < 0 ? [[0, 0.35], [1, 0.62], [2, 0.03]] : [[0, 0.8], [1, 0.19], [2, 0.01]],
    );
    const teens = pickWeighted(
      random,
      year < 1970 ? [[0, 0.35], [1, 0.62], [2, 0.03]] : [[0, 0.7], [1, 0.29], [2, 0.01]],
    );
    const level = z - 0.8 * kids - 0.3 * teens;
    const spend = (mu: number, slope: number, sigma: number, max: number) =>
      String(Math.round(clamp(Math.exp(mu + slope * level + sigma * random.normal()), 0, max)));
    const count = (mean: number, slope: number, max: number) =>
      String(Math.round(clamp(mean + slope * level + 1.2 * random.normal(), 0, max)));
    const accepted = (intercept: number, slope: number) =>
      random.next() < sigmoid(intercept + slope * level) ? 1 : 0;
    const campaigns = [
      accepted(-2.6, 0.2),
      accepted(-2.7, 0.9),
      accepted(-3.5, 1.8),
      accepted(-3.4, 1.6),
      accepted(-5.0, 1.2),
    ];
    const anyAccepted = campaigns.some((c) => c === 1) ? 1 : 0;
    cells.push([
      String(ids[i]),
      String(year),
      education,
      marital,
      String(income),
      String(kids),
      String(teens),
      formatDayMonthYear(FIRST_DAY + random.int(ENROLMENT_DAYS + 1) * DAY_MS),
      String(random.int(100)),
      spend(5.3, 1.2, 0.7, 1493),
      spend(2.3, 1.2, 0.9, 199),
      spend(4.1, 1.4, 0.7, 1725),
      spend(2.7, 1.2, 0.9, 259),
      spend(2.3, 1.2, 0.9, 263),
      spend(3.3, 0.8, 0.8, 362),
      count(2.3 + 0.8 * kids, -0.4, 15),
      count(4.1, 1.3, 27),
      count(2.5, 2.0, 28),
      count(5.8, 2.2, 13),
      count(5.3, -1.8, 20),
      ...campaigns.map(String),
      random.next() < 0.0094 ? "1" : "0",
      "3",
      "11",
      random.next() < sigmoid(-2.2 + 0.6 * level + 1.6 * anyAccepted) ? "1" : "0",
    ]);
  }
  const col = (name: (typeof MARKETING_COLUMNS)[number]) => MARKETING_COLUMNS.indexOf(name);
  let order = shuffledIndexes(random, rows);
  let k = 0;
  for (let j = 0; j < quirks.blankIncome; j++) cells[order[k++]!]![col("Income")] = "";
  for (let j = 0; j < quirks.extremeIncome; j++) cells[order[k++]!]![col("Income")] = "666666";
  order = shuffledIndexes(random, rows);
  for (let j = 0; j < quirks.oldBirthYears; j++) {
    cells[order[j]!]![col("Year_Birth")] = String(OLD_BIRTH_YEARS[j % OLD_BIRTH_YEARS.length]);
  }
  order = shuffledIndexes(random, rows);
  k = 0;
  for (
    const [level, n] of [["Alone", quirks.alone], ["Absurd", quirks.absurd], [
      "YOLO",
      quirks.yolo,
    ]] as const
  ) {
    for (let j = 0; j < n; j++) cells[order[k++]!]![col("Marital_Status")] = level;
  }
  const lines = [MARKETING_COLUMNS.join("\t")];
  for (const row of cells) lines.push(row.join("\t"));
  return lines.join("\n") + "\n";
}

/** Options for {@link generateWideTall}. */
export interface GenerateWideTallOptions {
  /** Data rows. */
  rows: number;
  /** Numeric columns, named `x1` … `xN`. */
  cols: number;
  /** Seed, default 20260303. */
  seed?: number;
  /** Blank cells, on distinct rows when there are enough (default one per 200,000 cells, at least 1). */
  blanks?: number;
  /** Latent groups the rows are drawn from (default 4). */
  groups?: number;
}

/**
 * Make a wide or tall numeric CSV (`x1` … `xN`, four decimals) from a few
 * latent groups, with a few blank cells, for scale tests.
 *
 * @example
 * ```ts
 * import { generateWideTall } from "./generate_lookalikes.ts";
 * generateWideTall({ rows: 2, cols: 3, seed: 1 }).split("\n")[0]; // "x1,x2,x3"
 * ```
 */
export function generateWideTall(options: GenerateWideTallOptions): string {
  const rows = checkRows(options.rows);
  const cols = options.cols;
  if (!Number.isInteger(cols) || cols < 1) {
    throw new RangeError(`cols must be a whole number of at least 1, got ${cols}`);
  }
  const blanks = options.blanks ?? Math.max(1, Math.round((rows * cols) / 200_000));
  if (!Number.isInteger(blanks) || blanks < 0 || blanks > rows * cols) {
    throw new RangeError(`blanks must be a whole number from 0 to rows × cols, got ${blanks}`);
  }
  const groups = options.groups ?? 4;
  const random = createRandom(options.seed ?? 20260303);
  const centres = Array.from(
    { length: groups },
    () => Float64Array.from({ length: cols }, () => 4 * random.normal()),
  );
  const spreads = Float64Array.from({ length: cols }, () => 0.5 + random.next());
  // Blank cells: a distinct row each (while rows last), in a random column.
  const blankAt = new Map<number, Set<number>>();
  for (let b = 0; b < blanks; b++) {
    let row: number, col: number;
    do {
      row = blanks <= rows ? sampleDistinct(random, rows, blankAt) : random.int(rows);
      col = random.int(cols);
    } while (blankAt.get(row)?.has(col));
    let set = blankAt.get(row);
    if (set === undefined) blankAt.set(row, set = new Set());
    set.add(col);
  }
  const header = Array.from({ length: cols }, (_, j) => `x${j + 1}`).join(",");
  const chunks: string[] = [header];
  const line: string[] = new Array(cols);
  for (let i = 0; i < rows; i++) {
    const centre = centres[random.int(groups)]!;
    const blank = blankAt.get(i);
    for (let j = 0; j < cols; j++) {
      const x = centre[j]! + spreads[j]! * random.normal();
      line[j] = blank?.has(j) ? "" : String(Math.round(x * 10_000) / 10_000);
    }
    chunks.push(line.join(","));
  }
  return chunks.join("\n") + "\n";
}

function sampleDistinct(random: Random, n: number, taken: Map<number, unknown>): number {
  let row: number;
  do row = random.int(n); while (taken.has(row));
  return row;
}

function checkRows(rows: number): number {
  if (!Number.isInteger(rows) || rows < 1) {
    throw new RangeError(`rows must be a whole number of at least 1, got ${rows}`);
  }
  return rows;
}
