#!/usr/bin/env node
// Runs the compiled JavaScript in dist/: no process compiles TypeScript at start. In a clone,
// dist/ is compiled first when it is missing or older than the sources (after a pull, an edit).
import { buildWhenStale } from './build.js';

buildWhenStale();
await import('../dist/cli.js');
