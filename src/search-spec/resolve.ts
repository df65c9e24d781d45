import { enqueuedGridIndices, gridAxes, gridSize, gridTrialCount } from '../search/grid';
import type { Observation } from '../search/types';
import type { TrainerDescriptor } from '../trainers/types';
import { specBounds, type KnobBounds } from './bounds';
import { describeDimension, dimensionAdmits, toDimension, type Dimension } from './dimension';
import type { Confirm, Constraint, Objective, Scalarization, SearchSpec, SpecPruner } from './search-spec';
import type { ParamValue, Params, Stage } from './space';
import { seedBounds, seedParameter } from './trial-seed';

/** A spec after it has been checked against the trainer: what the workflow and algorithms run on. */
export interface ResolvedSpec {
  name: string;
  /** The objective, or a multi-objective search's first one: what trials' objective column, sorting and the summary's best follow. */
  objective: Objective;
  /** A multi-objective search's objectives, the first being objective (absent for a single objective). */
  objectives?: Objective[];
  scalarization?: Scalarization;
  /** Outcome constraints: a trial breaking one ends infeasible. */
  constraints?: Constraint[];
  /** Evaluations of each trial (absent: one). */
  evaluationRepeats?: number;
  /** Re-evaluation of the best trials once the sweep ends. */
  confirm?: Confirm;
  algorithm: SearchSpec['algorithm'];
  seed: number;
  budget: { maxTrials: number; parallelism: number; maxFailedTrials: number };
  trainer: { name: string };
  /** Ordered by name: jsonb does not keep key order, and grid order must not depend on it. */
  dimensions: Dimension[];
  fixed: Record<string, ParamValue>;
  /** Stage of every parameter, searched or fixed. */
  stages: Record<string, Stage>;
  /**
   * Trials a grid search can run: its points, plus the enqueued configurations off the grid (grid searches and
   * searches of an empty space only; saturates at Number.MAX_SAFE_INTEGER).
   */
  gridSize: number | null;
  pruner?: SpecPruner;
  /** Configurations run first, at ordinals 0..n-1 (absent in searches stored before enqueue existed, and when none). */
  enqueue?: Params[];
  /** Searches whose finished trials seed the model (bayes, tpe). */
  warmStartFrom?: string[];
  /** What the warm start loaded, written once when the sweep first starts (see activities/warm-start.ts). */
  warmStartObservations?: Observation[];
}

export interface SpecIssue {
  path: (string | number)[];
  message: string;
}

export type ResolveResult = { ok: true; spec: ResolvedSpec } | { ok: false; issues: SpecIssue[] };

export function resolveSpec(spec: SearchSpec, trainers: ReadonlyMap<string, TrainerDescriptor>): ResolveResult {
  const issues: SpecIssue[] = [];
  const trainer = trainers.get(spec.trainer.name);
  if (!trainer) {
    const offered = [...trainers.keys()].sort().join(', ');
    return { ok: false, issues: [{ path: ['trainer', 'name'], message: `unknown trainer '${spec.trainer.name}': no live worker offers it; offered now: ${offered}` }] };
  }
  const stageOf = (path: (string | number)[], name: string, requested?: Stage): Stage | undefined => {
    const declared = Object.hasOwn(trainer.parameters, name) ? trainer.parameters[name] : undefined;
    if (!declared && !trainer.acceptsExtraParameters && name !== seedParameter) {
      issues.push({ path, message: `trainer '${trainer.name}' does not accept parameter '${name}'; it accepts: ${[...Object.keys(trainer.parameters), seedParameter].join(', ')}` });
      return undefined;
    }
    const stage = declared?.stage ?? requested ?? 'train';
    if (requested && requested !== stage)
      issues.push({ path: [...path, 'stage'], message: `trainer '${trainer.name}' evaluates '${name}' at the ${stage} stage, not ${requested}` });
    return stage;
  };

  const stages: Record<string, Stage> = {};
  const dimensions: Dimension[] = [];
  for (const name of Object.keys(spec.space).sort()) {
    const param = spec.space[name]!;
    const stage = stageOf(['space', name], name, param.stage);
    if (stage) {
      stages[name] = stage;
      dimensions.push(toDimension(name, param, stage));
    }
    if (Object.hasOwn(spec.fixed, name)) issues.push({ path: ['fixed', name], message: `'${name}' is both searched (space) and fixed` });
  }
  for (const name of Object.keys(spec.fixed)) {
    const stage = stageOf(['fixed', name], name);
    if (stage) stages[name] = stage;
  }
  const enqueue = spec.enqueue ?? [];
  enqueue.forEach((configuration, i) => {
    for (const dim of dimensions) {
      if (!Object.hasOwn(configuration, dim.name)) issues.push({ path: ['enqueue', i, dim.name], message: `missing: an enqueued configuration gives every searched parameter` });
      else if (!dimensionAdmits(dim, configuration[dim.name])) issues.push({ path: ['enqueue', i, dim.name], message: `${JSON.stringify(configuration[dim.name])} is not in the space: '${dim.name}' takes ${describeDimension(dim)}` });
    }
    for (const [name, value] of Object.entries(configuration)) {
      if (dimensions.some((dim) => dim.name === name)) continue;
      if (Object.hasOwn(spec.fixed, name)) {
        if (value !== spec.fixed[name]) issues.push({ path: ['enqueue', i, name], message: `'${name}' is fixed at ${JSON.stringify(spec.fixed[name])}, got ${JSON.stringify(value)}` });
        continue;
      }
      const stage = stageOf(['enqueue', i, name], name);
      if (stage) stages[name] = stage;
    }
  });
  const objectives = spec.objectives ?? (spec.objective ? [spec.objective] : []);
  const checkReported = (path: (string | number)[], metric: string) => {
    if (trainer.metrics.length > 0 && !trainer.metrics.includes(metric)) issues.push({ path, message: `trainer '${trainer.name}' reports ${trainer.metrics.join(', ')}, not '${metric}'` });
  };
  objectives.forEach(({ metric }, i) => checkReported(spec.objectives ? ['objectives', i, 'metric'] : ['objective', 'metric'], metric));
  spec.constraints?.forEach(({ metric }, i) => checkReported(['constraints', i, 'metric'], metric));

  checkKnobBounds(trainer, dimensions, spec.fixed, enqueue, issues);
  checkWarmStart(spec, dimensions, issues);
  const enumerated = spec.algorithm === 'grid' || dimensions.length === 0;
  const finiteSize = enumerated ? resolveGridSize(dimensions, enqueue, issues) : null;
  const maxTrials = issues.length > 0 ? undefined : resolveMaxTrials(spec, enumerated, finiteSize, issues);
  if (maxTrials !== undefined && enqueue.length > maxTrials)
    issues.push({ path: ['enqueue'], message: `enqueue has ${enqueue.length} configurations, more than budget.maxTrials (${maxTrials})` });
  if (issues.length > 0 || maxTrials === undefined || objectives.length === 0) return { ok: false, issues };

  const maxFailedTrials = spec.budget.maxFailedTrials ?? maxTrials;
  return {
    ok: true,
    spec: {
      name: spec.name ?? `${spec.algorithm}-${trainer.name}`,
      objective: objectives[0]!,
      ...(spec.objectives ? { objectives: spec.objectives } : {}),
      ...(spec.scalarization ? { scalarization: spec.scalarization } : {}),
      ...(spec.constraints ? { constraints: spec.constraints } : {}),
      ...(spec.evaluation && spec.evaluation.repeats > 1 ? { evaluationRepeats: spec.evaluation.repeats } : {}),
      ...(spec.confirm ? { confirm: spec.confirm } : {}),
      algorithm: spec.algorithm,
      seed: spec.seed,
      budget: { maxTrials, parallelism: spec.budget.parallelism, maxFailedTrials },
      trainer: { name: trainer.name },
      dimensions,
      fixed: spec.fixed,
      stages,
      gridSize: finiteSize ?? null,
      ...(spec.pruner ? { pruner: spec.pruner } : {}),
      ...(enqueue.length > 0 ? { enqueue } : {}),
      ...(spec.warmStartFrom?.length ? { warmStartFrom: spec.warmStartFrom } : {}),
    },
  };
}

/** Only a model learns from other searches' trials: warm-starting grid or random search, or an empty space, would do nothing. */
function checkWarmStart(spec: SearchSpec, dimensions: readonly Dimension[], issues: SpecIssue[]): void {
  if (!spec.warmStartFrom?.length) return;
  if (spec.algorithm !== 'bayes' && spec.algorithm !== 'tpe')
    issues.push({ path: ['warmStartFrom'], message: `${spec.algorithm} search learns nothing from earlier trials; warmStartFrom needs algorithm bayes or tpe` });
  else if (dimensions.length === 0) issues.push({ path: ['warmStartFrom'], message: 'an empty space has nothing to model; warmStartFrom needs searched parameters' });
}

/**
 * Trials the grid runs: its size, computed from each axis' count, plus the enqueued configurations off it;
 * undefined (with the issue) when some axis cannot be a grid.
 */
function resolveGridSize(dimensions: readonly Dimension[], enqueue: readonly Params[], issues: SpecIssue[]): number | undefined {
  for (const dim of dimensions) {
    if (dim.type === 'int' && !dim.values && dim.steps === undefined && !dim.log && dim.high - dim.low + 1 > specBounds.gridIntRange)
      issues.push({ path: ['space', dim.name], message: `grid search enumerates the ${dim.high - dim.low + 1} integers of '${dim.name}', more than ${specBounds.gridIntRange}: give values or steps` });
  }
  if (issues.length > 0) return undefined;
  const grid = gridAxes(dimensions);
  if ('continuous' in grid) {
    issues.push({ path: ['space', grid.continuous], message: `grid search needs a finite set for '${grid.continuous}': give values, or low/high with steps` });
    return undefined;
  }
  return gridTrialCount(gridSize(grid.axes), enqueue.length, enqueuedGridIndices(dimensions, grid.axes, enqueue).length);
}

function resolveMaxTrials(spec: SearchSpec, enumerated: boolean, size: number | null | undefined, issues: SpecIssue[]): number | undefined {
  const { maxTrials, truncateGrid } = spec.budget;
  if (!enumerated) {
    if (maxTrials === undefined) issues.push({ path: ['budget', 'maxTrials'], message: `${spec.algorithm} search needs budget.maxTrials` });
    return maxTrials;
  }
  if (size === undefined || size === null) return undefined;
  if (size > specBounds.maxTrials && (maxTrials === undefined || !truncateGrid)) {
    issues.push({ path: ['space'], message: `the grid has ${size} points, more than the ${specBounds.maxTrials} a search may run; narrow it or set budget.maxTrials with budget.truncateGrid` });
    return undefined;
  }
  if (maxTrials === undefined) return size;
  if (maxTrials > size) {
    issues.push({ path: ['budget', 'maxTrials'], message: `maxTrials (${maxTrials}) exceeds the ${size} points of the grid` });
    return undefined;
  }
  if (maxTrials < size && !truncateGrid) {
    issues.push({ path: ['budget', 'maxTrials'], message: `the grid has ${size} points but maxTrials is ${maxTrials}; set budget.truncateGrid: true to run only the first ${maxTrials}` });
    return undefined;
  }
  return maxTrials;
}

/** Every number a trainer's bounded knob (or the seed) could take, from fixed, the space or an enqueued configuration, must lie within its bounds. */
function checkKnobBounds(trainer: TrainerDescriptor, dimensions: readonly Dimension[], fixed: Record<string, ParamValue>, enqueue: readonly Params[], issues: SpecIssue[]): void {
  const boundsOf = (name: string): KnobBounds | undefined => trainer.parameters[name]?.bounds ?? (name === seedParameter ? seedBounds : undefined);
  const check = (path: (string | number)[], name: string, value: ParamValue) => {
    const bounds = boundsOf(name);
    if (!bounds) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < bounds.min || value > bounds.max || (bounds.integer && !Number.isInteger(value)))
      issues.push({ path, message: `trainer '${trainer.name}' takes ${bounds.integer ? 'an integer' : 'a number'} from ${bounds.min} to ${bounds.max} for '${name}', got ${JSON.stringify(value)}` });
  };
  for (const [name, value] of Object.entries(fixed)) check(['fixed', name], name, value);
  enqueue.forEach((configuration, i) => {
    for (const [name, value] of Object.entries(configuration))
      if (!dimensions.some((dim) => dim.name === name) && !Object.hasOwn(fixed, name)) check(['enqueue', i, name], name, value);
  });
  for (const dim of dimensions) {
    if (dim.type === 'categorical' || dim.values) for (const value of dim.values!) check(['space', dim.name, 'values'], dim.name, value);
    else if (dim.type === 'float' && boundsOf(dim.name)?.integer)
      issues.push({ path: ['space', dim.name, 'type'], message: `trainer '${trainer.name}' takes an integer for '${dim.name}': use type int` });
    else {
      check(['space', dim.name, 'low'], dim.name, dim.low);
      check(['space', dim.name, 'high'], dim.name, dim.high);
    }
  }
}
