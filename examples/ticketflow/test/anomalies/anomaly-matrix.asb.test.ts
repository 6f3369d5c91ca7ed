import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

// The real @azure/service-bus SDK on the wire, against our Service Bus emulator.
describeAnomalyMatrix({ transport: 'asb' });
