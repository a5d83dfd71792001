import { parseEnv } from '../src/config/parse-env';

/** The configuration tests run with: the documented defaults. */
export const env = parseEnv({});
