import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

// The whole catalogue (about 40 s: consumer groups rejoin on every profile switch).
describeAnomalyMatrix({ transport: 'kafka' });
