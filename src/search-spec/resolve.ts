import { gridAxes, gridSize } from '../search/grid';
import type { TrainerDescriptor } from '../trainers/types';
import { toDimension, type Dimension } from './dimension';
import type { SearchSpec, SpecPruner } from './search-spec';
import type { ParamValue, Stage } from './space';

/** A spec after it has been checked against the trainer: what the workflow and algorithms run on. */
export interface ResolvedSpec {
  name: string;
  objective: SearchSpec['objective'];
  algorithm: SearchSpec['algorithm'];
  seed: number;
  budget: { maxTrials: number; parallelism: number; maxFailedTrials: number };
  trainer: { name: string };
  /** Ordered by name: jsonb does not keep key order, and grid order must not depend on it. */
  dimensions: Dimension[];
  fixed: Record<string, ParamValue>;
  /** Stage of every parameter, searched or fixed. */
  stages: Record<string, Stage>;
  /** Number of distinct grid points, when the space is finite. */
  gridSize: number | null;
  pruner?: SpecPruner;
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
    const known = [...trainers.keys()].join(', ');
    return { ok: false, issues: [{ path: ['trainer', 'name'], message: `unknown trainer '${spec.trainer.name}'; this server has: ${known}` }] };
  }
  const stageOf = (section: 'space' | 'fixed', name: string, requested?: Stage): Stage | undefined => {
    const declared = trainer.parameters[name];
    if (!declared && !trainer.acceptsExtraParameters) {
      issues.push({ path: [section, name], message: `trainer '${trainer.name}' does not accept parameter '${name}'; it accepts: ${Object.keys(trainer.parameters).join(', ')}` });
      return undefined;
    }
    const stage = declared?.stage ?? requested ?? 'train';
    if (requested && requested !== stage)
      issues.push({ path: [section, name, 'stage'], message: `trainer '${trainer.name}' evaluates '${name}' at the ${stage} stage, not ${requested}` });
    return stage;
  };

  const stages: Record<string, Stage> = {};
  const dimensions: Dimension[] = [];
  for (const name of Object.keys(spec.space).sort()) {
    const param = spec.space[name]!;
    const stage = stageOf('space', name, param.stage);
    if (stage) {
      stages[name] = stage;
      dimensions.push(toDimension(name, param, stage));
    }
    if (name in spec.fixed) issues.push({ path: ['fixed', name], message: `'${name}' is both searched (space) and fixed` });
  }
  for (const name of Object.keys(spec.fixed)) {
    const stage = stageOf('fixed', name);
    if (stage) stages[name] = stage;
  }
  if (trainer.metrics.length > 0 && !trainer.metrics.includes(spec.objective.metric))
    issues.push({ path: ['objective', 'metric'], message: `trainer '${trainer.name}' reports ${trainer.metrics.join(', ')}, not '${spec.objective.metric}'` });

  const grid = gridAxes(dimensions);
  const finiteSize = 'axes' in grid ? gridSize(grid.axes) : null;
  const maxTrials = resolveMaxTrials(spec, finiteSize, 'continuous' in grid ? grid.continuous : undefined, issues);
  if (issues.length > 0 || maxTrials === undefined) return { ok: false, issues };

  const maxFailedTrials = spec.budget.maxFailedTrials ?? maxTrials;
  return {
    ok: true,
    spec: {
      name: spec.name ?? `${spec.algorithm}-${trainer.name}`,
      objective: spec.objective,
      algorithm: spec.algorithm,
      seed: spec.seed,
      budget: { maxTrials, parallelism: spec.budget.parallelism, maxFailedTrials },
      trainer: { name: trainer.name },
      dimensions,
      fixed: spec.fixed,
      stages,
      gridSize: finiteSize,
      ...(spec.pruner ? { pruner: spec.pruner } : {}),
    },
  };
}

function resolveMaxTrials(spec: SearchSpec, size: number | null, continuous: string | undefined, issues: SpecIssue[]): number | undefined {
  const { maxTrials, truncateGrid } = spec.budget;
  if (spec.algorithm !== 'grid') {
    if (maxTrials === undefined) issues.push({ path: ['budget', 'maxTrials'], message: `${spec.algorithm} search needs budget.maxTrials` });
    return maxTrials;
  }
  if (continuous !== undefined) {
    issues.push({ path: ['space', continuous], message: `grid search needs a finite set for '${continuous}': give values, or low/high with steps` });
    return undefined;
  }
  if (size! > 100_000 && (maxTrials === undefined || !truncateGrid)) {
    issues.push({ path: ['space'], message: `the grid has ${size} points, more than the 100000 a search may run; narrow it or set budget.maxTrials with budget.truncateGrid` });
    return undefined;
  }
  if (maxTrials === undefined) return size!;
  if (maxTrials > size!) {
    issues.push({ path: ['budget', 'maxTrials'], message: `maxTrials (${maxTrials}) exceeds the ${size} points of the grid` });
    return undefined;
  }
  if (maxTrials < size! && !truncateGrid) {
    issues.push({ path: ['budget', 'maxTrials'], message: `the grid has ${size} points but maxTrials is ${maxTrials}; set budget.truncateGrid: true to run only the first ${maxTrials}` });
    return undefined;
  }
  return maxTrials;
}
