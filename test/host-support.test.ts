/**
 * The rule that keeps CI honest: suites that need simulated hosts skip with
 * a reason on a developer's machine without root, but throw in CI, so a CI
 * that lost root or sshd fails instead of passing with them skipped.
 */
import { describe, expect, it } from 'vitest';
import { hostSupport, hostSupportReason, requireHostsInCi } from './helpers/hosts.js';

const REASON = 'simulated hosts need root (mount namespaces, sshd)';

describe('requireHostsInCi', () => {
  it('returns null when hosts can run, in CI or not', () => {
    expect(requireHostsInCi(null, {})).toBeNull();
    expect(requireHostsInCi(null, { CI: 'true' })).toBeNull();
  });

  it('returns the reason outside CI, so the suites skip', () => {
    expect(requireHostsInCi(REASON, {})).toBe(REASON);
    expect(requireHostsInCi(REASON, { CI: '' })).toBe(REASON);
    expect(requireHostsInCi(REASON, { CI: 'false' })).toBe(REASON);
    expect(requireHostsInCi(REASON, { CI: '0' })).toBe(REASON);
  });

  it.each(['true', '1', 'yes', 'TRUE'])('throws with the reason when CI=%s', (ci) => {
    expect(() => requireHostsInCi(REASON, { CI: ci })).toThrow(
      /CI is set but the simulated hosts cannot run: simulated hosts need root.*sudo/,
    );
  });
});

describe('hostSupport', () => {
  it('applies the rule to this machine', () => {
    const reason = hostSupportReason();
    const ci = process.env.CI?.trim().toLowerCase();
    if (reason !== null && ci && ci !== 'false' && ci !== '0') {
      expect(() => hostSupport()).toThrow(reason);
    } else {
      expect(hostSupport()).toBe(reason);
    }
  });
});
