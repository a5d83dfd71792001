export * from './alertmanager-payloads';
export * from './target';
