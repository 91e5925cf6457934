#!/usr/bin/env node
// Runs the TypeScript CLI directly, so `npx when2meet --help` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
