# Build stage: the TypeScript compiler (a dev dependency) turns src/ into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied in; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the compiled JavaScript; no compiler, no sources.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY templates ./templates
COPY messages ./messages
COPY drizzle ./drizzle
COPY --from=build /app/dist ./dist
ENV NODE_ENV=production GONG_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1 and gets `docker stop`'s SIGTERM itself (no npm or shell in between).
CMD ["node", "bin/gong.js", "start"]
