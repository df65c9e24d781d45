/**
 * Options of the charts web/src/charts/echarts.ts registers (the full option type; only what it `use`s is
 * bundled). A module of its own so that the pure option builders, and their unit tests, need no DOM.
 */
export type { EChartsOption as ChartOption } from 'echarts';
