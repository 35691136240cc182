import { ConfigError, type Recommender } from '@recsearch/core';
import { metricsOf } from './evaluate-model';
import type { PreparedData } from './prepare-data';

/** The validation metric a hyperparameter method selects by: the configured one, else NDCG@10 for ranking and AUC for classification. */
export function hyperparameterMetric(data: PreparedData, configured?: string): string {
  return configured ?? (data.task === 'classification' ? 'auc' : 'ndcg@10');
}

/** Scores a model on validation by `metric`; a metric the task does not report is a config error. */
export function validationScorer(data: PreparedData, metric: string): (model: Recommender) => number {
  return (model) => {
    const metrics = metricsOf(model, data, 'validation');
    if (!(metric in metrics)) {
      throw new ConfigError([{ jsonPath: '/training/hyperparameters/metric', message: `the ${data.task} task reports no validation metric "${metric}"`, expected: Object.keys(metrics).join(', '), found: metric }]);
    }
    return metrics[metric];
  };
}
