// `npm run backup [path]`: a consistent copy of the SQLite database while the server runs, to
// ./backups/elan-<time>.db or the path given. PostgreSQL has its own tool; this says which command to run.
import { dirname } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { backupSqlite, defaultBackupPath, sqliteFileOf } from './backup.ts';

const NOT_SQLITE = 2;

async function main(): Promise<void> {
  const config = loadConfig();
  const source = sqliteFileOf(config.databaseUrl);
  if (!source) {
    if (config.databaseUrl.startsWith('sqlite:')) {
      process.stderr.write('DATABASE_URL names an in-memory SQLite database: there is nothing on disk to back up.\n');
    } else {
      const file = defaultBackupPath(new Date()).replace(/\.db$/, '.dump');
      const folder = dirname(file);
      process.stderr.write(
        [
          'DATABASE_URL points to PostgreSQL: back it up with pg_dump, which takes a consistent snapshot while Élan runs:',
          `  mkdir -p ${folder} && pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
          'and restore it, Élan stopped, with:',
          `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${file}`,
          '',
        ].join('\n'),
      );
    }
    process.exit(NOT_SQLITE);
  }
  const target = process.argv[2] ?? defaultBackupPath(new Date());
  const result = await backupSqlite(source, target);
  process.stdout.write(`${result.path}\n`);
  process.stderr.write(`Backed up ${source} to ${result.path} (${result.pages} pages, ${result.bytes} bytes; integrity checked).\n`);
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Backup failed: ${(error as Error).message ?? error}\n`);
  process.exit(1);
});
