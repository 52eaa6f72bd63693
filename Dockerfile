# ShipShape container image: build with the full toolchain, run with production dependencies only.
# docker build -t shipshape .   (or: az acr build --registry <acr> --image shipshape:<version> .)

# The Azure SDK packages need Node.js 22.13 or newer (package.json "engines").
ARG NODE_VERSION=22.23

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt binary can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Compile, then drop the development dependencies; the compiled native module stays.
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/app/data \
    OTEL_SERVICE_NAME=shipshape
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY cards ./cards
# The embedded store's folder is the only place the app writes; everything else stays root-owned.
RUN mkdir -p /app/data \
  && chown node:node /app/data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The loader registers OpenTelemetry's module hooks before any module loads; it collects nothing
# unless APPLICATIONINSIGHTS_CONNECTION_STRING is set. 8 MB young-generation semi-spaces (instead
# of 16) keep about 40 MB less resident at no measured cost in time; the old generation is sized by
# Node from the container's memory limit (see the README).
# bench/support/shipped-bot.ts starts the bot with this very CMD.
CMD ["node", "--import", "@azure/monitor-opentelemetry/loader", "--max-semi-space-size=8", "dist/main.js"]
