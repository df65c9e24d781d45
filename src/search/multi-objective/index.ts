export { dominates, minimised, nonDominated, nonDominatedSort, type Minimised } from './dominance';
export { hypervolume } from './hypervolume';
export { ParetoFront } from './front';
