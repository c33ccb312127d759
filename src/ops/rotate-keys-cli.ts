// `npm run keys:rotate`: makes a new Open Badges 3.0 signing key current. The old keys stay in the DID document,
// so every credential they signed still verifies; running app processes sign with the new key from their next claim.
import { ConfigError, loadConfig } from '../config.ts';
import { didWebFromUrl, verificationMethodId } from '../credentials/ob3/did.ts';
import { rotateSigningKey } from '../credentials/ob3/keys.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const handle = await connectDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    const key = await rotateSigningKey(handle.db, new Date());
    process.stdout.write(`${key.id}\n`);
    process.stderr.write(`New signing key: ${verificationMethodId(didWebFromUrl(config.publicUrl), key.id)}\n`);
  } finally {
    await handle.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Key rotation failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
