import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';

/** A MockActivityEnvironment with `info` (e.g. the attempt) that keeps the warnings of failing activities quiet. */
export const activityEnvironment = (info: Partial<Info> = {}) => new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

/** `env.run(activity, input)` with the activity's input and result types kept. */
export function runActivity<I, R>(env: MockActivityEnvironment, activity: (input: I) => Promise<R>, input: I): Promise<R> {
  return env.run(activity, input);
}
