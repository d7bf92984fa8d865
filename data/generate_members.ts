/**
 * Seeded generator for the bundled member files in `data/members/`: one
 * membership programme whose four regional offices each export their own
 * file. The files disagree on column names, delimiters, date and yes/no
 * spellings (North: CSV with `,`; South: CSV with `;`; East: XLSX; West: CSV
 * with thousands separators in income) and carry realistic faults: exact
 * duplicates within and across files, purchases without spend (and the
 * reverse), missing values, negative incomes, birth dates in the future and
 * members who joined before they were born. Run `deno task data members` to
 * rebuild them; the same seed always writes the same bytes.
 *
 * @module
 */
import * as XLSX from "xlsx";
import { createRandom, type Random } from "../lib/random.ts";
import { writeFileAtomic } from "../lib/io/atomic_write.ts";

/** The year the offices exported their files (the latest year anyone joined). */
export const EXTRACT_YEAR = 2024;

/** Behaviour behind the sample: four kinds of member, so segments exist to be found. */
const PERSONAS = [
  // Frequent, high-spending regulars.
  {
    share: 0.27,
    age: [44, 8],
    income: [82000, 15000],
    purchases: [34, 7],
    basket: [120, 25],
    tenure: [9, 4],
    card: 0.8,
    news: 0.65,
  },
  // Well-off but hardly buying any more.
  {
    share: 0.22,
    age: [52, 8],
    income: [118000, 20000],
    purchases: [4, 2],
    basket: [95, 30],
    tenure: [7, 4],
    card: 0.7,
    news: 0.25,
  },
  // Young, recent, modest spend.
  {
    share: 0.27,
    age: [26, 3.5],
    income: [38000, 8000],
    purchases: [14, 4],
    basket: [45, 12],
    tenure: [2, 1.5],
    card: 0.4,
    news: 0.55,
  },
  // Long-standing members on a budget.
  {
    share: 0.24,
    age: [63, 7],
    income: [42000, 9000],
    purchases: [18, 5],
    basket: [35, 10],
    tenure: [16, 6],
    card: 0.3,
    news: 0.45,
  },
] as const;

const FIRST_NAMES = [
  "Aisha",
  "Ben",
  "Chloe",
  "Daniel",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Isla",
  "James",
  "Kavya",
  "Liam",
  "Mei",
  "Noah",
  "Olivia",
  "Priya",
  "Quentin",
  "Rosa",
  "Samuel",
  "Tara",
  "Umar",
  "Vera",
  "Wei",
  "Xavier",
  "Yasmin",
  "Zoe",
  "Arjun",
  "Bianca",
  "Chen",
  "Diego",
  "Esther",
  "Felix",
  "Hana",
  "Ivan",
  "Julia",
  "Kofi",
  "Lena",
  "Marco",
  "Nadia",
  "Oscar",
  "Petra",
  "Rahul",
  "Sofia",
  "Tomas",
  "Ursula",
  "Victor",
  "Wen",
  "Yusuf",
  "Amara",
  "Boris",
];
const LAST_NAMES = [
  "Tan",
  "Smith",
  "Garcia",
  "Nguyen",
  "Kumar",
  "Okafor",
  "Müller",
  "Rossi",
  "Lim",
  "Brown",
  "Kowalski",
  "Haddad",
  "Sato",
  "Johansson",
  "Novak",
  "Silva",
  "Ong",
  "Ibrahim",
  "Wong",
  "Patel",
  "Dubois",
  "Fischer",
  "Lee",
  "Martin",
  "Ahmed",
  "Chua",
  "Costa",
  "Walker",
  "Yilmaz",
  "Park",
  "O'Brien",
  "Hansen",
  "Lopez",
  "Teo",
  "Goh",
  "Murphy",
  "Schmidt",
  "Ivanova",
  "Reyes",
  "Koh",
];

const REGIONS = ["North", "South", "East", "West"] as const;
type Region = (typeof REGIONS)[number];
const REGION_SHARE: Record<Region, number> = { North: 0.3, South: 0.25, East: 0.24, West: 0.21 };

/** One member in canonical form, before any file-specific spelling. */
export interface MemberRecord {
  nationalId: string;
  firstName: string;
  lastName: string;
  email: string;
  gender: "Female" | "Male" | null;
  birthDate: { y: number; m: number; d: number } | null;
  yearJoined: number | null;
  income: number | null;
  purchases: number;
  amountSpent: number;
  creditCard: boolean;
  newsletter: boolean | null;
  region: Region;
  note: string;
}

/** Options for {@link generateMembers}. */
export interface GenerateMembersOptions {
  /** Members before duplicates are planted (default 1,480). */
  members?: number;
  seed?: number;
}

/** What was planted, for the notebook's narrative and the tests. */
export interface PlantedFaults {
  crossFileDuplicates: number;
  withinFileDuplicates: number;
  purchasesWithoutSpend: number;
  spendWithoutPurchases: number;
  missingIncome: number;
  missingGender: number;
  missingNewsletter: number;
  missingBirthDate: number;
  negativeIncome: number;
  futureBirthDate: number;
  joinedBeforeBirth: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.int(items.length)]!;
}

const CHECK_LETTERS = "ABCDEFGHIZJ";
const WEIGHTS = [2, 7, 6, 5, 4, 3, 2];

function nationalId(random: Random, used: Set<string>): string {
  for (;;) {
    const prefix = random.next() < 0.8 ? "S" : "T";
    const digits = Array.from({ length: 7 }, () => random.int(10));
    const sum = digits.reduce((s, d, i) => s + d * WEIGHTS[i]!, prefix === "T" ? 4 : 0);
    const id = `${prefix}${digits.join("")}${CHECK_LETTERS[10 - (sum % 11)] ?? "A"}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/**
 * Make the members (canonical records, grouped by region) with the faults planted.
 *
 * @example
 * ```ts
 * import { generateMembers } from "./generate_members.ts";
 * const { byRegion } = generateMembers({ members: 200, seed: 1 });
 * Object.keys(byRegion).length; // 4
 * ```
 */
export function generateMembers(
  options: GenerateMembersOptions = {},
): { byRegion: Record<Region, MemberRecord[]>; faults: PlantedFaults } {
  const n = options.members ?? 1480;
  const random = createRandom(options.seed ?? 20240601);
  const draw = ([mean, sd]: readonly [number, number]) => mean + sd * random.normal();
  const used = new Set<string>();
  const members: MemberRecord[] = [];
  for (let i = 0; i < n; i++) {
    let u = random.next();
    let p: (typeof PERSONAS)[number] = PERSONAS[PERSONAS.length - 1]!;
    for (const persona of PERSONAS) {
      if (u < persona.share) {
        p = persona;
        break;
      }
      u -= persona.share;
    }
    let r = random.next();
    let region: Region = "West";
    for (const name of REGIONS) {
      if (r < REGION_SHARE[name]) {
        region = name;
        break;
      }
      r -= REGION_SHARE[name];
    }
    const age = Math.round(clamp(draw(p.age), 18, 88));
    const birthYear = EXTRACT_YEAR - age;
    const tenure = Math.round(clamp(draw(p.tenure), 0, age - 18));
    const purchases = Math.max(1, Math.round(clamp(draw(p.purchases), 1, 80)));
    const basket = clamp(draw(p.basket), 8, 400);
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    members.push({
      nationalId: nationalId(random, used),
      firstName,
      lastName,
      email: `${firstName}.${lastName}${random.int(900) + 100}@example.com`.toLowerCase()
        .replace("ü", "ue").replace("'", ""),
      gender: random.next() < 0.52 ? "Female" : "Male",
      birthDate: { y: birthYear, m: random.int(12) + 1, d: random.int(28) + 1 },
      yearJoined: EXTRACT_YEAR - tenure,
      income: Math.round(clamp(draw(p.income), 12000, 400000) / 100) * 100,
      purchases,
      amountSpent: Math.round(purchases * basket * 100) / 100,
      creditCard: random.next() < p.card,
      newsletter: random.next() < p.news,
      region,
      note: "",
    });
  }

  // Plant faults on distinct members chosen by the seed.
  const order = members.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let cursor = 0;
  const take = (count: number) => order.slice(cursor, cursor += count).map((i) => members[i]!);
  const faults: PlantedFaults = {
    crossFileDuplicates: 24,
    withinFileDuplicates: 6,
    purchasesWithoutSpend: 40,
    spendWithoutPurchases: 15,
    missingIncome: 30,
    missingGender: 10,
    missingNewsletter: 12,
    missingBirthDate: 5,
    negativeIncome: 6,
    futureBirthDate: 4,
    joinedBeforeBirth: 4,
  };
  for (const m of take(faults.purchasesWithoutSpend)) m.amountSpent = 0;
  for (const m of take(faults.spendWithoutPurchases)) m.purchases = 0;
  for (const m of take(faults.missingIncome)) m.income = null;
  for (const m of take(faults.missingGender)) m.gender = null;
  for (const m of take(faults.missingNewsletter)) m.newsletter = null;
  for (const m of take(faults.missingBirthDate)) m.birthDate = null;
  for (const m of take(faults.negativeIncome)) m.income = -(m.income ?? 50000);
  for (const m of take(faults.futureBirthDate)) {
    m.birthDate = { y: EXTRACT_YEAR + 5 + random.int(20), m: random.int(12) + 1, d: 15 };
  }
  for (const m of take(faults.joinedBeforeBirth)) {
    m.yearJoined = (m.birthDate?.y ?? 1980) - 1 - random.int(5);
  }

  const byRegion = { North: [], South: [], East: [], West: [] } as Record<Region, MemberRecord[]>;
  for (const m of members) byRegion[m.region].push(m);
  // The same member exported again by another office (a transfer not cleaned up).
  for (const m of take(faults.crossFileDuplicates)) {
    const other = REGIONS.filter((r) => r !== m.region);
    const target = other[random.int(other.length)]!;
    byRegion[target].splice(random.int(byRegion[target].length + 1), 0, { ...m });
  }
  // The same row pasted twice in one file.
  for (const m of take(faults.withinFileDuplicates)) {
    const list = byRegion[m.region];
    list.splice(random.int(list.length + 1), 0, { ...m });
  }
  for (const m of take(60)) m.note = pick(random, ["prefers email", "VIP event 2023", "moved"]);
  return { byRegion, faults };
}

const pad = (x: number) => String(x).padStart(2, "0");
const iso = (d: MemberRecord["birthDate"]) => d === null ? "" : `${d.y}-${pad(d.m)}-${pad(d.d)}`;
const dmy = (d: MemberRecord["birthDate"]) => d === null ? "" : `${pad(d.d)}/${pad(d.m)}/${d.y}`;
const num = (x: number | null) => x === null ? "" : String(x);

function csvLine(values: string[], delimiter: string): string {
  return values.map((v) =>
    v.includes(delimiter) || v.includes('"') || v.includes("\n")
      ? `"${v.replaceAll('"', '""')}"`
      : v
  ).join(delimiter);
}

/** North office: commas, ISO dates, F/M, Y/N and Yes/No in mixed case, a branch code. */
function northCSV(rows: MemberRecord[], random: Random): string {
  const header = [
    "NRIC",
    "Given Name",
    "Surname",
    "Gender",
    "Birth Date",
    "Year Joined",
    "Annual Income",
    "Purchases",
    "Amount Spent",
    "Cred Card User",
    "Newsletter",
    "Email",
    "Region",
    "Branch Code",
  ];
  const lines = [csvLine(header, ",")];
  rows.forEach((m, i) => {
    const yes = m.newsletter === null ? "" : m.newsletter ? "Yes" : "No";
    lines.push(csvLine([
      m.nationalId,
      m.firstName,
      m.lastName,
      m.gender === null ? "" : m.gender[0]!,
      iso(m.birthDate),
      num(m.yearJoined),
      num(m.income),
      String(m.purchases),
      m.amountSpent.toFixed(2),
      m.creditCard ? "Y" : "N",
      random.next() < 0.2 ? yes.toUpperCase() : yes,
      m.email,
      m.region,
      `N-${String(10 + (i % 7)).padStart(3, "0")}`,
    ], ","));
  });
  return lines.join("\n") + "\n";
}

/** South office: semicolons, day/month/year dates, Female/Male, Yes/No and TRUE/FALSE. */
function southCSV(rows: MemberRecord[]): string {
  const header = [
    "National ID",
    "First Name",
    "Last Name",
    "Sex",
    "DOB",
    "Joined",
    "Income",
    "No. of Purchases",
    "Total Spent",
    "Credit Card",
    "Email Opt-In",
    "E-mail",
    "Area",
  ];
  const lines = [csvLine(header, ";")];
  for (const m of rows) {
    lines.push(csvLine([
      m.nationalId,
      m.firstName,
      m.lastName,
      m.gender ?? "",
      dmy(m.birthDate),
      num(m.yearJoined),
      num(m.income),
      String(m.purchases),
      m.amountSpent.toFixed(2),
      m.creditCard ? "Yes" : "No",
      m.newsletter === null ? "" : m.newsletter ? "TRUE" : "FALSE",
      m.email,
      m.region,
    ], ";"));
  }
  return lines.join("\n") + "\n";
}

/** West office: commas, income with thousands separators, 1/0 and y/n, a referral column. */
function westCSV(rows: MemberRecord[], random: Random): string {
  const header = [
    "nric",
    "first_name",
    "last_name",
    "gender",
    "birth_date",
    "year_joined",
    "income",
    "purchases",
    "amount_spent",
    "credit_card",
    "newsletter",
    "email",
    "region",
    "Referral Source",
  ];
  const lines = [csvLine(header, ",")];
  for (const m of rows) {
    lines.push(csvLine([
      m.nationalId,
      m.firstName,
      m.lastName,
      m.gender === null ? "" : m.gender[0]!,
      iso(m.birthDate),
      num(m.yearJoined),
      m.income === null ? "" : m.income.toLocaleString("en-US"),
      String(m.purchases),
      m.amountSpent.toFixed(2),
      m.creditCard ? "1" : "0",
      m.newsletter === null ? "" : m.newsletter ? "y" : "n",
      m.email,
      m.region,
      pick(random, ["friend", "web", "store", ""]),
    ], ","));
  }
  return lines.join("\n") + "\n";
}

/** East office: a workbook with real date and TRUE/FALSE cells, lower-case gender, notes. */
function eastXLSX(rows: MemberRecord[]): Uint8Array {
  const header = [
    "ID Number",
    "MemberName",
    "Family Name",
    "Gender",
    "Date of Birth",
    "Member Since",
    "Annual Income (USD)",
    "Purchase Count",
    "Spend",
    "Credit Card Holder",
    "Newsletter",
    "Email Address",
    "Region",
    "Notes",
  ];
  const aoa: unknown[][] = [header];
  for (const m of rows) {
    aoa.push([
      m.nationalId,
      m.firstName,
      m.lastName,
      m.gender?.toLowerCase() ?? null,
      m.birthDate === null
        ? null
        : new Date(Date.UTC(m.birthDate.y, m.birthDate.m - 1, m.birthDate.d)),
      m.yearJoined,
      m.income,
      m.purchases,
      m.amountSpent,
      m.creditCard,
      m.newsletter === null ? null : m.newsletter ? 1 : 0,
      m.email,
      m.region,
      m.note || null,
    ]);
  }
  const sheet = XLSX.utils.aoa_to_sheet(aoa, { cellDates: false, UTC: true } as XLSX.AOA2SheetOpts);
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, "Members");
  workbook.Props = { CreatedDate: new Date(0), ModifiedDate: new Date(0) } as XLSX.FullProperties;
  return new Uint8Array(
    XLSX.write(workbook, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer,
  );
}

/** Write the four regional files into `dir`; returns their paths. */
export async function writeMemberFiles(
  dir: string,
  options: GenerateMembersOptions = {},
): Promise<string[]> {
  const { byRegion } = generateMembers(options);
  const random = createRandom((options.seed ?? 20240601) + 1);
  const files: [string, string | Uint8Array][] = [
    ["members_north.csv", northCSV(byRegion.North, random)],
    ["members_south.csv", southCSV(byRegion.South)],
    ["members_east.xlsx", eastXLSX(byRegion.East)],
    ["members_west.csv", westCSV(byRegion.West, random)],
  ];
  const paths: string[] = [];
  for (const [name, content] of files) {
    const path = `${dir}/${name}`;
    await writeFileAtomic(path, content);
    paths.push(path);
  }
  return paths;
}
