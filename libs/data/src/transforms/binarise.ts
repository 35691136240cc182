import type { Dataset, Interactions } from '@recsearch/core';

function withRatings(interactions: Interactions, ratings: Float32Array): Interactions {
  return { ...interactions, ratings };
}

/** Rating ≥ threshold ⇒ 1, else 0 (default 4, i.e. "4 or 5 stars" on 5-star data). */
export function binariseInteractions(interactions: Interactions, threshold = 4): Interactions {
  const ratings = new Float32Array(interactions.ratings.length);
  for (let row = 0; row < ratings.length; row++) ratings[row] = interactions.ratings[row] >= threshold ? 1 : 0;
  return withRatings(interactions, ratings);
}

export function binarise<D extends Dataset>(dataset: D, threshold = 4): D {
  return {
    ...dataset,
    interactions: binariseInteractions(dataset.interactions, threshold),
    feedback: 'binary',
    notes: [...(dataset.notes ?? []), `binarised: rating >= ${threshold} => 1, else 0`],
  };
}

/** Every interaction becomes a positive (rating 1), whatever its rating. */
export function toImplicit<D extends Dataset>(dataset: D): D {
  return {
    ...dataset,
    interactions: withRatings(dataset.interactions, new Float32Array(dataset.interactions.ratings.length).fill(1)),
    feedback: 'implicit',
    notes: [...(dataset.notes ?? []), 'implicit: every interaction is a positive'],
  };
}

/** Positive rows of explicit, binary or implicit data (explicit: rating ≥ threshold). */
export function isPositive(dataset: Pick<Dataset, 'feedback'>, threshold = 4): (rating: number) => boolean {
  switch (dataset.feedback) {
    case 'implicit':
      return () => true;
    case 'binary':
      return (rating) => rating >= 0.5;
    default:
      return (rating) => rating >= threshold;
  }
}
