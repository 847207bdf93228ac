// `npm run generate -w @conform/vectors`: regenerates every vector file and the tcId registry.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAll, PACKAGE_ROOT, REGISTRY_PATH, VECTOR_DIR } from './generate.js';

const mode = process.argv[2];
if (mode !== 'write') {
  process.stderr.write('usage: node dist/generate/cli.js write\n');
  process.exit(2);
}
const { files, registry, docs } = await generateAll('write');
mkdirSync(VECTOR_DIR, { recursive: true });
for (const [name, text] of files) writeFileSync(join(VECTOR_DIR, name), text);
for (const [path, text] of docs) writeFileSync(join(PACKAGE_ROOT, path), text);
writeFileSync(REGISTRY_PATH, JSON.stringify(registry.toJSON(), null, 2) + '\n');
for (const line of registry.added) process.stderr.write(`new tcId: ${line}\n`);
process.stderr.write(
  `wrote ${files.size} vector files to ${VECTOR_DIR} and ${[...docs.keys()].join(', ')}\n`,
);
