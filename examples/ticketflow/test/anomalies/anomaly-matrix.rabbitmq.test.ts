import { describeAnomalyMatrix } from './describe-anomaly-matrix.js';

// RabbitMQ is quick enough for the whole catalogue (about 20 s).
describeAnomalyMatrix({ transport: 'rabbitmq' });
