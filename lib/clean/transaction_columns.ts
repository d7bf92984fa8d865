/**
 * Which column of a transaction file plays each role (customer, invoice,
 * date, quantity, price or amount, product, country): the name given, else
 * the first usual spelling present.
 *
 * @module
 */
import { InputError } from "../errors.ts";
import type { TransactionRoles } from "./transactions_sql.ts";

/** Column names for each role; unset roles are looked up by their usual names. */
export interface TransactionColumns {
  customer?: string;
  invoice?: string;
  date?: string;
  quantity?: string;
  price?: string;
  /** Line amount, standing in for quantity × price. */
  amount?: string;
  product?: string;
  country?: string;
}

/** Usual header spellings per role (compared ignoring case, spaces and punctuation). */
export const TRANSACTION_ALIASES: Record<keyof TransactionColumns, readonly string[]> = {
  customer: ["CustomerID", "Customer ID", "customer_id", "customer", "client_id"],
  invoice: ["InvoiceNo", "Invoice", "invoice_id", "order_id", "order"],
  date: ["InvoiceDate", "Invoice Date", "date", "order_date", "timestamp", "purchase_date"],
  quantity: ["Quantity", "qty", "units"],
  price: ["UnitPrice", "Price", "unit_price"],
  amount: ["Amount", "line_total", "sales", "revenue", "total"],
  product: ["StockCode", "Stock Code", "product_id", "product", "sku", "item"],
  country: ["Country", "region"],
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Find the column for each role: the name given, else the first usual
 * spelling present. A named column that is missing, or a missing required
 * role (customer, date, and quantity + price or amount), is an InputError.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { resolveTransactionColumns } from "./transaction_columns.ts";
 * const roles = resolveTransactionColumns(["Invoice", "Price", "Quantity", "InvoiceDate", "Customer ID"]);
 * deepEqual(roles, {
 *   customer: "Customer ID", date: "InvoiceDate", invoice: "Invoice", quantity: "Quantity", price: "Price",
 * });
 * ```
 */
export function resolveTransactionColumns(
  available: readonly string[],
  given: TransactionColumns = {},
  file?: string,
): TransactionRoles {
  const byKey = new Map<string, string>();
  for (const name of available) if (!byKey.has(normalise(name))) byKey.set(normalise(name), name);
  const list = available.join(", ");
  const found: TransactionColumns = {};
  for (const role of Object.keys(TRANSACTION_ALIASES) as (keyof TransactionColumns)[]) {
    const name = given[role];
    if (name !== undefined) {
      if (!available.includes(name)) {
        throw new InputError(`Column not found: "${name}"`, {
          file,
          hint: `the ${role} column must be one of: ${list}`,
        });
      }
      found[role] = name;
      continue;
    }
    // Amount is only looked up when quantity × price is not available.
    for (const alias of TRANSACTION_ALIASES[role]) {
      const hit = byKey.get(normalise(alias));
      if (hit !== undefined) {
        found[role] = hit;
        break;
      }
    }
  }
  const need = (role: keyof TransactionColumns, flag: string) => {
    if (found[role] === undefined) {
      throw new InputError(`Required column not found: ${role}`, {
        file,
        hint: `name it with --${flag} COL; available columns: ${list}`,
      });
    }
  };
  need("customer", "customer");
  need("date", "date");
  const useAmount = given.amount !== undefined ||
    (found.amount !== undefined && (found.quantity === undefined || found.price === undefined));
  if (!useAmount) {
    need("quantity", "quantity");
    need("price", "price");
  }
  const roles: TransactionRoles = { customer: found.customer!, date: found.date! };
  if (found.invoice !== undefined) roles.invoice = found.invoice;
  if (found.quantity !== undefined) roles.quantity = found.quantity;
  if (useAmount) roles.amount = found.amount;
  else roles.price = found.price;
  if (found.product !== undefined) roles.product = found.product;
  if (found.country !== undefined) roles.country = found.country;
  return roles;
}
