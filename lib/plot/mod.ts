/**
 * Chart builders (Observable Plot, rendered server-side).
 *
 * @module
 */
export * from "./chart.ts";
export * from "./palette.ts";
