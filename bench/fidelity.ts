import { runPairs, score, table } from '../test/helpers/fidelity.ts';
import { loadOwnPairs, loadRevisions } from '../test/helpers/revisions.ts';

/**
 * Edit detection on real revisions: every pair of test/fixtures/revisions (and the project's own pairs)
 * served as pages on 127.0.0.1 and run through the real pipeline, as test/fidelity.test.ts does.
 */
export async function benchFidelity(): Promise<void> {
  const corpus = loadRevisions();
  const own = loadOwnPairs();
  const started = performance.now();
  const runs = await runPairs([...corpus, ...own]);
  const seconds = (performance.now() - started) / 1000;
  const ownIds = new Set(own.map((p) => p.id));
  console.log(
    `\nFidelity: ${corpus.length} real revision pairs and ${own.length} of the project's own, three checks each, in ${seconds.toFixed(1)} s\n`,
  );
  console.log(`Real revisions:\n${table(score(runs.filter((r) => !ownIds.has(r.pair.id))))}\n`);
  console.log(
    `Own pairs (languages and cases the corpus lacks):\n${table(score(runs.filter((r) => ownIds.has(r.pair.id))))}`,
  );
}
