import { BROKER_SLICE } from './broker-slice.js';
import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

describeAnomalyMatrix({ transport: 'rabbitmq', anomalies: BROKER_SLICE });
