#!/usr/bin/env node
import { main } from './cli.js';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
// Let pending writes flush; exitCode rather than exit() so stdout is not cut off when piped.
process.exitCode = code;
