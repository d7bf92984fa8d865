/**
 * Netting cancellations against the purchases they cancel, as SQL common
 * table expressions: each cancellation line (invoice starting with "C") is
 * matched to the latest purchase line of the same customer and product made
 * at or before it; the purchase loses what was cancelled (leaving when
 * netted to zero or below), matched cancellations are folded into it and
 * unmatched ones dropped. Part of statement 3 of `transactions_sql.ts`.
 *
 * @module
 */
import type { SqlDialect } from "../sql/dialect.ts";
import { engineFunctions } from "../sql/engine_functions.ts";

/**
 * The CTEs `cancels`, `purchases`, `matches`, `netting` and `netted`, reading
 * the relation `checked` (every typed line with the first rule it fails) and
 * giving `netted`, the same columns with netted values and rules. In
 * quantity × price mode the cancelled quantity is taken off; with an amount
 * column, the cancelled amount.
 *
 * @example
 * ```ts
 * import { deepEqual, ok } from "node:assert/strict";
 * import { cancellationNettingCTEs } from "./transaction_netting_sql.ts";
 * const ctes = cancellationNettingCTEs("quantity_price");
 * deepEqual(ctes.length, 3);
 * ok(ctes[2]!.includes("THEN (k.quantity - n.cancelled_quantity) * k.price"));
 * ok(cancellationNettingCTEs("amount")[2]!.includes("THEN k.amount - n.cancelled_amount"));
 * ```
 */
export function cancellationNettingCTEs(
  mode: "quantity_price" | "amount",
  dialect?: SqlDialect,
): string[] {
  const netted = mode === "amount" ? "amount" : "quantity";
  return [
    `-- Cancellation lines and the clean purchase lines they may cancel.
cancels AS (
  SELECT line_no, customer, product, ts,
    abs(quantity) AS cancelled_quantity, abs(amount) AS cancelled_amount
  FROM checked WHERE rule = 'cancellation'
),
purchases AS (
  SELECT line_no, customer, product, ts FROM checked WHERE rule IS NULL
)`,
    `-- Each cancellation nets against the latest purchase line of the same customer
-- and product made at or before it (the later line in the file on a tie).
matches AS (
  SELECT cancel_line, purchase_line, cancelled_quantity, cancelled_amount
  FROM (
    SELECT c.line_no AS cancel_line, p.line_no AS purchase_line,
      c.cancelled_quantity, c.cancelled_amount,
      row_number() OVER (PARTITION BY c.line_no ORDER BY p.ts DESC, p.line_no DESC) AS pick
    FROM cancels AS c
    JOIN purchases AS p
      ON p.customer = c.customer AND p.product = c.product AND p.ts <= c.ts
  ) AS candidates
  WHERE pick = 1
),
netting AS (
  SELECT purchase_line,
    sum(cancelled_quantity) AS cancelled_quantity, sum(cancelled_amount) AS cancelled_amount
  FROM matches GROUP BY purchase_line
)`,
    `-- Purchases lose what was cancelled; a line netted to zero or below leaves;
-- matched cancellations are folded into their purchase, unmatched ones dropped.
netted ${engineFunctions(dialect).cteAs} (
  SELECT k.line_no, k.customer, k.invoice, k.ts, k.product, k.country, k.description, k.price,
    CASE WHEN k.rule IS NULL AND n.purchase_line IS NOT NULL
      THEN k.quantity - n.cancelled_quantity ELSE k.quantity END AS quantity,
    CASE WHEN k.rule IS NULL AND n.purchase_line IS NOT NULL
      ${
      mode === "amount"
        ? "THEN k.amount - n.cancelled_amount"
        : "THEN (k.quantity - n.cancelled_quantity) * k.price"
    } ELSE k.amount END AS amount,
    CASE
      WHEN k.rule = 'cancellation' AND m.cancel_line IS NOT NULL THEN 'cancellation_netted'
      WHEN k.rule = 'cancellation' THEN 'cancellation_unmatched'
      WHEN k.rule IS NULL AND n.purchase_line IS NOT NULL
        AND k.${netted} - n.cancelled_${netted} <= 0 THEN 'netted_to_zero'
      ELSE k.rule
    END AS rule
  FROM checked AS k
  LEFT JOIN netting AS n ON n.purchase_line = k.line_no
  LEFT JOIN matches AS m ON m.cancel_line = k.line_no
)`,
  ];
}
