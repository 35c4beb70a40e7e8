import {
  describeMfaFactorStoreContract,
  describeMfaStateStoreContract,
} from '../../test/support/contracts/mfa-stores-contract.js';
import { MemoryMfaFactorStore } from './memory-mfa-factor-store.js';
import { MemoryMfaStateStore } from './memory-mfa-state-store.js';

describeMfaStateStoreContract('MemoryMfaStateStore', () => new MemoryMfaStateStore());
describeMfaFactorStoreContract('MemoryMfaFactorStore', () => new MemoryMfaFactorStore());
