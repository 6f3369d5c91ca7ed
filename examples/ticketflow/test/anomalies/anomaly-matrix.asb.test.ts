import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

// Over the transport's SDK double (no Service Bus runs here), in this process: cheap enough for the whole catalogue.
describeAnomalyMatrix({ transport: 'asb' });
