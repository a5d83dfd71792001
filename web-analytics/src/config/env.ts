import { parseEnv, type Env } from './parse-env';

/** The validated build-time configuration (VITE_* variables). */
export const env: Env = parseEnv(import.meta.env as Record<string, unknown>);
