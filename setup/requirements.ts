// The one list of what this project needs from the machine, read by the bootstrap that
// `npm test` and `npm start` run first (and so by .ci/run, which runs `npm test`).

/** A Debian package, known to be present when every path it provides exists. */
export interface SystemPackage {
  package: string;
  /** Files the package installs that the project uses; their presence is the check. */
  provides: readonly string[];
  why: string;
}

/** A service that a machine of this kind starts before a session, found by its loopback port. */
export interface MachineService {
  name: string;
  port: number;
  /** The command that starts it on a machine of this kind (run as root by `sh -c`). */
  start: string;
  why: string;
}

export type Purpose = 'server' | 'test';

export interface Requirements {
  /** What `ziggy serve` needs; the tests need it too, as they start servers. */
  server: readonly SystemPackage[];
  /** What only the tests need. */
  test: readonly SystemPackage[];
  /** Services the tests connect to. */
  services: readonly MachineService[];
}

export const requirements: Requirements = {
  server: [
    { package: 'bubblewrap', provides: ['/usr/bin/bwrap'], why: 'block runners run in a bubblewrap sandbox (private PID namespace, read-only code, no data dir)' },
  ],
  test: [
    { package: 'openssh-server', provides: ['/usr/sbin/sshd'], why: 'the SFTP tests run a real OpenSSH server' },
    { package: 'ceph-mon', provides: ['/usr/bin/ceph-mon', '/usr/bin/monmaptool', '/usr/bin/ceph'], why: 'the S3 tests run Ceph’s RADOS Gateway: its monitor' },
    { package: 'ceph-osd', provides: ['/usr/bin/ceph-osd'], why: 'the S3 tests run Ceph’s RADOS Gateway: one memstore OSD' },
    { package: 'radosgw', provides: ['/usr/bin/radosgw', '/usr/bin/radosgw-admin'], why: 'the S3 tests run Ceph’s RADOS Gateway, a real S3 server that checks signatures' },
    { package: 'chromium', provides: ['/usr/bin/chromium'], why: 'the browser tests of the web UI drive Debian’s Chromium' },
    { package: 'redis-server', provides: ['/usr/bin/redis-server'], why: 'the Redis tests start a second Redis with requirepass and an ACL user' },
    {
      package: 'dovecot-imapd',
      provides: ['/usr/sbin/dovecot', '/usr/lib/dovecot/imap', '/usr/lib/dovecot/dovecot-lda', '/usr/bin/doveadm'],
      why: 'the IMAP tests start a Dovecot of their own (test/dovecot.ts) and deliver mail to it with its LDA',
    },
    {
      package: 'mosquitto',
      provides: ['/usr/sbin/mosquitto', '/usr/bin/mosquitto_passwd'],
      why: 'the MQTT and AWS IoT tests start a second Mosquitto with a client-certificate TLS listener and a password file',
    },
  ],
  services: [
    {
      name: 'PostgreSQL',
      port: 5432,
      start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      why: 'the Postgres connector, SQL Block and store tests',
    },
    {
      name: 'MariaDB',
      port: 3306,
      start: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
      why: 'the MySQL/MariaDB connector and its SQL contract suite',
    },
    {
      name: 'Redis',
      port: 6379,
      start: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
      why: 'the Redis connector and its stream and publish blocks',
    },
    {
      name: 'Mosquitto',
      port: 1883,
      start: 'mosquitto -d -c /etc/mosquitto/mosquitto.conf',
      why: 'the MQTT connector, its publish and subscribe blocks and the MQTT benchmark',
    },
  ],
};

/** The packages a purpose needs: the tests need the server's too. */
export function packagesFor(purpose: Purpose, from: Requirements = requirements): SystemPackage[] {
  return purpose === 'server' ? [...from.server] : [...from.server, ...from.test];
}

/** The services a purpose needs: only the tests connect to machine services. */
export function servicesFor(purpose: Purpose, from: Requirements = requirements): MachineService[] {
  return purpose === 'test' ? [...from.services] : [];
}
