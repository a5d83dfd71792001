import { Prisma } from '@hro/db';

/** A value for a nullable Prisma Json column: SQL NULL for null, else the JSON itself. */
export function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

/** A Date for an optional ISO string. */
export function dateOrNull(iso: string | null | undefined): Date | null {
  return iso ? new Date(iso) : null;
}
