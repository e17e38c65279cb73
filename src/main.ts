import * as core from '@actions/core';
import { runAction } from './action/run.js';
import { escapeLogLine } from './report/log-escape.js';

try {
  await runAction();
} catch (error) {
  core.setFailed(escapeLogLine(error instanceof Error ? error.message : String(error)));
}
