export * from './alertmanager-payloads';
export * from './target';
export * from './replay-config';
export * from './replay-runner';
