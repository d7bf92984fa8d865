/**
 * The segmentation pipeline: read → prepare → scale → cluster → metrics → explain → write, the
 * one the command line, the app and notebook 04 run; its parameters (declared once), fitting and
 * assigning a table, the saved model and the output files.
 *
 * @module
 */
export * from "./segmentation.ts";
export * from "./segmentation_model.ts";
export * from "./segmentation_metrics.ts";
export * from "./segment_count.ts";
export * from "./cluster_data.ts";
export * from "./assign_table.ts";
export * from "./parameters.ts";
export * from "./segmentation_parameters.ts";
export * from "./parameter_cell.ts";
export * from "./outputs.ts";
export * from "./segment_table.ts";
