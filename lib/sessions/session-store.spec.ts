import { describeSessionStoreContract } from '../../test/support/contracts/session-store-contract.js';
import { MemorySessionStore } from './memory-session-store.js';

describeSessionStoreContract('MemorySessionStore', () => new MemorySessionStore());
