import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client/client';

export { Prisma, PrismaClient } from '../generated/client/client';

/** A Prisma client over node-postgres (no native engine needed). */
export function createPrisma(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
