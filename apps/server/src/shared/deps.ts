import type { Database } from '@parley/db';
import type { Config } from '../config.ts';
import type { Effects } from './effects.ts';
import type { TokenService } from '../modules/auth/tokens.ts';

/** Shared infrastructure every module plugin receives; nothing module-specific goes here. */
export interface AppDeps {
  config: Config;
  db: Database;
  tokens: TokenService;
  /** Throws when the database cannot answer. */
  pingDatabase: () => Promise<void>;
  /** Announces what a domain operation changed (see Effects); never throws. */
  publish: (effects: Effects) => Promise<void>;
  /** This process's name among the nodes. */
  nodeId: string;
  /** True once the node is shutting down: readiness fails so the proxy sends traffic elsewhere. */
  draining: () => boolean;
}
