import { defineEvent } from '@recsearch/core';

/** What one controller update did: its Adam step, the batch's mean reward, the baseline after it, the gradient norm. */
export interface ControllerUpdate {
  step: number;
  meanReward: number;
  baseline: number | null;
  gradientNorm: number;
}

declare module '@recsearch/core' {
  interface EventPayloads {
    'controller.updated': ControllerUpdate;
  }
}

/** [REINFORCE controller] events. */
export const controllerUpdated = defineEvent('controller.updated');
