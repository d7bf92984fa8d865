/**
 * Anonymisation: keyed pseudonyms (HMAC-SHA-256), the secret key,
 * generalisation of quasi-identifiers, k-anonymity, and the cleaned/lookup
 * outputs.
 *
 * @module
 */
export * from "./generalise.ts";
export * from "./k_anonymity.ts";
export * from "./key.ts";
export * from "./lookup.ts";
export * from "./pseudonymise.ts";
