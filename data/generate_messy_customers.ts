/**
 * Seeded generator for `data/customers_messy.tsv`: a customer file that looks
 * like the ones people actually bring, in the style of the public
 * marketing-campaign export (tab-separated, text levels, dd-mm-yyyy dates),
 * with the faults such files carry:
 *
 * - `customer_id` codes with leading zeros (`000123`), which must stay text;
 * - text columns `Education` and `Marital_Status` with a rare junk level each
 *   (`Absurd`; `Alone` and `YOLO`), every one under 1% of rows;
 * - blanks in three columns (`Income` 1.5%, `Marital_Status` 0.8%, `Comment`
 *   30%), and a few absurd incomes (`666666` and the like, 0.2%);
 * - `Dt_Customer` as `dd-mm-yyyy`, with days above 12 so the order is settled;
 * - spend columns `MntWines` and `MntMeat` heavily right-skewed (skewness > 2);
 * - `Country`, a text column with 8 levels drawn independently of everything
 *   else, and `Comment`, free text that is nearly unique per row.
 *
 * Behind the rows are {@link MESSY_SEGMENT_COUNT} planted segments
 * ({@link MESSY_SEGMENTS}) that differ in income, spend, channel, recency and
 * campaign response *and* in their Education and Marital_Status levels, so a
 * segmentation that uses the text columns can recover them; the segment of
 * each row is returned as `truth`. Run `deno task data messy` to rebuild the
 * bundled file; the same seed always gives the same bytes.
 *
 * @module
 */
import { createRandom, type Random } from "../lib/random.ts";

/** Options for {@link generateMessyCustomers}. */
export interface GenerateMessyCustomersOptions {
  /** Data rows, default 2,000. */
  rows?: number;
  /** Seed, default 20260214. */
  seed?: number;
}

/** What {@link generateMessyCustomers} returns. */
export interface MessyCustomers {
  /** The file: tab-separated, header row, `\n` line ends. */
  text: string;
  /** The planted segment of each data row (an index into {@link MESSY_SEGMENTS}). */
  truth: Int32Array;
}

/** A planted segment: its name and what sets it apart. */
export interface MessySegment {
  name: string;
  description: string;
}

/** The header of the generated file, in order. */
export const MESSY_COLUMNS = [
  "customer_id",
  "Education",
  "Marital_Status",
  "Income",
  "Dt_Customer",
  "Recency",
  "MntWines",
  "MntMeat",
  "NumWebPurchases",
  "NumStorePurchases",
  "AcceptedCmp1",
  "Response",
  "Country",
  "Comment",
] as const;

type Weighted = readonly (readonly [string, number])[];
type Spread = readonly [number, number];

interface Profile {
  name: string;
  description: string;
  share: number;
  education: Weighted;
  marital: Weighted;
  /** Income: mean and sd. */
  income: Spread;
  /** Spend: mean and sd of the natural log. */
  wines: Spread;
  meat: Spread;
  web: Spread;
  store: Spread;
  recency: Spread;
  /** Days before the last enrolment date: mean and sd. */
  enrolled: Spread;
  cmp1: number;
  response: number;
}

const PROFILES: readonly Profile[] = [
  {
    name: "Affluent wine lovers",
    description:
      "mostly PhD or Master, married or together; high income (about 88k), by far the highest wine and meat spend, many store purchases, often accept campaign 1",
    share: 0.22,
    education: [["PhD", 0.6], ["Master", 0.27], ["Graduation", 0.13]],
    marital: [["Married", 0.52], ["Together", 0.36], ["Divorced", 0.07], ["Widow", 0.05]],
    income: [88_000, 11_000],
    wines: [6.5, 0.6],
    meat: [6.0, 0.65],
    web: [5, 1.5],
    store: [10, 2],
    recency: [50, 28],
    enrolled: [450, 170],
    cmp1: 0.38,
    response: 0.22,
  },
  {
    name: "Young online singles",
    description:
      "mostly Graduation or 2n Cycle and single; modest income (about 42k), low wine but some meat spend, buy on the web far more than in store, bought recently, respond most to the last campaign",
    share: 0.26,
    education: [["Graduation", 0.6], ["2n Cycle", 0.3], ["Master", 0.1]],
    marital: [["Single", 0.84], ["Together", 0.16]],
    income: [42_000, 7_000],
    wines: [4.0, 0.8],
    meat: [4.8, 0.7],
    web: [8, 2],
    store: [2.5, 1.2],
    recency: [14, 9],
    enrolled: [150, 100],
    cmp1: 0.04,
    response: 0.36,
  },
  {
    name: "Budget families",
    description:
      "Basic, 2n Cycle or Graduation, married or together; low income (about 24k), very low spend, few purchases in any channel, rarely accept a campaign",
    share: 0.3,
    education: [["Basic", 0.36], ["2n Cycle", 0.34], ["Graduation", 0.3]],
    marital: [["Married", 0.62], ["Together", 0.38]],
    income: [24_000, 6_000],
    wines: [2.4, 0.9],
    meat: [2.8, 0.8],
    web: [2, 1],
    store: [4, 1.2],
    recency: [58, 20],
    enrolled: [380, 180],
    cmp1: 0.01,
    response: 0.05,
  },
  {
    name: "Lapsed middle income",
    description:
      "Graduation or Master, divorced, widowed or single; middle income (about 58k), moderate wine spend, mostly in store, long since their last purchase (recency about 82 days), early enrolment, hardly respond",
    share: 0.22,
    education: [["Graduation", 0.55], ["Master", 0.35], ["2n Cycle", 0.1]],
    marital: [["Divorced", 0.55], ["Widow", 0.3], ["Single", 0.15]],
    income: [58_000, 8_000],
    wines: [5.2, 0.6],
    meat: [4.4, 0.6],
    web: [3, 1],
    store: [6, 1.5],
    recency: [82, 9],
    enrolled: [560, 110],
    cmp1: 0.08,
    response: 0.03,
  },
];

/** The planted segments, in the order of the `truth` labels. */
export const MESSY_SEGMENTS: readonly MessySegment[] = PROFILES.map(({ name, description }) => ({
  name,
  description,
}));

/** Number of planted segments. */
export const MESSY_SEGMENT_COUNT: number = PROFILES.length;

/** Countries: drawn independently of the segment (a column that should not separate anyone). */
const COUNTRIES: Weighted = [
  ["Spain", 0.46],
  ["South Africa", 0.14],
  ["Canada", 0.12],
  ["Australia", 0.08],
  ["India", 0.07],
  ["Germany", 0.06],
  ["USA", 0.05],
  ["Montenegro", 0.02],
];

/** Incomes someone typed wrongly, as real exports hold. */
const EXTREME_INCOMES = [666_666, 999_999, 505_000, 1_250_000];

/**
 * How many rows carry each planted fault in a file of `rows` rows (exact
 * counts, so tests can hold them).
 *
 * @example
 * ```ts
 * import { messyFaultCounts } from "./generate_messy_customers.ts";
 * messyFaultCounts(2000).blankIncome; // 30
 * ```
 */
export function messyFaultCounts(rows: number): {
  blankIncome: number;
  extremeIncome: number;
  blankMarital: number;
  blankComment: number;
  educationAbsurd: number;
  maritalAlone: number;
  maritalYolo: number;
} {
  return {
    blankIncome: Math.round(rows * 0.015),
    extremeIncome: Math.round(rows * 0.002),
    blankMarital: Math.round(rows * 0.008),
    blankComment: Math.round(rows * 0.3),
    educationAbsurd: Math.round(rows * 0.004),
    maritalAlone: Math.round(rows * 0.004),
    maritalYolo: Math.round(rows * 0.002),
  };
}

/**
 * The indexes 0 … n−1 in a seeded random order (Fisher–Yates); the first k
 * of them are a sample of exactly k distinct rows.
 *
 * @example
 * ```ts
 * import { createRandom } from "../lib/random.ts";
 * import { shuffledIndexes } from "./generate_messy_customers.ts";
 * shuffledIndexes(createRandom(1), 5).length; // 5
 * ```
 */
export function shuffledIndexes(random: Random, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Pick an item by weight (weights sum to 1; the last item takes any rest).
 *
 * @example
 * ```ts
 * import { createRandom } from "../lib/random.ts";
 * import { pickWeighted } from "./generate_messy_customers.ts";
 * pickWeighted(createRandom(1), [["a", 0.5], ["b", 0.5]]); // "a" or "b"
 * ```
 */
export function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  let u = random.next();
  for (const [item, weight] of items) {
    if (u < weight) return item;
    u -= weight;
  }
  return items[items.length - 1]![0];
}

/**
 * Format a UTC time as `dd-mm-yyyy`.
 *
 * @example
 * ```ts
 * import { formatDayMonthYear } from "./generate_messy_customers.ts";
 * formatDayMonthYear(Date.UTC(2013, 0, 31)); // "31-01-2013"
 * ```
 */
export function formatDayMonthYear(ms: number): string {
  const d = new Date(ms);
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  return `${dd}-${mm}-${d.getUTCFullYear()}`;
}

const DAY_MS = 86_400_000;
/** The last enrolment date in the file. */
const LAST_ENROLMENT = Date.UTC(2014, 5, 29);
/** The first enrolment date in the file. */
const FIRST_ENROLMENT = Date.UTC(2012, 6, 30);

const TOPICS = [
  "asked about delivery times",
  "wants paper catalogues stopped",
  "complained about a late parcel",
  "prefers to be called in the evening",
  "moved house recently",
  "asked for the wine club brochure",
  "returned a damaged bottle",
  "interested in the loyalty card",
  "queried a double charge",
  "asked to update the email address",
  "praised the store staff",
  "requested a gift voucher",
  "unhappy with the new website",
  "asked about vegetarian options",
  "wants invoices by post",
  "enquired about bulk discounts",
];
const CHANNELS = [
  "by phone",
  "in store",
  "by email",
  "via chat",
  "at the tasting event",
  "by letter",
];
const FOLLOW_UPS = [
  "resolved on the spot",
  "follow up next week",
  "passed to the regional office",
  "no action needed",
  "voucher sent",
  "awaiting reply",
  "escalated to the manager",
  "call back promised",
];
/** Short notes that repeat, as they do in real comment fields. */
const STOCK_NOTES = ["ok", "no complaints", "VIP", "do not call"];

function comment(random: Random, enrolled: number): string {
  if (random.next() < 0.05) return STOCK_NOTES[random.int(STOCK_NOTES.length)]!;
  const topic = TOPICS[random.int(TOPICS.length)]!;
  const channel = CHANNELS[random.int(CHANNELS.length)]!;
  const follow = FOLLOW_UPS[random.int(FOLLOW_UPS.length)]!;
  const day = enrolled + random.int(365) * DAY_MS;
  const ticket = 10_000 + random.int(90_000);
  const text = `${topic} ${channel} on ${formatDayMonthYear(day)}, ${follow} (ticket ${ticket})`;
  return text[0]!.toUpperCase() + text.slice(1);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Make the messy customer file and the planted segment of each row.
 *
 * @example
 * ```ts
 * import { generateMessyCustomers } from "./generate_messy_customers.ts";
 * const { text, truth } = generateMessyCustomers({ rows: 50, seed: 1 });
 * text.split("\n")[0]!.split("\t")[0]; // "customer_id"
 * truth.length; // 50
 * ```
 */
export function generateMessyCustomers(
  options: GenerateMessyCustomersOptions = {},
): MessyCustomers {
  const rows = options.rows ?? 2000;
  if (!Number.isInteger(rows) || rows < 1) {
    throw new RangeError(`rows must be a whole number of at least 1, got ${rows}`);
  }
  const random = createRandom(options.seed ?? 20260214);
  const draw = ([mean, sd]: Spread) => mean + sd * random.normal();
  const truth = new Int32Array(rows);
  const cells: string[][] = [];
  let id = 0;
  for (let i = 0; i < rows; i++) {
    let u = random.next();
    let s = PROFILES.length - 1;
    for (let j = 0; j < PROFILES.length; j++) {
      if (u < PROFILES[j]!.share) {
        s = j;
        break;
      }
      u -= PROFILES[j]!.share;
    }
    truth[i] = s;
    const p = PROFILES[s]!;
    id += 1 + random.int(3);
    const enrolled = LAST_ENROLMENT -
      Math.round(clamp(draw(p.enrolled), 0, (LAST_ENROLMENT - FIRST_ENROLMENT) / DAY_MS)) * DAY_MS;
    cells.push([
      String(id).padStart(6, "0"),
      pickWeighted(random, p.education),
      pickWeighted(random, p.marital),
      String(Math.round(clamp(draw(p.income), 4_000, 180_000))),
      formatDayMonthYear(enrolled),
      String(Math.round(clamp(draw(p.recency), 0, 99))),
      String(Math.round(Math.exp(draw(p.wines)))),
      String(Math.round(Math.exp(draw(p.meat)))),
      String(Math.round(clamp(draw(p.web), 0, 27))),
      String(Math.round(clamp(draw(p.store), 0, 13))),
      random.next() < p.cmp1 ? "1" : "0",
      random.next() < p.response ? "1" : "0",
      pickWeighted(random, COUNTRIES),
      comment(random, enrolled),
    ]);
  }
  plantFaults(random, cells);
  const lines = [MESSY_COLUMNS.join("\t")];
  for (const row of cells) lines.push(row.join("\t"));
  return { text: lines.join("\n") + "\n", truth };
}

/** Blanks, absurd incomes and rare levels, on exactly counted rows. */
function plantFaults(random: Random, cells: string[][]): void {
  const col = (name: (typeof MESSY_COLUMNS)[number]) => MESSY_COLUMNS.indexOf(name);
  const counts = messyFaultCounts(cells.length);
  const set = (
    order: Int32Array,
    from: number,
    count: number,
    column: number,
    value: () => string,
  ) => {
    for (let k = from; k < from + count; k++) cells[order[k]!]![column] = value();
  };
  // Income: blanks, then absurd values on other rows.
  let order = shuffledIndexes(random, cells.length);
  set(order, 0, counts.blankIncome, col("Income"), () => "");
  let next = 0;
  set(order, counts.blankIncome, counts.extremeIncome, col("Income"), () => {
    return String(EXTREME_INCOMES[next++ % EXTREME_INCOMES.length]);
  });
  // Marital status: rare levels and blanks on distinct rows.
  order = shuffledIndexes(random, cells.length);
  set(order, 0, counts.maritalAlone, col("Marital_Status"), () => "Alone");
  set(order, counts.maritalAlone, counts.maritalYolo, col("Marital_Status"), () => "YOLO");
  set(
    order,
    counts.maritalAlone + counts.maritalYolo,
    counts.blankMarital,
    col("Marital_Status"),
    () => "",
  );
  order = shuffledIndexes(random, cells.length);
  set(order, 0, counts.educationAbsurd, col("Education"), () => "Absurd");
  order = shuffledIndexes(random, cells.length);
  set(order, 0, counts.blankComment, col("Comment"), () => "");
}
