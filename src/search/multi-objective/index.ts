export { dominates, minimised, nonDominated, nonDominatedSort, type Minimised } from './dominance';
export { hypervolume } from './hypervolume';
export { augmentedChebyshev, chebyshevAugmentation, normaliseObjectives, parEgoScalarise, simplexWeights } from './scalarise';
export { referencePoint, selectByFronts } from './select';
