import { bayesSearch } from '../../../src/search/bayes';
import { gridSearch } from '../../../src/search/grid';
import { randomSearch } from '../../../src/search/random';
import { tpeSearch } from '../../../src/search/tpe';
import { describeSearchAlgorithm } from './contract';

describeSearchAlgorithm('grid', gridSearch, { space: 'finite', exhaustsFiniteSpaces: true });
describeSearchAlgorithm('random', randomSearch);
describeSearchAlgorithm('tpe', tpeSearch, { exhaustsFiniteSpaces: true });
describeSearchAlgorithm('tpe on a finite space', tpeSearch, { space: 'finite' });
describeSearchAlgorithm('bayes', bayesSearch, { exhaustsFiniteSpaces: true });
describeSearchAlgorithm('bayes on a finite space', bayesSearch, { space: 'finite' });
