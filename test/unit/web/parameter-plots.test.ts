import { describe, expect, it } from 'vitest';
import type { SearchParameter } from '../../../src/client/index';
import { gridAxis, interpolateGrid, MASK_RADIUS, NUMERIC_CELLS } from '../../../web/src/charts/contour-grid';
import { edfPoints } from '../../../web/src/charts/edf-points';
import { axisValue, logBaseFor, parameterAxis, varyingInSpace } from '../../../web/src/charts/parameter-axis';

const learningRate: SearchParameter = { name: 'learning_rate', stage: 'train', type: 'float', low: 1e-5, high: 1e-2, log: true };
const accumulation: SearchParameter = { name: 'gradient_accumulation_steps', stage: 'train', type: 'int', low: 1, high: 4, log: false };
const scheduler: SearchParameter = { name: 'lr_scheduler_type', stage: 'train', type: 'categorical', values: ['linear', 'cosine_with_restarts_and_a_long_name', true] };
const temperature: SearchParameter = { name: 'temperature', stage: 'eval', type: 'float', low: 0, high: 1, log: false };

describe('the axis of a parameter', () => {
  it('ticks integer parameters at integers only, over their range in the space', () => {
    expect(parameterAxis(accumulation)).toMatchObject({ type: 'value', min: 1, max: 4, minInterval: 1 });
    expect(parameterAxis(temperature)).not.toHaveProperty('minInterval');
  });

  it('puts log parameters on log axes: powers of ten over a decade or more, of two under one', () => {
    expect(parameterAxis(learningRate)).toMatchObject({ type: 'log', min: 1e-5, max: 1e-2, logBase: 10 });
    expect(logBaseFor(1, 8)).toBe(2);
    expect(logBaseFor(1, 10)).toBe(10);
    const axis = parameterAxis(learningRate);
    expect(axis.type === 'log' && axis.axisLabel.formatter(0.00030000000001)).toBe('0.0003');
  });

  it('gives categorical parameters one category per value, in the spec order, with long labels cut', () => {
    expect(parameterAxis(scheduler)).toEqual({ type: 'category', data: ['linear', 'cosine_with_restarts_and_a_long_name', 'true'], axisLabel: { width: 90, overflow: 'truncate', interval: 0 } });
    expect(axisValue(scheduler, true)).toBe('true');
    expect(axisValue(learningRate, 0.001)).toBe(0.001);
  });

  it('plots only parameters that can take more than one value', () => {
    const single: SearchParameter = { name: 'warmup_steps', stage: 'train', type: 'int', low: 5, high: 5, log: false, values: [5] };
    expect(varyingInSpace([temperature, single, scheduler]).map((p) => p.name)).toEqual(['temperature', 'lr_scheduler_type']);
  });
});

describe('the contour grid', () => {
  it('gives a narrow integer range one cell per integer, centred on it', () => {
    const axis = gridAxis(accumulation);
    expect(axis.edges).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
    expect(axis.unit(2)).toBeCloseTo(axis.centres[1]!, 12);
    expect(axis.unit(7)).toBeUndefined();
  });

  it('spaces a log range evenly in log, and a categorical one a cell per category', () => {
    const log = gridAxis(learningRate);
    expect(log.edges).toHaveLength(NUMERIC_CELLS + 1);
    expect(log.edges[0]).toBeCloseTo(1e-5, 15);
    expect(log.edges[NUMERIC_CELLS / 3]).toBeCloseTo(1e-4, 12);
    expect(log.unit(1e-4)).toBeCloseTo(1 / 3, 12);
    const categories = gridAxis(scheduler);
    expect(categories.edges).toEqual([-0.5, 0.5, 1.5, 2.5]);
    expect(categories.unit(true)).toBeCloseTo(5 / 6, 12);
    expect(categories.unit('constant')).toBeUndefined();
  });

  it('interpolates by inverse distance, takes a trial’s value in its cell, and leaves cells far from every trial blank', () => {
    const x = gridAxis(accumulation);
    const y = gridAxis(scheduler);
    const cells = interpolateGrid(x, y, [
      { u: x.unit(1)!, v: y.unit('linear')!, value: 0.2 },
      { u: x.unit(3)!, v: y.unit('linear')!, value: 0.6 },
    ]);
    const at = (x0: number, y0: number) => cells.find((c) => c.x0 === x0 && c.y0 === y0)?.value;
    expect(at(0.5, -0.5)).toBe(0.2);
    expect(at(2.5, -0.5)).toBe(0.6);
    expect(at(1.5, -0.5)).toBeCloseTo(0.4, 12);
    // the third category lies 2/3 away from both trials, beyond MASK_RADIUS
    expect(2 / 3).toBeGreaterThan(MASK_RADIUS);
    expect(cells.filter((c) => c.y0 === 1.5)).toEqual([]);
    expect(cells.every((c) => c.value >= 0.2 && c.value <= 0.6)).toBe(true);
  });
});

describe('the empirical distribution of the objective', () => {
  it('steps from 0 at the lowest value to 1 at the highest, once per distinct value', () => {
    expect(edfPoints([0.7, 0.5, 0.9, 0.5])).toEqual([
      [0.5, 0],
      [0.5, 0.5],
      [0.7, 0.75],
      [0.9, 1],
    ]);
    expect(edfPoints([])).toEqual([]);
  });
});
