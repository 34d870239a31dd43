# syntax=docker/dockerfile:1
# Docket: build stage (TypeScript → dist/, native SQLite addon), then a slim runtime with only the
# production dependencies, running as the image's unprivileged `node` user.
#   docker build -t docket .
#   docker run -p 3000:3000 -v docket-data:/data --env-file .env docket
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its addon when no prebuilt binary matches the platform
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# dependencies first, in their own layer: unchanged sources re-use it. The `prepare` build needs
# the sources, so it waits for them below.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/docket.db \
    FLOWS_DIR=/app/flows \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
COPY bin ./bin
COPY flows ./flows
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers 200 when the database answers and the flows are loaded
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations first (`docket migrate`, under knex's migration lock), then the server replaces the
# shell (exec), so SIGTERM from `docker stop` reaches it and it shuts down cleanly.
CMD ["sh", "-c", "node bin/docket.js migrate && exec node dist/src/main.js"]
