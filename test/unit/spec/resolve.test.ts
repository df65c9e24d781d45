import { describe, expect, it } from 'vitest';
import { resolveSpec } from '../../../src/search-spec/resolve';
import { searchSpecSchema } from '../../../src/search-spec/search-spec';
import { createTrainerRegistry, loadTrainersFile } from '../../../src/trainers/registry';
import { invalidSpecCases, sixKnobGridSpec } from '../../fixtures/specs';

const trainers = createTrainerRegistry();

function validate(input: unknown) {
  const parsed = searchSpecSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false as const,
      issues: parsed.error.issues.map((i) => ({ path: [...i.path.map(String), ...(i.code === 'unrecognized_keys' ? i.keys.slice(0, 1) : [])], message: i.message })),
    };
  return resolveSpec(parsed.data, trainers);
}

describe('search spec validation', () => {
  it('resolves a valid six-knob grid: stages from the trainer, dimensions by name, budget from the grid', () => {
    const result = validate(sixKnobGridSpec());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.dimensions.map((d) => d.name)).toEqual(['gradient_accumulation_steps', 'learning_rate', 'lr_scheduler_type', 'num_train_epochs', 'temperature', 'top_p']);
    expect(result.spec.stages).toMatchObject({ learning_rate: 'train', temperature: 'eval', top_p: 'eval', weight_decay: 'train' });
    expect(result.spec.gridSize).toBe(4 * 4 * 3 * 3 * 2 * 2);
    expect(result.spec.budget).toEqual({ maxTrials: 576, parallelism: 2, maxFailedTrials: 576 });
  });

  it('lets a grid run partly when the spec says so', () => {
    const spec = sixKnobGridSpec() as any;
    spec.budget = { maxTrials: 10, truncateGrid: true };
    const result = validate(spec);
    expect(result.ok && result.spec.budget.maxTrials).toBe(10);
  });

  it('resolves random, tpe and bayes over an int range of 1e12 values within 100 ms, without listing it', () => {
    for (const algorithm of ['random', 'tpe', 'bayes']) {
      const started = performance.now();
      const result = validate({ ...sixKnobGridSpec(), algorithm, budget: { maxTrials: 1 }, space: { warmup_steps: { type: 'int', low: 0, high: 1e12 } } });
      expect(performance.now() - started).toBeLessThan(100);
      expect(result.ok && result.spec.gridSize).toBeNull();
    }
  });

  it('holds a command trainer to the bounds its operator declares (examples/trainers.yaml)', async () => {
    const registry = createTrainerRegistry(await loadTrainersFile('examples/trainers.yaml'));
    const spec = (numTrainEpochs: number) =>
      searchSpecSchema.parse({
        objective: { metric: 'eval_accuracy', goal: 'maximize' },
        algorithm: 'random',
        budget: { maxTrials: 2 },
        trainer: { name: 'example' },
        space: { learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true } },
        fixed: { num_train_epochs: numTrainEpochs },
      });
    expect(resolveSpec(spec(3), registry).ok).toBe(true);
    const rejected = resolveSpec(spec(1000), registry);
    expect(rejected.ok || rejected.issues).toEqual([{ path: ['fixed', 'num_train_epochs'], message: expect.stringMatching(/an integer from 1 to 100 for 'num_train_epochs', got 1000/) }]);
  });

  it.each(invalidSpecCases)('rejects $name, naming $field', ({ mutate, field, message }) => {
    const spec = sixKnobGridSpec();
    mutate(spec);
    const result = validate(spec);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.issues.map((i) => i.path.join('.'));
    expect(fields).toContain(field);
    expect(result.issues[fields.indexOf(field)]!.message).toMatch(message);
  });
});
