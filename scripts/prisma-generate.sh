#!/usr/bin/env bash
# Generates the Prisma client offline. `prisma generate` does not need the native
# schema engine, but the CLI insists the file exists: any existing file satisfies it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f prisma/schema.prisma ] || exit 0
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
npx --no-install prisma generate --schema prisma/schema.prisma >/dev/null
