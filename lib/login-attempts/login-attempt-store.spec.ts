import { describeLoginAttemptStoreContract } from '../../test/support/contracts/login-attempt-store-contract.js';
import { MemoryLoginAttemptStore } from './memory-login-attempt-store.js';

describeLoginAttemptStoreContract('MemoryLoginAttemptStore', () => new MemoryLoginAttemptStore());
