/**
 * Reads the recovery boothook's result (boothook.ts) back from an instance's
 * console output. The console is hostile text: kernel and cloud-init lines
 * interleave, lines end in CR LF, anything on the host can write there. Only
 * lines carrying this recovery's random token count; each phase's lines are
 * handed to the host script's own parser (host-result.ts), so a missing,
 * cut or malformed result is a failure, never a success.
 */
import type { HostPhase } from '../host/host-script.js';
import { parseHostResult, type HostResult } from '../host/host-result.js';
import { BOOT_PHASES } from './boothook.js';

export interface BootResult {
  /** The phases that reported, in order, with what the host script said. */
  phases: { phase: HostPhase; result: HostResult }[];
  /** The last phase reported (null: no result yet). */
  last: { phase: HostPhase; result: HostResult } | null;
  /** Every phase reported (the boothook ran to its end or stopped at a failure). */
  finished: boolean;
}

/** The boot's result for `token` in `console` (decoded GetConsoleOutput text). */
export function readBootResult(console: string, token: string): BootResult {
  const lines = new Map<HostPhase, string[]>();
  const exits = new Map<HostPhase, number>();
  const line = new RegExp(`ec2-key-rotate ${token} (add|verify|revoke) (.*)$`);
  const end = new RegExp(
    `ec2-key-rotate-result v=2 token=${token} phase=(add|verify|revoke) exit=(\\d{1,3})\\b`,
  );
  for (const raw of console.split('\n')) {
    const text = raw.replace(/\r+$/, '');
    const done = end.exec(text);
    if (done) {
      exits.set(done[1] as HostPhase, Number(done[2]));
      continue;
    }
    const match = line.exec(text);
    if (match) {
      const phase = match[1] as HostPhase;
      lines.set(phase, [...(lines.get(phase) ?? []), match[2] ?? '']);
    }
  }
  const phases: BootResult['phases'] = [];
  for (const phase of BOOT_PHASES) {
    const exit = exits.get(phase);
    if (exit === undefined) break;
    phases.push({ phase, result: parseHostResult((lines.get(phase) ?? []).join('\n'), exit) });
  }
  const last = phases.at(-1) ?? null;
  const finished = last !== null && (last.phase === 'revoke' || last.result.status === 'failed');
  return { phases, last, finished };
}
