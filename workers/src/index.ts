export * from './config';
export * from './start-workers';
