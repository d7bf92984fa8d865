/**
 * Seeded generator for `data/customers.csv`: demographic and behavioural
 * customer data in the style of the well-known mall-customers table, with
 * five clear but overlapping groups. Run `deno task data customers` to
 * rebuild it; the same seed always writes the same bytes.
 *
 * @module
 */
import * as aq from "arquero";
import { createRandom } from "../lib/random.ts";

/** The groups behind the sample: centre and spread of each behaviour. */
const GROUPS = [
  {
    share: 0.32,
    age: [43, 9],
    income: [55, 6],
    score: [50, 6],
    visits: [3, 0.6],
    online: [0.35, 0.08],
    tenure: [5, 1.5],
  },
  {
    share: 0.2,
    age: [32, 4],
    income: [88, 9],
    score: [82, 6],
    visits: [6, 1],
    online: [0.55, 0.1],
    tenure: [4, 1.5],
  },
  {
    share: 0.18,
    age: [41, 8],
    income: [88, 10],
    score: [17, 6],
    visits: [1.5, 0.5],
    online: [0.25, 0.08],
    tenure: [6, 2],
  },
  {
    share: 0.15,
    age: [25, 4],
    income: [26, 6],
    score: [79, 7],
    visits: [5, 1],
    online: [0.7, 0.1],
    tenure: [1.5, 0.8],
  },
  {
    share: 0.15,
    age: [48, 9],
    income: [26, 6],
    score: [20, 6],
    visits: [1.2, 0.4],
    online: [0.2, 0.08],
    tenure: [3, 1.5],
  },
] as const;

/** Options for {@link generateCustomers}. */
export interface GenerateCustomersOptions {
  rows?: number;
  seed?: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Make the customer table.
 *
 * @example
 * ```ts
 * import { generateCustomers } from "./generate_customers.ts";
 * generateCustomers({ rows: 10, seed: 1 }).numRows(); // 10
 * ```
 */
export function generateCustomers(options: GenerateCustomersOptions = {}): aq.ColumnTable {
  return generateCustomersWithTruth(options).table;
}

/**
 * Make the customer table and the planted group of every row (index into the
 * generator's groups), the truth a segmentation is measured against.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { generateCustomersWithTruth } from "./generate_customers.ts";
 * const { table, truth } = generateCustomersWithTruth({ rows: 10, seed: 1 });
 * equal(truth.length, table.numRows());
 * ```
 */
export function generateCustomersWithTruth(
  options: GenerateCustomersOptions = {},
): { table: aq.ColumnTable; truth: Int32Array } {
  const rows = options.rows ?? 2000;
  const random = createRandom(options.seed ?? 20261123);
  const truth = new Int32Array(rows);
  const draw = ([mean, sd]: readonly [number, number]) => mean + sd * random.normal();
  const cols = {
    customer_id: [] as string[],
    gender: [] as string[],
    age: [] as number[],
    annual_income_k: [] as number[],
    spending_score: [] as number[],
    visits_per_month: [] as number[],
    online_share: [] as number[],
    tenure_years: [] as number[],
  };
  for (let i = 0; i < rows; i++) {
    let u = random.next();
    let g: (typeof GROUPS)[number] = GROUPS[GROUPS.length - 1]!;
    truth[i] = GROUPS.length - 1;
    for (const [index, group] of GROUPS.entries()) {
      if (u < group.share) {
        g = group;
        truth[i] = index;
        break;
      }
      u -= group.share;
    }
    cols.customer_id.push(`C${String(i + 1).padStart(5, "0")}`);
    cols.gender.push(random.next() < 0.56 ? "Female" : "Male");
    cols.age.push(Math.round(clamp(draw(g.age), 18, 80)));
    cols.annual_income_k.push(Math.round(clamp(draw(g.income), 12, 160)));
    cols.spending_score.push(Math.round(clamp(draw(g.score), 1, 100)));
    cols.visits_per_month.push(Math.round(clamp(draw(g.visits), 0, 20) * 10) / 10);
    cols.online_share.push(Math.round(clamp(draw(g.online), 0, 1) * 100) / 100);
    cols.tenure_years.push(Math.round(clamp(draw(g.tenure), 0, 20) * 10) / 10);
  }
  return { table: aq.table(cols), truth };
}
