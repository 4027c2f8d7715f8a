#!/usr/bin/env node
// Runs the TypeScript sources directly, so `npx editwatch` always matches the checkout.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
