import type { Recommender } from '@recsearch/core';
import { HyperparameterBox } from './hyperparameter-box';
import { resolveHyperparameters } from './hyperparameter-options';
import type { PreparedData } from './prepare-data';
import { hyperparameterMetric, validationScorer } from './selection-metric';
import type { TrainingOptions } from './training-options';

/** What DE-Opt and the grid search share before their loops: the options, the box over the model's layer groups, and the validation scorer. */
export function hyperparameterSearchSetup(model: Recommender, data: PreparedData, training: TrainingOptions) {
  const { options, box } = searchedBox(model, training);
  const metric = hyperparameterMetric(data, options.metric);
  return { options, box, metric, scorer: validationScorer(data, metric) };
}

/** The training's hyperparameter options and the box they search over the model's layer groups (a ConfigError when it is invalid). */
export function searchedBox(model: Recommender, training: TrainingOptions) {
  const options = resolveHyperparameters(training.hyperparameters);
  return { options, box: HyperparameterBox.forModel(model.layerGroups, training, options) };
}
