import { definePlugin } from '@recsearch/core';
import { TrainingSetup } from '@recsearch/training';
import { defaultOperatorTable, RunOperatorTable, type OperatorTable } from '@recsearch/expr';
import { EvolutionSearch, type BestIndividual, type GenerationStats } from './evolution-search';
import { evomalPrimitiveSet, generateTree, rampedHalfAndHalf, repair, type PrimitiveSet } from './genome/generate';
import { height, hasBothVariables, leafPositions, operatorNames, positions, replaceAt, subtreeAt, type Path } from './genome/tree';
import { chooseVariation, offspring, subtreeCrossover, subtreeMutation, type VariationKind, type VariationSettings } from './genome/variation';
import { localSearch, type LocalSearchResult, type LocalSearchSettings } from './local-search/local-search';
import { metaObjective, syntheticMetaProblem, type Batch, type MetaObjective, type MetaProblem } from './local-search/meta-problem';
import { syntheticMetaTask, type MetaTask } from './local-search/meta-task';
import { MetaGradientError, modelMetaObjective, modelMetaTask, type LabelledBatch, type ModelMetaSettings } from './local-search/model-meta-task';
import { evolutionSchema, EvolutionSettingsError, resolveSettings, type EvolutionOptions, type EvolutionSettings } from './options';
import { elites, tournament } from './selection';

export { EvolutionSearch, EvolutionSettingsError, resolveSettings, evolutionSchema };
export { evomalPrimitiveSet, generateTree, rampedHalfAndHalf, repair, height, hasBothVariables, leafPositions, operatorNames, positions, replaceAt, subtreeAt };
export { chooseVariation, offspring, subtreeCrossover, subtreeMutation, tournament, elites, localSearch, metaObjective, syntheticMetaProblem };
export type { EvolutionOptions, EvolutionSettings, GenerationStats, BestIndividual, PrimitiveSet, Path, VariationKind, VariationSettings };
export { syntheticMetaTask, modelMetaTask, modelMetaObjective, MetaGradientError };
export type { LocalSearchResult, LocalSearchSettings, Batch, MetaObjective, MetaProblem, MetaTask, LabelledBatch, ModelMetaSettings };

export const { manifest, containerModule } = definePlugin<EvolutionOptions, EvolutionSearch>(
  {
    id: 'evolution',
    kind: 'search',
    description: "EvoMAL: genetic programming over loss trees (tournament selection, subtree crossover and mutation, elitism), optionally with a meta-gradient local search of per-node weights on the run's model and data.",
    schema: evolutionSchema as unknown as Record<string, unknown>,
  },
  ({ options, rng, optionalService }) => {
    // The run's table carries the config's composites and plugin operators, so the strategy
    // and the evaluators read candidates the same way.
    const table = optionalService<OperatorTable>(RunOperatorTable) ?? defaultOperatorTable();
    const settings = resolveSettings(options, table);
    // EvoMAL tunes φ on the model and data being searched for; a run without a recommender
    // (e.g. a test-function run) falls back to the synthetic meta-problem.
    const setup = settings.localSearch ? optionalService<TrainingSetup>(TrainingSetup) : undefined;
    const metaTask = setup
      ? modelMetaTask(setup, {
          innerLearningRate: settings.localSearchInnerLearningRate,
          trainRows: settings.localSearchTrainRows,
          validationRows: settings.localSearchValidationRows,
          initialisations: settings.localSearchInitialisations,
        })
      : undefined;
    return new EvolutionSearch(settings, table, rng, metaTask);
  },
);
