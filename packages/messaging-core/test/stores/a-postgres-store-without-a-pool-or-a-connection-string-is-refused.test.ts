import { expect, it } from 'vitest';
import { ConfigurationError, createPostgresStore } from '../../src/index.js';

it('createPostgresStore rejects with a ConfigurationError that says what it needs', async () => {
  const made = createPostgresStore({});

  await expect(made).rejects.toBeInstanceOf(ConfigurationError);
  await expect(made).rejects.toThrow('createPostgresStore needs a pool or a connectionString');
});
