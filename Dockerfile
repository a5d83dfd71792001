# One image for every server role (api, worker-situations, worker-remediation, setup);
# docker-compose.yml picks the role by command. TypeScript runs directly through tsx, as
# in development, so the image carries the workspace dependencies including tsx.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Manifests and the Prisma schema first: `npm ci` (and its prisma generate) is cached
# until a dependency or the schema changes.
COPY package.json package-lock.json .npmrc* ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY domain/package.json ./domain/
COPY workflows/package.json ./workflows/
COPY activities/package.json ./activities/
COPY workers/package.json ./workers/
COPY api/package.json ./api/
COPY launcher/package.json ./launcher/
COPY cli/package.json ./cli/
COPY demo/package.json ./demo/
COPY web-responder/package.json ./web-responder/
COPY web-analytics/package.json ./web-analytics/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=node:node /app /app
# Remediation commands run as this unprivileged user, never as root.
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/src/main.ts"]
