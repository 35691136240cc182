import { RecsearchError } from '@recsearch/core';

/** A snapshot that does not fit the model it is restored into, or a call out of order (backward before predict). */
export class ModelStateError extends RecsearchError {
  constructor(readonly model: string, reason: string) {
    super(`${model}: ${reason}`);
  }
}

/** The loss or its gradient became NaN or ±∞; training stops rather than corrupt the model. */
export class NonFiniteLossError extends RecsearchError {
  constructor(readonly epoch: number, readonly batch: number, readonly value: number) {
    super(`non-finite loss (${value}) at epoch ${epoch}, batch ${batch}`);
  }
}
