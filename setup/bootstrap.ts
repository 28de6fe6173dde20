// The bootstrap that `npm test` and `npm start` run first: it checks the declared packages and services,
// installs or starts what is missing where it may (root on Debian/Ubuntu), and otherwise stops with one
// message that says exactly what to do. When everything is there it only checks.
import type { Machine } from './machine.ts';
import { type MachineService, type Purpose, type Requirements, type SystemPackage, packagesFor, servicesFor } from './requirements.ts';
import { type Unmet, cannotProceedMessage } from './report.ts';

export type BootstrapOutcome = { ok: true } | { ok: false; message: string };

const aptEnv = { DEBIAN_FRONTEND: 'noninteractive' };
// Another apt run (an unattended upgrade, a second checkout bootstrapping) holds the dpkg lock for a while: wait for it.
const aptLockWait = '-o DPkg::Lock::Timeout=300';
const serviceStartWaitMs = 30_000;
const servicePollMs = 200;
const detailLines = 15;

function isPresent(machine: Machine, pkg: SystemPackage): boolean {
  return pkg.provides.every((path) => machine.exists(path));
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-detailLines).join('\n');
}

function whyNotFixable(machine: Machine, needsApt: boolean): string | undefined {
  if (!machine.isRoot()) return 'this process is not root';
  if (needsApt && !machine.hasApt()) return 'this machine has no apt-get (it is not Debian or Ubuntu)';
  return undefined;
}

async function installPackages(machine: Machine, missing: SystemPackage[]): Promise<Unmet | undefined> {
  for (const pkg of missing) machine.print(`[setup] installing ${pkg.package}: ${pkg.why}`);
  const update = await machine.run(`apt-get ${aptLockWait} update -qq`, aptEnv);
  if (update.code !== 0) {
    return { packages: missing, services: [], reason: '`apt-get update` failed', detail: lastLines(update.output) };
  }
  const names = missing.map((pkg) => pkg.package).join(' ');
  const install = await machine.run(`apt-get ${aptLockWait} install -y -qq --no-install-recommends ${names}`, aptEnv);
  const stillMissing = missing.filter((pkg) => !isPresent(machine, pkg));
  if (install.code !== 0 || stillMissing.length > 0) {
    return {
      packages: stillMissing.length > 0 ? stillMissing : missing,
      services: [],
      reason: install.code !== 0 ? '`apt-get install` failed' : 'the packages installed but their files are not where expected',
      detail: lastLines(install.output),
    };
  }
  return undefined;
}

async function waitForPort(machine: Machine, port: number): Promise<boolean> {
  for (let waited = 0; waited < serviceStartWaitMs; waited += servicePollMs) {
    if (await machine.portOpen(port)) return true;
    await machine.sleep(servicePollMs);
  }
  return machine.portOpen(port);
}

async function startService(machine: Machine, service: MachineService): Promise<Unmet | undefined> {
  machine.print(`[setup] starting ${service.name} (127.0.0.1:${service.port} is closed): ${service.why}`);
  const started = await machine.run(service.start);
  if (started.code === 0 && (await waitForPort(machine, service.port))) return undefined;
  const reason =
    started.code !== 0 ? 'its start command failed' : `it did not open 127.0.0.1:${service.port} within ${serviceStartWaitMs / 1000} s`;
  return { packages: [], services: [service], reason, detail: lastLines(started.output) };
}

export async function bootstrap(purpose: Purpose, from: Requirements, machine: Machine): Promise<BootstrapOutcome> {
  const packages = packagesFor(purpose, from);
  const services = servicesFor(purpose, from);
  const missing = packages.filter((pkg) => !isPresent(machine, pkg));
  const openPorts = await Promise.all(services.map((service) => machine.portOpen(service.port)));
  const down = services.filter((_, index) => !openPorts[index]);

  if (missing.length === 0 && down.length === 0) {
    machine.print(`[setup] ${purpose}: ${packages.length} system packages and ${services.length} services present`);
    return { ok: true };
  }

  const cannotFix = whyNotFixable(machine, missing.length > 0);
  if (cannotFix) {
    return { ok: false, message: cannotProceedMessage(purpose, [{ packages: missing, services: down, reason: cannotFix }]) };
  }

  const unmet: Unmet[] = [];
  if (missing.length > 0) {
    const startedAt = performance.now();
    const failed = await installPackages(machine, missing);
    const seconds = Math.round((performance.now() - startedAt) / 1000);
    if (failed) unmet.push(failed);
    else machine.print(`[setup] installed ${missing.map((pkg) => pkg.package).join(', ')} in ${seconds} s`);
  }
  for (const service of down) {
    const failed = await startService(machine, service);
    if (failed) unmet.push(failed);
    else machine.print(`[setup] ${service.name} is up`);
  }
  return unmet.length === 0 ? { ok: true } : { ok: false, message: cannotProceedMessage(purpose, unmet) };
}
