import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveSpec } from '../../../src/search-spec/resolve';
import { searchSpecSchema } from '../../../src/search-spec/search-spec';
import { inPostedOrder, postedParameterOrder } from '../../../src/searches/parameter-order';
import { createTrainerRegistry } from '../../../src/trainers/registry';

const postedYaml = `
name: order
objective: { metric: eval_accuracy, goal: maximize }
algorithm: random
budget: { maxTrials: 4 }
trainer: { name: synthetic }
space:
  top_p:                       { type: float, low: 0.8, high: 1.0 }
  learning_rate:               { type: float, low: 1.0e-5, high: 1.0e-2, log: true }
  num_train_epochs:            { type: int, low: 1, high: 4 }
  gradient_accumulation_steps: { type: int, values: [1, 2, 4] }
fixed: { steps: 3, duration_ms: 5 }
`;
const posted = ['top_p', 'learning_rate', 'num_train_epochs', 'gradient_accumulation_steps', 'steps', 'duration_ms'];

function resolved(input: unknown) {
  const spec = searchSpecSchema.parse(input);
  const result = resolveSpec(spec, createTrainerRegistry());
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { spec, resolved: result.spec };
}

describe('the parameters of a search in the order the spec lists them', () => {
  it('keeps the posted order of a YAML spec, space before fixed, though the resolved dimensions are by name', () => {
    const { spec, resolved: resolvedSpec } = resolved(parse(postedYaml));
    expect(postedParameterOrder(spec)).toEqual(posted);
    expect(resolvedSpec.dimensions.map((d) => d.name)).toEqual(['gradient_accumulation_steps', 'learning_rate', 'num_train_epochs', 'top_p']);
    const order = postedParameterOrder(spec);
    expect(inPostedOrder(resolvedSpec.dimensions, (d) => d.name, order).map((d) => d.name)).toEqual(posted.slice(0, 4));
    expect(inPostedOrder(Object.entries(resolvedSpec.fixed), ([name]) => name, order).map(([name]) => name)).toEqual(['steps', 'duration_ms']);
  });

  it('keeps the posted order of a JSON spec', () => {
    const { spec } = resolved(JSON.parse(JSON.stringify(parse(postedYaml))));
    expect(postedParameterOrder(spec)).toEqual(posted);
  });

  it('orders by name what the order lacks: every parameter of a search stored before it was kept', () => {
    const names = ['top_p', 'learning_rate', 'gradient_accumulation_steps'];
    expect(inPostedOrder(names, (name) => name, null)).toEqual(['gradient_accumulation_steps', 'learning_rate', 'top_p']);
    expect(inPostedOrder(names, (name) => name, ['top_p'])).toEqual(['top_p', 'gradient_accumulation_steps', 'learning_rate']);
  });
});
