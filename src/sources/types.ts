/**
 * Work a cycle runs besides its checks: before them, what brings articles in (feeds, mentions); after
 * them, what follows from their results (answers to requests whose article has just been read).
 */
export interface CycleSource {
  name: string;
  run(signal: AbortSignal): Promise<void>;
}
