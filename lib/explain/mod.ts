/**
 * Explaining and acting on segments: readable rules from a shallow decision
 * tree, the features that set each segment apart, what each segment buys,
 * where segments head next, and per-segment exports for a CRM.
 *
 * @module
 */
export * from "./decision_tree.ts";
export * from "./segment_rules.ts";
export * from "./top_features.ts";
export * from "./explain_segments.ts";
export * from "./product_lift.ts";
export * from "./customer_products.ts";
export * from "./markov_forecast.ts";
export * from "./crm_export.ts";
export * from "./rfm_playbook.ts";
