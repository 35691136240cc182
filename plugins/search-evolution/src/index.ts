import { definePlugin } from '@recsearch/core';
import { defaultOperatorTable, RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { EvolutionSearch, type BestIndividual, type GenerationStats } from './evolution-search';
import { evomalPrimitiveSet, generateTree, rampedHalfAndHalf, repair, type PrimitiveSet } from './genome/generate';
import { height, hasBothVariables, leafPositions, operatorNames, positions, replaceAt, subtreeAt, type Path } from './genome/tree';
import { chooseVariation, offspring, subtreeCrossover, subtreeMutation, type VariationKind, type VariationSettings } from './genome/variation';
import { localSearch, type LocalSearchResult, type LocalSearchSettings } from './local-search/local-search';
import { metaObjective, syntheticMetaProblem, type Batch, type MetaObjective, type MetaProblem } from './local-search/meta-problem';
import { evolutionSchema, EvolutionSettingsError, resolveSettings, type EvolutionOptions, type EvolutionSettings } from './options';
import { elites, tournament } from './selection';

export { EvolutionSearch, EvolutionSettingsError, resolveSettings, evolutionSchema };
export { evomalPrimitiveSet, generateTree, rampedHalfAndHalf, repair, height, hasBothVariables, leafPositions, operatorNames, positions, replaceAt, subtreeAt };
export { chooseVariation, offspring, subtreeCrossover, subtreeMutation, tournament, elites, localSearch, metaObjective, syntheticMetaProblem };
export type { EvolutionOptions, EvolutionSettings, GenerationStats, BestIndividual, PrimitiveSet, Path, VariationKind, VariationSettings };
export type { LocalSearchResult, LocalSearchSettings, Batch, MetaObjective, MetaProblem };

export const { manifest, containerModule } = definePlugin<EvolutionOptions, EvolutionSearch>(
  {
    id: 'evolution',
    kind: 'search',
    description: "EvoMAL: genetic programming over loss trees (tournament selection, subtree crossover and mutation, elitism), optionally with a meta-gradient local search of per-node weights.",
    schema: evolutionSchema as unknown as Record<string, unknown>,
  },
  ({ options, rng, optionalService }) => {
    // The run's table carries the config's composites and plugin operators, so the strategy
    // and the evaluators read candidates the same way.
    const table = optionalService<OperatorTable>(RunOperatorTable) ?? defaultOperatorTable();
    return new EvolutionSearch(resolveSettings(options, table), table, rng);
  },
);
