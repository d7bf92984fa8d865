/**
 * Numeric matrices, scaling, clustering, metrics and choosing k.
 *
 * @module
 */
export * from "./matrix.ts";
