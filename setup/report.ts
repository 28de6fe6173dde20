// The one message the bootstrap prints when it cannot make the machine ready: what is missing, why it could
// not fix it, and the exact commands that do.
import type { MachineService, Purpose, SystemPackage } from './requirements.ts';

export interface Unmet {
  packages: SystemPackage[];
  services: MachineService[];
  /** Why the bootstrap could not fix them itself, e.g. "this process is not root". */
  reason: string;
  /** Output of a failed apt-get or start command, trimmed, when there was one. */
  detail?: string;
}

const purposeText: Record<Purpose, string> = { test: 'run the tests', server: 'start the server' };

function installCommand(packages: Unmet['packages']): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.map((pkg) => pkg.package).join(' ')}`;
}

export function cannotProceedMessage(purpose: Purpose, unmet: Unmet[]): string {
  const lines = [`[setup] cannot ${purposeText[purpose]}: this machine lacks what they need.`];
  for (const part of unmet) {
    lines.push('', `Not fixed automatically because ${part.reason}.`);
    if (part.packages.length > 0) {
      lines.push('Missing system packages:');
      for (const pkg of part.packages) lines.push(`  - ${pkg.package} (needs ${pkg.provides.join(', ')}): ${pkg.why}`);
      lines.push('Install them (Debian/Ubuntu) with:', `  ${installCommand(part.packages)}`);
    }
    if (part.services.length > 0) {
      lines.push('Services not running:');
      for (const service of part.services) {
        lines.push(`  - ${service.name} on 127.0.0.1:${service.port}: ${service.why}`, `    start it with: sudo sh -c '${service.start}'`);
      }
    }
    if (part.detail) lines.push('Last output:', ...part.detail.split('\n').map((line) => `  | ${line}`));
  }
  lines.push('', 'Elsewhere (macOS, another Linux) install the equivalent packages and start the services yourself; see README.md.');
  return lines.join('\n');
}
