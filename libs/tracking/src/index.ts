export * from './atomic-write';
export * from './event-log';
export * from './run-store';
