import type { Credential } from '../../src/credentials/ob3/credential.ts';
import { createLocalCredentialWork } from '../../src/credentials/ob3/credential-work.ts';
import { issuerWorld } from '../../tests/credentials/ob3/fixtures.ts';
import { atLeast, type BenchSettings, exactly, formatNumber, type Section } from '../lib/section.ts';

// Open Badges 3.0 credentials (eddsa-rdfc-2022 Data Integrity proofs) signed and verified two ways: in this
// process, one after another (what one core gives), and on the server's pool of worker threads as a claim and
// /verify use it, several at once. The issuer, its key and its status list live in a migrated in-memory SQLite
// database, as the server's do in its own (the OB 3.0 tests' world).

const TARGET_SIGNATURES_PER_SECOND = 300;
const TARGET_POOL_SIGNATURES_PER_SECOND = 100;
// Distinct credentials signed in turn, each with its own id, salt and status index.
const POOL = 64;
// Tasks kept in flight on the pool: enough to keep every thread busy while answers cross back.
const IN_FLIGHT = 8;

type Rate = { count: number; perSecond: number; perCpuSecond: number; failures: number };

/** Runs `once` for `seconds`, `inFlight` at a time; `once` says whether that one went right. */
async function repeatedly(seconds: number, inFlight: number, once: (i: number) => Promise<boolean>): Promise<Rate> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + seconds * 1000;
  let count = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const i = count++;
        if (!(await once(i))) failures++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { count, perSecond: count / elapsed, perCpuSecond: count / ((cpu.user + cpu.system) / 1e6), failures };
}

type Measures = { sign: Rate; verify: Rate; poolSign: Rate; poolVerify: Rate; threads: number };

async function measure(settings: BenchSettings): Promise<Measures> {
  const world = await issuerWorld({ work: (t) => t.ctx.pool });
  try {
    const onPool = await world.load();
    const local = createLocalCredentialWork();
    const { key, didDocument } = onPool;
    // Minted as a claim mints them (a status index, the credential naming it, the signature);
    // signed again without their proof for the measure.
    const signed: Credential[] = [];
    for (let i = 0; i < POOL; i++) signed.push(await world.issue());
    const unsigned = signed.map(({ proof: _proof, ...credential }) => credential);
    const statusLists = Object.fromEntries(
      await Promise.all(
        [...new Set(signed.map((c) => (c.credentialStatus as { statusListCredential: string }).statusListCredential))].map(
          async (url) => [url, (await onPool.documentLoader(url)).document as Credential] as const,
        ),
      ),
    );
    const localVerify = (credential: Credential) => local.verify({ credential, didDocument, statusLists, now: new Date().toISOString() });
    const localSign = (credential: Credential) => local.sign({ credential, key, didDocument });
    // Warm: every context parsed and cached, the code compiled; and each credential shown to verify, here and on the pool.
    for (const credential of signed) {
      for (const result of [await localVerify(credential), await onPool.verify(credential, new Date())]) {
        if (!result.verified) throw new Error(`a freshly signed credential does not verify: ${JSON.stringify(result.checks)}`);
      }
    }
    const warmUntil = performance.now() + settings.warmupSeconds * 1000;
    for (let i = 0; performance.now() < warmUntil; i++) {
      await localVerify(await localSign(unsigned[i % POOL]!));
      await onPool.verify(await onPool.sign(unsigned[i % POOL]!), new Date());
    }
    const hasProof = (credential: Credential) => {
      const proof = credential.proof as { proofValue?: unknown }[];
      return proof.length === 1 && typeof proof[0]!.proofValue === 'string';
    };

    settings.progress(`credentials: signing in this thread, ${settings.seconds} s`);
    const sign = await repeatedly(settings.seconds, 1, async (i) => hasProof(await localSign(unsigned[i % POOL]!)));
    settings.progress(`credentials: verifying in this thread, ${settings.seconds} s`);
    const verify = await repeatedly(settings.seconds, 1, async (i) => (await localVerify(signed[i % POOL]!)).verified);
    settings.progress(`credentials: signing on the pool, ${settings.seconds} s`);
    const poolSign = await repeatedly(settings.seconds, IN_FLIGHT, async (i) => hasProof(await onPool.sign(unsigned[i % POOL]!)));
    settings.progress(`credentials: verifying on the pool, ${settings.seconds} s`);
    const poolVerify = await repeatedly(
      settings.seconds,
      IN_FLIGHT,
      async (i) => (await onPool.verify(signed[i % POOL]!, new Date())).verified,
    );
    return { sign, verify, poolSign, poolVerify, threads: world.ctx.config.renderThreads };
  } finally {
    await world.close();
  }
}

/** Open Badges 3.0 signatures and verifications a second, on one core and across the pool. */
export const credentials: Section = {
  name: 'credentials',
  async run(settings) {
    const { sign, verify, poolSign, poolVerify, threads } = await measure(settings);
    const perCpu = (rate: Rate) =>
      `${formatNumber(rate.count)} in ${settings.seconds} s, ${formatNumber(rate.perCpuSecond)} per second of this process's CPU time`;
    const onPool = `on the pool's ${threads} worker thread${threads === 1 ? '' : 's'} (RENDER_THREADS), ${IN_FLIGHT} tasks in flight, each task's credential copied to its thread and the answer back`;
    return [
      {
        name: 'OB 3.0 credentials signed (eddsa-rdfc-2022, one core)',
        figure: sign.perSecond,
        unit: 'signatures/s',
        ceiling: null,
        target: atLeast(sign.perSecond, TARGET_SIGNATURES_PER_SECOND),
        note: `OB 3.0 signing: what a pool thread runs for a claim (canonicalisation with RDFC-1.0, SHA-256, Ed25519) on ${POOL} claim credentials in turn, one after another in the bench's own thread, warm; ${perCpu(sign)}. The claim's own work around it (status index, database writes) is not counted.`,
      },
      {
        name: 'OB 3.0 credentials signed across the pool',
        figure: poolSign.perSecond,
        unit: 'signatures/s',
        ceiling: null,
        target: atLeast(poolSign.perSecond, TARGET_POOL_SIGNATURES_PER_SECOND),
        note: `OB 3.0 signing as a claim asks for it, ${onPool}; ${formatNumber(poolSign.count)} in ${settings.seconds} s.`,
      },
      {
        name: 'OB 3.0 credentials verified (one core)',
        figure: verify.perSecond,
        unit: 'verifications/s',
        ceiling: null,
        target: null,
        note: `OB 3.0 verifying: what a pool thread runs for /verify (the proof, the status list's own proof and bit, the dates, the OB 3.0 JSON schema), one after another, warm; ${perCpu(verify)}.`,
      },
      {
        name: 'OB 3.0 credentials verified across the pool',
        figure: poolVerify.perSecond,
        unit: 'verifications/s',
        ceiling: null,
        target: null,
        note: `OB 3.0 verifying as /verify asks for it (its status list read from the database first), ${onPool}; ${formatNumber(poolVerify.count)} in ${settings.seconds} s.`,
      },
      {
        name: 'OB 3.0: signatures without a proof value, verifications failed',
        figure: sign.failures + verify.failures + poolSign.failures + poolVerify.failures,
        unit: 'credentials',
        ceiling: null,
        target: exactly(sign.failures + verify.failures + poolSign.failures + poolVerify.failures, 0),
      },
    ];
  },
};
