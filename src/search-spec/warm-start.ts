import type { Observation } from '../search/types';
import { ranToTheEnd, type CompletedTrialStatus } from '../status';
import { finiteMetrics } from '../search/outcome';
import { constrainedValues, constraintViolations } from './constraints';
import { specBounds } from './bounds';
import { dimensionAdmits, type Dimension } from './dimension';
import type { ResolvedSpec } from './resolve';
import type { Params, ParamValue } from './space';

type SpecForWarmStart = Pick<ResolvedSpec, 'trainer' | 'objective' | 'objectives' | 'dimensions' | 'fixed' | 'constraints'>;

/** Whether the source's values for a parameter can lie in the target's dimension. */
function overlaps(target: Dimension, source: Dimension): boolean {
  if (source.type === 'categorical') return target.type === 'categorical' && source.values.some((value) => dimensionAdmits(target, value));
  if (target.type === 'categorical') return false;
  if (source.values) return source.values.some((value) => dimensionAdmits(target, value));
  if (target.values) return target.values.some((value) => value >= source.low && value <= source.high);
  return source.low <= target.high && target.low <= source.high;
}

/**
 * Why a search cannot warm-start from `source`, or undefined when it can: the same trainer, the same objective
 * metric and goal for a single-objective target (a multi-objective one reads every objective's value from each
 * source trial's final metrics, whatever the source optimised), and every parameter the target searches is searched
 * or fixed in the source with values that can lie in the target's space (numeric for numeric, categorical for
 * categorical, ranges or values overlapping; a fixed value within the target's dimension).
 */
export function warmStartIncompatibility(target: SpecForWarmStart, source: SpecForWarmStart): string | undefined {
  if (source.trainer.name !== target.trainer.name) return `it runs trainer '${source.trainer.name}', not '${target.trainer.name}'`;
  const { metric, goal } = source.objective;
  if (!target.objectives && (metric !== target.objective.metric || goal !== target.objective.goal))
    return `its objective is ${goal} ${metric}, not ${target.objective.goal} ${target.objective.metric}`;
  for (const dim of target.dimensions) {
    const searched = source.dimensions.find((d) => d.name === dim.name);
    if (searched) {
      if (!overlaps(dim, searched)) return `its '${dim.name}' (${searched.type}) has no value in this space`;
    } else if (Object.hasOwn(source.fixed, dim.name)) {
      if (!dimensionAdmits(dim, source.fixed[dim.name])) return `it fixes '${dim.name}' at ${JSON.stringify(source.fixed[dim.name])}, outside this space`;
    } else return `it neither searches nor fixes '${dim.name}'`;
  }
  return undefined;
}

/** A source trial as stored. */
export interface SourceTrial {
  params: Params;
  status: CompletedTrialStatus;
  objective: number | null;
  metrics?: Record<string, number> | null;
}

/**
 * A source trial's outcome for the target: one that ran to the end is judged again from its final metrics under the
 * target's objectives and constraints (a source's infeasible trial may be feasible here, its succeeded one
 * infeasible; an infeasible one keeps its objective's value, see Observation). One that did not report every
 * objective or constrained metric keeps the source's verdict for a single objective, and is left out (undefined)
 * for several. A trial that did not run to the end keeps its status.
 */
function judgedOutcome(target: SpecForWarmStart, trial: SourceTrial): Pick<Observation, 'status' | 'objective' | 'objectives' | 'constraintValues'> | undefined {
  const { objectives, constraints = [] } = target;
  const vector = objectives ? { objectives: null } : {};
  const asStored = { status: trial.status, objective: trial.status === 'succeeded' ? trial.objective : null, ...vector };
  if (!ranToTheEnd(trial.status)) return asStored;
  const values = finiteMetrics(trial.metrics, (objectives ?? [target.objective]).map((o) => o.metric));
  const constrained = constrainedValues(constraints, trial.metrics);
  if (!values || !constrained) return objectives ? undefined : asStored;
  const status = constraintViolations(constraints, constrained).length > 0 ? 'infeasible' : 'succeeded';
  return {
    status,
    objective: values[0]!,
    ...(objectives ? { objectives: status === 'succeeded' ? values : null } : {}),
    ...(constraints.length > 0 ? { constraintValues: constrained } : {}),
  };
}

/**
 * A source trial as the target's model sees it, or undefined when it does not fit the target: every searched
 * parameter's value must lie in the target's space, and every parameter the target fixes must have the same value
 * (or be absent: the source ran with the trainer's default), and a trial that ran to the end must report every
 * objective of a multi-objective target (see judgedOutcome). Only the target's searched parameters are kept.
 */
export function admittedObservation(target: SpecForWarmStart, trial: SourceTrial): Observation | undefined {
  const params: Record<string, ParamValue> = {};
  for (const dim of target.dimensions) {
    const value = trial.params[dim.name];
    if (!dimensionAdmits(dim, value)) return undefined;
    params[dim.name] = value!;
  }
  for (const [name, value] of Object.entries(target.fixed))
    if (Object.hasOwn(trial.params, name) && trial.params[name] !== value) return undefined;
  const outcome = judgedOutcome(target, trial);
  return outcome && { params, ...outcome };
}

/**
 * At most specBounds.warmStartObservations observations: all of them when they fit, else the best succeeded one
 * and an evenly spaced selection of the others in the order given (sources in order, each in ordinal order), so
 * both a source's exploration and its refinement are kept.
 */
export function boundedObservations(observations: readonly Observation[], goal: ResolvedSpec['objective']['goal']): Observation[] {
  const limit = specBounds.warmStartObservations;
  if (observations.length <= limit) return [...observations];
  const sign = goal === 'maximize' ? -1 : 1;
  let best = -1;
  observations.forEach((o, i) => {
    if (o.status === 'succeeded' && o.objective !== null && Number.isFinite(o.objective) && (best < 0 || sign * (o.objective - observations[best]!.objective!) < 0)) best = i;
  });
  const others = observations.filter((_, i) => i !== best);
  const picked = Array.from({ length: limit - (best < 0 ? 0 : 1) }, (_, i) => others[Math.floor((i * others.length) / (limit - (best < 0 ? 0 : 1)))]!);
  return best < 0 ? picked : [observations[best]!, ...picked];
}
