import { AtpAgent } from '@atproto/api';
import { TestNetwork, TestNetworkNoAppView } from '@atproto/dev-env';
import { inject } from 'vitest';

export interface BlueskyAccount {
  handle: string;
  did: string;
  /** The account's own password (for test-side agents). */
  password: string;
  /** An app password, as an operator would create one for the bot. */
  appPassword: string;
  agent: AtpAgent;
}

/**
 * A real local AT Protocol network from Bluesky's own test harness: PLC and PDS in-process
 * (TestNetworkNoAppView), or with the AppView (TestNetwork, which needs PostgreSQL and Redis: the
 * global setup in appview-services.ts starts both, or takes DB_POSTGRES_URL and REDIS_HOST).
 */
export class LocalBluesky {
  private constructor(readonly network: TestNetworkNoAppView | TestNetwork) {}

  static async pdsOnly(): Promise<LocalBluesky> {
    return new LocalBluesky(await TestNetworkNoAppView.create({}));
  }

  /** With the AppView; `schema`: letters and _ only (a PostgreSQL schema per test file). */
  static async withAppView(schema: string): Promise<LocalBluesky> {
    const services = inject('appViewServices');
    if (!services) throw new Error(`the AppView needs PostgreSQL and Redis: ${inject('appViewServicesWhyNot')}`);
    process.env.REDIS_HOST = services.redisHost; // dev-env reads it from the environment
    return new LocalBluesky(
      await TestNetwork.create({ dbPostgresUrl: services.postgresUrl, dbPostgresSchema: schema }),
    );
  }

  /**
   * Null when the AppView's services can be had; else why not. CI must have them, so there a missing
   * service fails the tests instead of skipping them.
   */
  static appViewMissing(): string | null {
    if (inject('appViewServices')) return null;
    const why = inject('appViewServicesWhyNot');
    if (process.env.CI) throw new Error(`CI must run the AppView tests, but ${why}`);
    return why;
  }

  get pdsUrl(): string {
    return this.network.pds.url;
  }

  get appViewUrl(): string {
    if (!(this.network instanceof TestNetwork)) throw new Error('this network has no AppView');
    return this.network.bsky.url;
  }

  /** Creates an account (handles end in .test here) with an app password. */
  async createAccount(name: string): Promise<BlueskyAccount> {
    const agent = new AtpAgent({ service: this.pdsUrl });
    const handle = `${name}.test`;
    const password = `${name}-main-password`;
    await agent.createAccount({ handle, email: `${name}@example.test`, password });
    const app = await agent.com.atproto.server.createAppPassword({ name: 'editwatch' });
    return { handle, did: agent.session!.did, password, appPassword: app.data.password, agent };
  }

  /**
   * Points the account's DID document at another address for its PDS (a proxy in front of it), as
   * clients find the PDS there after logging in.
   */
  async setPdsEndpoint(did: string, endpoint: string): Promise<void> {
    const ctx = this.network.pds.ctx;
    await ctx.plcClient.updatePds(did, ctx.plcRotationKey, endpoint);
    await ctx.idResolver.did.resolve(did, true);
  }

  /** Lets the AppView index everything written so far. */
  async processAll(): Promise<void> {
    await this.network.processAll();
  }

  /** Headers for calling the AppView as `did` (the AppView trusts the PDS's service auth). */
  async appViewHeaders(did: string, nsid: string): Promise<Record<string, string>> {
    if (!(this.network instanceof TestNetwork)) throw new Error('this network has no AppView');
    return this.network.serviceHeaders(did, nsid);
  }

  close(): Promise<void> {
    return this.network.close();
  }
}
