import { describe, expect, it } from 'vitest';
import { ANOMALY_TYPES } from '../../src/runtime/anomaly-catalog.js';
import { SCENARIOS } from './anomaly-scenarios.js';
import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

describe('the anomaly matrix', () => {
  it('has a scenario for every anomaly type of the catalogue', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(Object.keys(ANOMALY_TYPES).sort());
  });
});

// The whole catalogue under both profiles, as on every other transport.
describeAnomalyMatrix({ transport: 'memory' });
