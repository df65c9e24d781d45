export { dominates, minimised, nonDominated, nonDominatedSort, type Minimised } from './dominance';
export { ParetoFront } from './front';
export { hypervolume } from './hypervolume';
export { augmentedChebyshev, chebyshevAugmentation, normaliseObjectives, parEgoScalarise, simplexWeights } from './scalarise';
export { referencePoint, selectByFronts } from './select';
