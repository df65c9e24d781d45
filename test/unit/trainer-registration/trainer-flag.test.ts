import { describe, expect, it } from 'vitest';
import { trainerFromFlag } from '../../../src/cli/trainer-flag';

describe('worker --trainer name=NAME -- command', () => {
  it('makes one command trainer that takes any parameter, with the metrics given', () => {
    expect(trainerFromFlag('name=lora,metric=eval_accuracy,metric=eval_loss', ['python3', 'train.py', '--fp16'])).toMatchObject({
      name: 'lora',
      command: ['python3', 'train.py', '--fp16'],
      parameters: {},
      acceptsExtraParameters: true,
      metrics: ['eval_accuracy', 'eval_loss'],
    });
  });

  it('refuses what is not a trainer, naming why', () => {
    expect(() => trainerFromFlag('name=lora', [])).toThrow(/command after --/);
    expect(() => trainerFromFlag('name=Lora!', ['x'])).toThrow(/name/);
    expect(() => trainerFromFlag('name=lora,command=rm', ['x'])).toThrow(/unknown setting 'command'/);
    expect(() => trainerFromFlag('name=lora,taskQueue=q', ['x'])).toThrow(/unknown setting 'taskQueue'/);
    expect(() => trainerFromFlag('lora', ['x'])).toThrow(/key=value/);
    expect(() => trainerFromFlag('metric=eval_accuracy', ['x'])).toThrow(/name/);
  });
});
