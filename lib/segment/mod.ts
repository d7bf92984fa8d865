/**
 * The segmentation pipeline: read → prepare → scale → cluster → metrics → explain → write, the
 * one the command line, the app and notebook 04 run; its parameters, the saved model and the
 * output files.
 *
 * @module
 */
export * from "./segmentation.ts";
export * from "./parameters.ts";
export * from "./outputs.ts";
export * from "./segment_table.ts";
