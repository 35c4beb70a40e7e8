import { describeApiKeyStoreContract } from '../../test/support/contracts/api-key-store-contract.js';
import { MemoryApiKeyStore } from './memory-api-key-store.js';

describeApiKeyStoreContract('MemoryApiKeyStore', () => new MemoryApiKeyStore());
