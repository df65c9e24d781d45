import type { Goal } from './history';

const worstToBest = ['#c2416b', '#f2c94c', '#2e9e6a'];

/** A visual map's colours from the lowest objective to the highest: worst to best for the goal. */
export const objectiveColours = (goal: Goal): string[] => (goal === 'maximize' ? worstToBest : [...worstToBest].reverse());
