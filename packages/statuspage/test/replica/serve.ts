// Serve the replica by hand: `npx tsx test/replica/serve.ts [port]` prints its URL and runs until
// killed. It serves the shared GitHub datasets, or the fixture site when they are absent.
import { startReplica } from './server.ts';
import { fixtureSource, githubSource } from './source.ts';

const source = githubSource() ?? fixtureSource();
const replica = await startReplica(source, { port: Number(process.argv[2] ?? 0) });
process.stdout.write(
  `REPLICA ${JSON.stringify({ url: replica.url, site: source.name, incidents: source.records.length })}\n`,
);
