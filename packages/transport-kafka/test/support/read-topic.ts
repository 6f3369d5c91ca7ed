import { Kafka, logLevel } from 'kafkajs';
import { envelopeOf } from '../../src/record-envelope.js';

/** Every record of a topic, read with a plain kafkajs consumer up to the high watermark: what is really on the log. */
export async function readTopic(
  brokers: string,
  topic: string,
): Promise<{ offset: string; id: string | undefined }[]> {
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'pm-tests-reader',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const expected = offsets.reduce((sum, { low, high }) => sum + Number(high) - Number(low), 0);
  const consumer = kafka.consumer({ groupId: `pm-tests-reader-${topic}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const records: { offset: string; id: string | undefined }[] = [];
  await new Promise<void>((resolve) => {
    if (expected === 0) resolve();
    void consumer.run({
      eachMessage: async ({ message }) => {
        records.push({ offset: message.offset, id: envelopeOf(message.headers?.pm?.toString())?.id });
        if (records.length >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  return records;
}
