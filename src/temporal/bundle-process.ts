import { bundleWorkflows } from './workers';

// Run by bundleWorkflowsInChild: webpack's peak memory goes away with this process.
if (!process.send) throw new Error('usage: a forked child of bundleWorkflowsInChild');
const { code } = await bundleWorkflows();
process.send({ code }, () => process.exit(0));
