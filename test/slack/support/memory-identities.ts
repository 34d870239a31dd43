// The identity cache in memory, for tests of SlackIdentities and the chat port without a
// database: the port itself is proven on SQL by test/store/identities.test.ts.
import type { IdentityStore, PlatformIdentity } from '../../../src/ports/identities.ts';

export class MemoryIdentities implements IdentityStore {
  readonly rows: PlatformIdentity[] = [];

  async find(platform: PlatformIdentity['platform'], id: string) {
    return this.rows.find((r) => r.platform === platform && r.platformUserId === id);
  }

  async remember(identity: PlatformIdentity) {
    const at = this.rows.findIndex((r) => r.platform === identity.platform && r.platformUserId === identity.platformUserId);
    if (at >= 0) this.rows.splice(at, 1);
    // newest first, as idsOf promises
    this.rows.unshift(identity);
  }

  async idsOf(platform: PlatformIdentity['platform'], email: string) {
    return this.rows.filter((r) => r.platform === platform && r.email === email).map((r) => r.platformUserId);
  }
}
