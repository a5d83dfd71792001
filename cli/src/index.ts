export * from './api-client';
export * from './commands';
export * from './config';
export * from './render';
export * from './session-store';
