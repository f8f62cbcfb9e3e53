# syntax=docker/dockerfile:1
# Node 24 LTS, the production runtime (Node 20's support ended in April 2026). package.json still
# admits Node 20.19 for development; CI runs the suite on both (.ci/test-lanes).
# Build stage: compile TypeScript with the dev toolchain, then drop dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies, compiled code and the SQL migrations only.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# Without S3_BUCKET, uploads (photos, verification documents) live in DATA_DIR/uploads: the
# directory belongs to the unprivileged user, and a new named volume mounted on it takes that
# owner from the image. Mount a persistent volume there, or set S3_BUCKET (docs/OPERATIONS.md).
RUN mkdir -p /app/data && chown node:node /app/data
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/src/db/migrations ./src/db/migrations
USER node
EXPOSE 3000
# Liveness only: readiness (/health/ready) also checks PostgreSQL and Redis, which is the
# platform's routing decision, not a reason to restart the container.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Migrations run at start-up under a PostgreSQL advisory lock, so replicas may start together.
CMD ["node", "dist/main.js"]
