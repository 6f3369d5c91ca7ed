import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

// The transport over its SDK double, in this process: runs wherever the emulator does not.
describeAnomalyMatrix({ transport: 'asb-double' });
