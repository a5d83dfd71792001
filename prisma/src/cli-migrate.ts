import { migrate } from './migrate';

// `npm run db:migrate`: applies committed migrations to DATABASE_URL.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
migrate(url).then(
  (r) => console.log(`applied: ${r.applied.join(', ') || 'none'}; already applied: ${r.alreadyApplied.length}`),
  (err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  },
);
