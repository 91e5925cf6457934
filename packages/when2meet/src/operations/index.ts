import { bestTimesOperation } from './best.ts';
import { createEventOperation } from './create.ts';
import { fillAvailabilityOperation } from './fill.ts';
import type { Operation } from './operation.ts';
import { readEventOperation } from './read.ts';

export { bestTimesOperation } from './best.ts';
export {
  type ContextOptions,
  type OperationContext,
  type OperationDefaults,
  operationContext,
} from './context.ts';
export { createEventOperation } from './create.ts';
export { fillAvailabilityOperation } from './fill.ts';
export { type Operation, parseInput, runOperation } from './operation.ts';
export { type EventView, eventView, loadEvent, readEventOperation } from './read.ts';

/** Every operation, in the order agents see them. Each front end serves exactly these. */
export const operations: readonly Operation[] = [
  createEventOperation,
  readEventOperation,
  bestTimesOperation,
  fillAvailabilityOperation,
] as readonly Operation[];
