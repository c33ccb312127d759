import type { Credential } from '../../src/credentials/ob3/credential.ts';
import { verifyCredential } from '../../src/credentials/ob3/sign.ts';
import { issuerWorld } from '../../tests/credentials/ob3/fixtures.ts';
import { atLeast, type BenchSettings, exactly, formatNumber, type Section } from '../lib/section.ts';

// Open Badges 3.0 credentials (eddsa-rdfc-2022 Data Integrity proofs) signed and verified in this
// process, one after another: what one core gives. The issuer, its key and its status list live in
// a migrated in-memory SQLite database, as the server's do in its own (the OB 3.0 tests' world).

const TARGET_SIGNATURES_PER_SECOND = 300;
// Distinct credentials signed in turn, each with its own id, salt and status index.
const POOL = 64;

type Rate = { count: number; perSecond: number; perCpuSecond: number; failures: number };

/** Runs `once` back to back for `seconds`; `once` says whether that one went right. */
async function sequentially(seconds: number, once: (i: number) => Promise<boolean>): Promise<Rate> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + seconds * 1000;
  let count = 0;
  let failures = 0;
  while (performance.now() < end) {
    if (!(await once(count))) failures++;
    count++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { count, perSecond: count / elapsed, perCpuSecond: count / ((cpu.user + cpu.system) / 1e6), failures };
}

async function measure(settings: BenchSettings): Promise<{ sign: Rate; verify: Rate }> {
  const world = await issuerWorld();
  try {
    const issuer = await world.load();
    // Minted as a claim mints them (a status index, the credential naming it, the signature);
    // signed again without their proof for the measure.
    const signed: Credential[] = [];
    for (let i = 0; i < POOL; i++) signed.push(await world.issue());
    const unsigned = signed.map(({ proof: _proof, ...credential }) => credential);
    // Warm: every context parsed and cached, the code compiled; and each credential shown to verify.
    for (const credential of signed) {
      const result = await verifyCredential(credential, issuer.documentLoader, { suites: issuer.suites });
      if (!result.verified) throw new Error(`a freshly signed credential does not verify: ${JSON.stringify(result.checks)}`);
    }
    const warmUntil = performance.now() + settings.warmupSeconds * 1000;
    for (let i = 0; performance.now() < warmUntil; i++)
      await verifyCredential(await issuer.sign(unsigned[i % POOL]!), issuer.documentLoader, { suites: issuer.suites });

    settings.progress(`credentials: signing, ${settings.seconds} s`);
    const sign = await sequentially(settings.seconds, async (i) => {
      const proof = (await issuer.sign(unsigned[i % POOL]!)).proof as { proofValue?: unknown }[];
      return proof.length === 1 && typeof proof[0]!.proofValue === 'string';
    });
    settings.progress(`credentials: verifying, ${settings.seconds} s`);
    const verify = await sequentially(
      settings.seconds,
      async (i) => (await verifyCredential(signed[i % POOL]!, issuer.documentLoader, { suites: issuer.suites })).verified,
    );
    return { sign, verify };
  } finally {
    await world.close();
  }
}

/** Open Badges 3.0 signatures and verifications a second on one core. */
export const credentials: Section = {
  name: 'credentials',
  async run(settings) {
    const { sign, verify } = await measure(settings);
    const perCpu = (rate: Rate) =>
      `${formatNumber(rate.count)} in ${settings.seconds} s, ${formatNumber(rate.perCpuSecond)} per second of this process's CPU time`;
    return [
      {
        name: 'OB 3.0 credentials signed (eddsa-rdfc-2022, one core)',
        figure: sign.perSecond,
        unit: 'signatures/s',
        ceiling: null,
        target: atLeast(sign.perSecond, TARGET_SIGNATURES_PER_SECOND),
        note: `OB 3.0 signing: issuer.sign() on ${POOL} claim credentials in turn (canonicalisation with RDFC-1.0, SHA-256, Ed25519), one after another in the bench's process, warm; ${perCpu(sign)}. The claim's own work around it (status index, database writes) is not counted.`,
      },
      {
        name: 'OB 3.0 credentials verified (one core)',
        figure: verify.perSecond,
        unit: 'verifications/s',
        ceiling: null,
        target: null,
        note: `OB 3.0 verifying: verifyCredential() as /verify runs it (the proof, the status list's own proof and bit, the dates, the OB 3.0 JSON schema), one after another, warm; ${perCpu(verify)}.`,
      },
      {
        name: 'OB 3.0: signatures without a proof value, verifications failed',
        figure: sign.failures + verify.failures,
        unit: 'credentials',
        ceiling: null,
        target: exactly(sign.failures + verify.failures, 0),
      },
    ];
  },
};
