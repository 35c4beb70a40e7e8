import { type Denylist } from '../../../lib/denylist/denylist.interface.js';

/** What every Denylist does: run by the spec of each implementation. */
export function describeDenylistContract(name: string, makeDenylist: () => Denylist): void {
  describe(name, () => {
    let denylist: Denylist;

    beforeEach(() => {
      denylist = makeDenylist();
    });

    it('has what was added, and nothing else', async () => {
      await denylist.add('ann', 'sid:1', 60);
      expect(await denylist.has('ann', ['sid:1'])).toBe(true);
      expect(await denylist.has('ann', ['sid:2'])).toBe(false);
    });

    it('keeps subjects apart: the same id of another subject is not revoked', async () => {
      await denylist.add('bob', 'sid:shared', 60);
      expect(await denylist.has('carol', ['sid:shared'])).toBe(false);
      expect(await denylist.has('bob', ['sid:shared'])).toBe(true);
    });

    it('answers true when any of several ids is blocked', async () => {
      await denylist.add('dan', 'jti:b', 60);
      expect(await denylist.has('dan', ['sid:a', 'jti:b'])).toBe(true);
      expect(await denylist.has('dan', ['sid:a', 'jti:c'])).toBe(false);
    });

    it('forgets an entry after its ttl', async () => {
      await denylist.add('eve', 'sid:short', 1);
      expect(await denylist.has('eve', ['sid:short'])).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await denylist.has('eve', ['sid:short'])).toBe(false);
    });
  });
}
