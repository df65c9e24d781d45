import { ApiProblem, submitSpec, specFormatOf, type SpecFormat } from '../../../src/client/index';
import { api } from '../api';
import { h } from '../dom';
import { offsetOfLineColumn } from '../text-position';
import { problemView } from './widgets';

const EXAMPLE_SPEC = `# A random search over the six knobs with the built-in synthetic trainer.
name: synthetic random search
objective: { metric: eval_accuracy, goal: maximize }
algorithm: random
seed: 7
budget: { maxTrials: 20, parallelism: 4 }
trainer: { name: synthetic }
space:
  learning_rate:               { type: float, low: 1.0e-5, high: 1.0e-2, log: true }
  gradient_accumulation_steps: { type: int, values: [1, 2, 4, 8] }
  num_train_epochs:            { type: int, low: 1, high: 5 }
  lr_scheduler_type:           { type: categorical, values: [linear, cosine, constant] }
  temperature:                 { type: float, low: 0, high: 1 }
  top_p:                       { type: float, low: 0.8, high: 1.0 }
fixed: { steps: 20, duration_ms: 300 }
`;

/** Puts the text cursor where the first error with a line and column is, scrolled into view. */
function showErrorPlace(text: HTMLTextAreaElement, error: unknown): void {
  const place = error instanceof ApiProblem ? error.problem.errors?.find((e) => e.line !== undefined) : undefined;
  if (place?.line === undefined) return;
  const offset = offsetOfLineColumn(text.value, place.line, place.column ?? 1);
  text.focus();
  text.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
  text.scrollTop = Math.max(0, (place.line - 3) * lineHeight);
}

/** A YAML or JSON spec posted as written: the API's field errors are shown under it, and the cursor goes to a syntax error. */
export function specEditorView(root: HTMLElement): () => void {
  const text = h('textarea', { id: 'spec-text', spellcheck: 'false', rows: 22, 'aria-label': 'search spec' });
  text.value = EXAMPLE_SPEC;
  const format = h('select', { id: 'spec-format', 'aria-label': 'format' }, h('option', { value: 'auto' }, 'detect format'), h('option', { value: 'yaml' }, 'YAML'), h('option', { value: 'json' }, 'JSON'));
  const submit = h('button', { id: 'spec-submit', class: 'button primary' }, 'Start search');
  const result = h('div', { id: 'spec-result' });
  root.append(
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'New search'),
      h('p', { class: 'hint' }, 'A search spec in YAML or JSON, as POST /v1/searches takes it (see the README or ', h('a', { href: '/docs' }, 'the API docs'), ').'),
      text,
      h('div', { class: 'toolbar' }, format, submit),
      result,
    ),
  );
  const submitEditedSpec = async (): Promise<void> => {
    submit.disabled = true;
    result.replaceChildren();
    try {
      const chosen = format.value === 'auto' ? specFormatOf(text.value) : (format.value as SpecFormat);
      const search = await submitSpec(api, text.value, chosen);
      location.hash = `#/searches/${search.id}`;
    } catch (error) {
      result.replaceChildren(problemView(error));
      showErrorPlace(text, error);
    } finally {
      submit.disabled = false;
    }
  };
  submit.addEventListener('click', () => void submitEditedSpec());
  return () => undefined;
}
